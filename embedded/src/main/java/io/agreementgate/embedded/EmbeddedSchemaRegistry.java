package io.agreementgate.embedded;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Properties;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.http.spi.JettyHttpServer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema registry speaking the subset of the Confluent Schema Registry REST API that Confluent's Avro serializers
 * use, on 127.0.0.1, served by Jetty through its implementation of the JDK's {@code com.sun.net.httpserver} API: Jetty
 * reads requests on its selector, so slow or half-sent requests hold a connection (until the idle timeout), not one of
 * the handler threads, and the registry keeps answering the gate.
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
    /** Handler threads: a request is answered from memory (a registration fsyncs the journal) in milliseconds. */
    private static final int HTTP_THREADS = 16;
    /** A connection silent for this long is closed: a half-open or stalled client does not hold it for ever. */
    static final int IDLE_TIMEOUT_MS = 30_000;

    private static final int WARM_UP_TIMEOUT_MS = 10_000;

    private final Server server;
    private final SchemaStore store;
    private final String url;
    private boolean closed;

    private EmbeddedSchemaRegistry(Server server, SchemaStore store, String url) {
        this.server = server;
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
        QueuedThreadPool threads = new QueuedThreadPool(HTTP_THREADS, 2);
        threads.setName("schema-registry-http");
        threads.setDaemon(true);
        Server jetty = new Server(threads);
        ServerConnector connector = connector(jetty, security);
        connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT_MS);
        connector.setAcceptQueueSize(64);
        try {
            connector.open();
        } catch (IOException e) {
            store.close();
            throw new IOException("Cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        jetty.addConnector(connector);
        jetty.setHandler(new ContextHandlerCollection());
        // Shared: Jetty's server is started and stopped here; the API object finds the connector bound above.
        JettyHttpServer server = new JettyHttpServer(jetty, true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), connector.getLocalPort()), 64);
        HttpContext context = server.createContext("/", RegistryHandlers.router(store));
        if (security.user() != null) {
            context.setAuthenticator(new BasicAuthenticator("schema-registry") {
                @Override
                public boolean checkCredentials(String user, String password) {
                    return security.user().equals(user) && security.password().equals(password);
                }
            });
        }
        try {
            jetty.start();
        } catch (Exception e) {
            connector.close();
            store.close();
            throw new IOException("Cannot serve on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        if (security.tls() == null) {
            warmUp(connector.getLocalPort());
        }
        String url = (security.tls() == null ? "http" : "https") + "://127.0.0.1:" + connector.getLocalPort();
        LOG.info("Embedded schema registry listening on {} (data in {})", url, dataDir);
        return new EmbeddedSchemaRegistry(jetty, store, url);
    }

    /**
     * Sends one request through the whole path before anyone else does: the first request loads Jetty's request
     * classes and Jackson's, seconds on a loaded machine, and a client with a short timeout must not pay for it.
     */
    private static void warmUp(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(WARM_UP_TIMEOUT_MS);
            socket.getOutputStream()
                    .write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            socket.getInputStream().readAllBytes();
        } catch (IOException e) {
            // Slow: the first real request pays, nothing else.
            LOG.debug("Schema registry warm-up failed: {}", e.toString());
        }
    }

    /**
     * Plain HTTP, or HTTPS with the given certificate. Subjects may hold any character, percent-encoded ({@code %2F}
     * included): the router splits the raw path itself, so Jetty must accept such paths as they are.
     */
    private static ServerConnector connector(Server jetty, Security security) {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setUriCompliance(UriCompliance.LEGACY);
        if (security.tls() == null) {
            return new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
        }
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setSslContext(EmbeddedTls.serverContext(security.tls()));
        // Clients reach it as 127.0.0.1 and send no SNI: nothing to check the certificate's names against.
        http.addCustomizer(new SecureRequestCustomizer(false));
        return new ServerConnector(
                jetty, 1, 1, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(http));
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
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Stopping the schema registry's HTTP server failed: {}", e.toString());
        }
        try {
            store.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close the schema journal", e);
        }
        LOG.info("Embedded schema registry on {} stopped", url);
    }
}
