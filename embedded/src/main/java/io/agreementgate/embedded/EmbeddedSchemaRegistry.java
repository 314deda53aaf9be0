package io.agreementgate.embedded;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema registry speaking the subset of the Confluent Schema Registry REST API that Confluent's Avro serializers
 * use, on 127.0.0.1, over the JDK's HTTP server.
 *
 * <p>Only AVRO schemas; compatibility is BACKWARD against the latest version of a subject. Registrations are journaled
 * in {@code schemas.jsonl} in the data directory (fsync'd before they are acknowledged) and replayed on start, so ids
 * and versions survive restarts. The port is chosen free on first start and kept in {@code port.properties}.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);

    static final String JOURNAL_FILE = "schemas.jsonl";
    static final String PORT_FILE = "port.properties";
    private static final String PORT_KEY = "port";
    private static final int HTTP_THREADS = 4;

    private final HttpServer server;
    private final ExecutorService executor;
    private final SchemaStore store;
    private final String url;
    private boolean closed;

    private EmbeddedSchemaRegistry(HttpServer server, ExecutorService executor, SchemaStore store, String url) {
        this.server = server;
        this.executor = executor;
        this.store = store;
        this.url = url;
    }

    /** Starts on {@code dataDir} with the stored port, or a free one on first start. */
    public static EmbeddedSchemaRegistry start(Path dataDir) {
        return start(dataDir, 0);
    }

    /** Starts on {@code dataDir}; a positive {@code port} is used (and stored) instead of the stored/free one. */
    public static EmbeddedSchemaRegistry start(Path dataDir, int port) {
        return start(dataDir, port, Security.NONE);
    }

    /**
     * How the registry is secured, as a distributor's Confluent registry often is.
     *
     * @param tls serve HTTPS with this server certificate, or null for plain HTTP
     * @param user with {@code password}: require HTTP basic authentication as this user, or null for none
     */
    public record Security(EmbeddedTls.Stores tls, String user, String password) {
        public static final Security NONE = new Security(null, null, null);

        public Security {
            if ((user == null) != (password == null)) {
                throw new IllegalArgumentException("basic authentication needs both user and password");
            }
        }

        /** Keeps the password out of logs. */
        @Override
        public String toString() {
            return "Security[tls=" + (tls != null) + ", user=" + user + "]";
        }
    }

    /** Starts on {@code dataDir}, secured as {@code security} says. */
    public static EmbeddedSchemaRegistry start(Path dataDir, int port, Security security) {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(security, "security");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 (automatic) or 1-65535: " + port);
        }
        try {
            return doStart(dataDir.toAbsolutePath(), port, security);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start embedded schema registry in " + dataDir, e);
        }
    }

    private static EmbeddedSchemaRegistry doStart(Path dataDir, int fixedPort, Security security) throws IOException {
        Files.createDirectories(dataDir);
        Path portFile = dataDir.resolve(PORT_FILE);
        Properties props = PortFile.load(portFile);
        int port = PortFile.resolve(props, PORT_KEY, fixedPort);
        props.setProperty(PORT_KEY, Integer.toString(port));
        PortFile.store(portFile, props, "Port of the embedded schema registry, reused on restart");

        SchemaStore store = SchemaStore.open(dataDir.resolve(JOURNAL_FILE));
        ExecutorService executor = Executors.newFixedThreadPool(HTTP_THREADS, new DaemonThreads());
        HttpServer server;
        try {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            if (security.tls() == null) {
                server = HttpServer.create(address, 64);
            } else {
                HttpsServer https = HttpsServer.create(address, 64);
                https.setHttpsConfigurator(new HttpsConfigurator(EmbeddedTls.serverContext(security.tls())));
                server = https;
            }
        } catch (IOException e) {
            executor.shutdownNow();
            store.close();
            throw new IOException("Cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        HttpContext context = server.createContext("/", RegistryHandlers.router(store));
        if (security.user() != null) {
            context.setAuthenticator(new BasicAuthenticator("schema-registry") {
                @Override
                public boolean checkCredentials(String user, String password) {
                    return security.user().equals(user) && security.password().equals(password);
                }
            });
        }
        server.setExecutor(executor);
        server.start();
        String url = (security.tls() == null ? "http" : "https") + "://127.0.0.1:"
                + server.getAddress().getPort();
        LOG.info("Embedded schema registry listening on {} (data in {})", url, dataDir);
        return new EmbeddedSchemaRegistry(server, executor, store, url);
    }

    /** {@code http://127.0.0.1:PORT} ({@code https} when secured), stable across restarts on the same data directory. */
    public String url() {
        return url;
    }

    /** Stops serving, waits for in-flight requests briefly, and closes the journal; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        try {
            store.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close the schema journal", e);
        }
        LOG.info("Embedded schema registry on {} stopped", url);
    }

    private static final class DaemonThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable runnable) {
            Thread thread = new Thread(runnable, "schema-registry-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
