package io.agreementgate.runtime.http;

import com.sun.net.httpserver.HttpExchange;
import io.agreementgate.runtime.gate.GateHealth;
import io.agreementgate.runtime.gate.StartupException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.http.spi.JettyHttpServer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate's HTTP endpoint: {@code /health}, {@code /metrics}, {@code /customers/{customerId}/agreements}, {@code
 * /customers/{customerId}/waiting} and {@code /waiting}.
 *
 * <p>Served by Jetty through its implementation of the JDK's {@code com.sun.net.httpserver} API (the handlers are
 * written against that API). Jetty reads requests on its selector without a thread per connection, so slow or
 * half-sent requests hold a connection, not a handler thread: {@code /health} is answered while any number of them
 * wait, until the idle timeout closes them. The JDK's own server reads each request on a handler thread; 32 half-sent
 * requests used to hold every one.
 *
 * <p>It is bound before Kafka Streams is created, because the bound port (0 picks a free one) is part of {@code
 * application.server}, which Kafka Streams needs at construction for interactive queries.
 */
public final class GateHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GateHttpServer.class);
    public static final List<String> PATHS = List.of(
            "/health", "/metrics", "/customers/{customerId}/agreements", "/customers/{customerId}/waiting", "/waiting");

    /**
     * What the endpoint shows.
     *
     * @param self this instance's {@code application.server}, to tell local keys from remote ones
     */
    public record Endpoints(
            Supplier<KafkaStreams> streams,
            Supplier<GateHealth.Verdict> health,
            HostInfo self,
            PrometheusMeterRegistry meters,
            Access access) {}

    /**
     * Who may read customer data and how much of it.
     *
     * @param token the bearer token the customer routes ({@code /customers/...}, {@code /waiting}) require, or null
     *     for none (loopback only); {@code /health} and {@code /metrics} stay open for probes and scrapers
     * @param showContacts show the accepting person's contact details instead of masking them
     */
    public record Access(String token, boolean showContacts) {
        /** Keeps the token out of logs. */
        @Override
        public String toString() {
            return "Access[token=" + (token == null ? "none" : "***") + ", showContacts=" + showContacts + "]";
        }
    }

    /**
     * Handler threads: requests are answered from memory or local stores in milliseconds, and a slow client holds
     * none while its request is read; bounded so that a flood cannot exhaust the process.
     */
    static final int MAX_THREADS = 16;
    /** A connection silent for this long is closed: a half-open or stalled client does not hold it for ever. */
    static final int IDLE_TIMEOUT_MS = 30_000;

    private static final int WARM_UP_TIMEOUT_MS = 10_000;

    private final Server jetty;
    private final JettyHttpServer server;
    private final ServerConnector connector;
    private final InetAddress address;
    private boolean closed;

    private GateHttpServer(Server jetty, JettyHttpServer server, ServerConnector connector, InetAddress address) {
        this.jetty = jetty;
        this.server = server;
        this.connector = connector;
        this.address = address;
    }

    /** Binds {@code host:port} (port 0: a free one) without serving yet: connections wait in the backlog. */
    public static GateHttpServer bind(String host, int port) {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 2);
        threads.setName("gate-http");
        threads.setDaemon(true);
        Server jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        // A customer id may hold any character, percent-encoded ("%2F" too): the router splits the raw path itself.
        http.setUriCompliance(UriCompliance.LEGACY);
        // One acceptor and one selector: a handful of clients (probes, scrapers, operators) on a 2-core machine.
        ServerConnector connector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
        connector.setIdleTimeout(IDLE_TIMEOUT_MS);
        connector.setAcceptQueueSize(64);
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
            connector.setHost(address.getHostAddress());
            connector.setPort(port);
            connector.open();
        } catch (IOException e) {
            throw new StartupException(
                    "cannot listen for HTTP on " + host + ":" + port + " (gate.http.host, " + "gate.http.port): "
                            + e.getMessage(),
                    e);
        }
        jetty.addConnector(connector);
        jetty.setHandler(new ContextHandlerCollection());
        // Shared: the server is Jetty's, started and stopped here; the API object finds the connector bound above.
        JettyHttpServer server = new JettyHttpServer(jetty, true);
        try {
            server.bind(new InetSocketAddress(address, connector.getLocalPort()), 64);
        } catch (IOException e) {
            connector.close();
            throw new StartupException("cannot serve HTTP on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        return new GateHttpServer(jetty, server, connector, address);
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** The address actually bound, e.g. {@code http://0.0.0.0:8080} when bound to every interface. */
    public String boundUrl() {
        String host = address.isAnyLocalAddress() ? "0.0.0.0" : address.getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    /** The address a local client uses: loopback when bound to every interface. */
    public String url() {
        String host = address.isAnyLocalAddress() ? "127.0.0.1" : address.getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    public boolean boundToAnyAddress() {
        return address.isAnyLocalAddress();
    }

    public void start(Endpoints endpoints) {
        HealthHandler health = new HealthHandler(endpoints.streams(), endpoints.health(), endpoints.self());
        StoreQueries stores = new StoreQueries(
                endpoints.streams(), endpoints.self(), endpoints.access().showContacts());
        BearerToken token = new BearerToken(endpoints.access().token());
        server.createContext("/", exchange -> {
            try {
                route(exchange, health, stores, endpoints.meters(), token);
            } catch (RuntimeException e) {
                // The path may hold a customer id: log the route's shape, not the path.
                LOG.warn("HTTP {} failed", exchange.getRequestMethod(), e);
                Responses.json(exchange, 500, Responses.error(e.toString()));
            } finally {
                exchange.close();
            }
        });
        try {
            jetty.start();
        } catch (Exception e) {
            throw new StartupException("cannot serve HTTP on " + boundUrl() + ": " + e.getMessage(), e);
        }
        warmUp();
    }

    /**
     * Sends one request through the whole path before anyone else does: the first request loads Jetty's request
     * classes and Jackson's, seconds on a loaded machine, and a probe with a 1 s timeout must not pay for it.
     */
    private void warmUp() {
        InetAddress target = address.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : address;
        try (Socket socket = new Socket(target, port())) {
            socket.setSoTimeout(WARM_UP_TIMEOUT_MS);
            socket.getOutputStream()
                    .write("HEAD /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            socket.getInputStream().readAllBytes();
        } catch (IOException e) {
            // Bound to an address loopback cannot reach, or slow: the first real request pays, nothing else.
            LOG.debug("HTTP warm-up failed: {}", e.toString());
        }
    }

    private static void route(
            HttpExchange exchange,
            HealthHandler health,
            StoreQueries stores,
            PrometheusMeterRegistry meters,
            BearerToken token)
            throws IOException {
        String method = exchange.getRequestMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            Responses.json(exchange, 405, Responses.error("only GET and HEAD"));
            return;
        }
        String rawPath;
        try {
            rawPath = exchange.getRequestURI().getRawPath();
        } catch (IllegalArgumentException e) {
            // A malformed escape Java's URI refuses: a bad request, as the JDK's server answered it.
            Responses.json(exchange, 400, Responses.error("malformed percent-encoding in the request URI"));
            return;
        }
        List<String> path = segments(rawPath);
        if (path.equals(List.of("health"))) {
            health.handle(exchange);
        } else if (path.equals(List.of("metrics"))) {
            Responses.send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", meters.scrape());
        } else if (!token.admits(exchange)) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"agreement-gate\"");
            Responses.json(
                    exchange, 401, Responses.error("customer data needs Authorization: Bearer <gate.http.token>"));
        } else if (path.equals(List.of("waiting"))) {
            stores.allWaiting(exchange);
        } else if (path.size() == 3
                && path.get(0).equals("customers")
                && path.get(2).equals("agreements")) {
            stores.agreements(exchange, path.get(1));
        } else if (path.size() == 3
                && path.get(0).equals("customers")
                && path.get(2).equals("waiting")) {
            stores.waiting(exchange, path.get(1));
        } else {
            Responses.json(exchange, 404, Responses.error("no such path; try " + PATHS));
        }
    }

    /** Decoded path segments: a customer id may contain anything, percent-encoded (a '+' stays a '+'). */
    private static List<String> segments(String rawPath) {
        return Arrays.stream(rawPath.split("/"))
                .filter(s -> !s.isEmpty())
                .map(s -> URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8))
                .toList();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("Stopping the HTTP endpoint failed: {}", e.toString());
        } finally {
            // Bound but never started: the socket is still open.
            connector.close();
        }
    }
}
