package io.agreementgate.runtime.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.agreementgate.runtime.GateHealth;
import io.agreementgate.runtime.StartupException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate's HTTP endpoint on the JDK's HTTP server: {@code /health}, {@code /metrics}, {@code
 * /customers/{customerId}/agreements}, {@code /customers/{customerId}/waiting} and {@code /waiting}.
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
     * Enough threads that probes are answered while slow or half-sent requests hold some (the JDK server reads a
     * request on the handler thread), bounded so that a flood cannot exhaust the process.
     */
    static final int THREADS = 32;

    private final HttpServer server;
    private final ExecutorService executor;
    private boolean closed;

    private GateHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds {@code host:port} (port 0: a free one) without serving yet. */
    public static GateHttpServer bind(String host, int port) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 32);
        } catch (IOException e) {
            throw new StartupException(
                    "cannot listen for HTTP on " + host + ":" + port + " (gate.http.host, " + "gate.http.port): "
                            + e.getMessage(),
                    e);
        }
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(
                THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "gate-http-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        server.setExecutor(executor);
        return new GateHttpServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The address actually bound, e.g. {@code http://0.0.0.0:8080} when bound to every interface. */
    public String boundUrl() {
        InetAddress address = server.getAddress().getAddress();
        String host = address.isAnyLocalAddress() ? "0.0.0.0" : address.getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    /** The address a local client uses: loopback when bound to every interface. */
    public String url() {
        InetAddress address = server.getAddress().getAddress();
        String host = address.isAnyLocalAddress() ? "127.0.0.1" : address.getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    public boolean boundToAnyAddress() {
        return server.getAddress().getAddress().isAnyLocalAddress();
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
        server.start();
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
        List<String> path = segments(exchange.getRequestURI().getRawPath());
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
        server.stop(0);
        executor.shutdownNow();
    }
}
