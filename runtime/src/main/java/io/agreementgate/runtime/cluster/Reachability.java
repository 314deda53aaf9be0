package io.agreementgate.runtime.cluster;

import io.agreementgate.runtime.gate.StartupException;
import io.agreementgate.serde.Redaction;
import io.agreementgate.serde.SchemaRegistryClient;
import io.agreementgate.serde.SchemaRegistryException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Checks that the cluster and the registry answer before anything is started on them, so that a wrong address stops
 * start-up with one line naming it instead of clients retrying (and logging) forever.
 */
public final class Reachability {
    private static final Duration MAX_TCP_WAIT = Duration.ofSeconds(5);

    private Reachability() {}

    /**
     * Fails unless one bootstrap address accepts TCP connections and the cluster answers an admin request.
     *
     * @param adminProperties admin client settings, security included
     */
    public static void checkKafka(Map<String, Object> adminProperties, Duration timeout) {
        String bootstrap = String.valueOf(adminProperties.get("bootstrap.servers"));
        // TCP first: a refused port or unknown host fails fast with the reason, where the admin client would only
        // log warnings until its timeout.
        List<String> failures = new ArrayList<>();
        boolean anyOpen = false;
        for (String address : bootstrap.split(",", -1)) {
            String problem = tcpProblem(address.trim(), timeout);
            if (problem == null) {
                anyOpen = true;
                break;
            }
            failures.add(address.trim() + " " + problem);
        }
        if (!anyOpen) {
            throw new StartupException(
                    "cannot reach Kafka (bootstrap.servers " + bootstrap + "): " + String.join("; ", failures));
        }
        try (Admin admin = Admin.create(adminProperties)) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .clusterId()
                    .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new StartupException(
                    "Kafka at " + bootstrap + " does not answer: "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new StartupException("Kafka at " + bootstrap + " does not answer within " + timeout.toMillis()
                    + " ms (a TLS/SASL listener needs security.protocol and its settings)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while checking Kafka at " + bootstrap, e);
        }
    }

    /** Fails unless the registry answers {@code GET /subjects}. */
    public static void checkRegistry(SchemaRegistryClient client, String url) {
        try {
            client.subjects();
        } catch (SchemaRegistryException e) {
            throw new StartupException(
                    "cannot use the schema registry at " + Redaction.urls(url) + ": " + e.getMessage(), e);
        }
    }

    /** True when {@code host:port} accepts a TCP connection within {@code timeout}. */
    public static boolean isOpen(String address, Duration timeout) {
        return tcpProblem(address, timeout) == null;
    }

    /** Null when the address accepts a connection, else why not. */
    private static String tcpProblem(String address, Duration timeout) {
        String hostPort = address.contains("://") ? address.substring(address.indexOf("://") + 3) : address;
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            return "(not host:port)";
        }
        String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            return "(not host:port)";
        }
        int wait = (int) Math.min(timeout.toMillis(), MAX_TCP_WAIT.toMillis());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), wait);
            return null;
        } catch (UnknownHostException e) {
            return "(unknown host)";
        } catch (IOException e) {
            return "(" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")";
        }
    }
}
