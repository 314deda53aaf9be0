package io.agreementgate.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.runtime.gate.GateHealth;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The endpoint itself, without Kafka Streams: access to customer data, and probes answered under slow clients. */
class GateHttpServerTest {
    private static final String TOKEN = "t0ken-for-tests";
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final List<Socket> held = new ArrayList<>();
    private GateHttpServer server;

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : held) {
            socket.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldAnswerHealthWithinOneSecondWhileSixteenSlowConnectionsAreHeld() throws Exception {
        server = start(null);
        get("/health", null); // warm up client and server: the figure is about waiting for threads, not class loading
        for (int i = 0; i < 16; i++) {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 1000);
            held.add(socket);
            OutputStream out = socket.getOutputStream();
            if (i % 2 == 0) {
                // Half a request: the server reads it on a handler thread and waits for the rest.
                out.write("GET /health HTTP/1.1\r\nHost: gate\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            } else {
                out.write("GET /hea".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
        }
        Thread.sleep(200); // let the server take them all up

        long start = System.nanoTime();
        HttpResponse<String> health = get("/health", null);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(took).isLessThan(Duration.ofSeconds(1));
        System.out.println("health answered in " + took.toMillis() + " ms with 16 slow connections held");
    }

    @Test
    void shouldRequireTheTokenForCustomerDataButNotForProbes() throws Exception {
        server = start(TOKEN);

        assertThat(get("/customers/c-1/agreements", null).statusCode()).isEqualTo(401);
        assertThat(get("/waiting", "wrong").statusCode()).isEqualTo(401);
        // Admitted: no Kafka Streams here, so the store is unavailable rather than refused.
        assertThat(get("/waiting", TOKEN).statusCode()).isEqualTo(503);
        assertThat(get("/health", null).statusCode()).isEqualTo(200);
        assertThat(get("/metrics", null).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldPrintTheAddressActuallyBound() {
        server = GateHttpServer.bind("0.0.0.0", 0);
        assertThat(server.boundUrl()).isEqualTo("http://0.0.0.0:" + server.port());
        assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.port());
    }

    private static GateHttpServer start(String token) {
        GateHttpServer server = GateHttpServer.bind("127.0.0.1", 0);
        server.start(new GateHttpServer.Endpoints(
                () -> null,
                () -> new GateHealth.Verdict(true, KafkaStreams.State.RUNNING, "processing"),
                new HostInfo("127.0.0.1", server.port()),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                new GateHttpServer.Access(token, false)));
        return server;
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path))
                .timeout(Duration.ofSeconds(5))
                .GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
