package io.agreementgate.serde;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * A stand-in for Confluent Schema Registry on loopback that answers with canned responses, keyed by method and raw
 * path, and records every request it gets. Unknown routes get Confluent's 404 body.
 */
final class FakeSchemaRegistry implements AutoCloseable {

    record Request(
            String method, String rawPath, String contentType, String accept, String authorization, String body) {}

    record Response(int status, String body) {}

    private final HttpServer server;
    private final Map<String, Response> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    /** While set, every request is recorded and then held unanswered until {@link #release()}. */
    private volatile CountDownLatch held;

    FakeSchemaRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        // A thread per request: a held request must not keep the others from being recorded.
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fake-registry");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    FakeSchemaRegistry answer(String method, String rawPath, int status, String body) {
        routes.put(method + " " + rawPath, new Response(status, body));
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** From now on, requests get no answer until {@link #release()} (a registry behind a hanging load balancer). */
    FakeSchemaRegistry hold() {
        held = new CountDownLatch(1);
        return this;
    }

    /** Answers the held requests and every later one. */
    void release() {
        CountDownLatch latch = held;
        held = null;
        if (latch != null) {
            latch.countDown();
        }
    }

    void stop() {
        release();
        server.stop(0);
    }

    @Override
    public void close() {
        stop();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String method = exchange.getRequestMethod();
        String rawPath = exchange.getRequestURI().getRawPath();
        requests.add(new Request(
                method,
                rawPath,
                exchange.getRequestHeaders().getFirst("Content-Type"),
                exchange.getRequestHeaders().getFirst("Accept"),
                exchange.getRequestHeaders().getFirst("Authorization"),
                body));
        CountDownLatch latch = held;
        if (latch != null) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        Response response = routes.getOrDefault(
                method + " " + rawPath, new Response(404, "{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}"));
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
