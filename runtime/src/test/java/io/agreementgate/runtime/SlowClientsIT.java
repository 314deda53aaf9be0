package io.agreementgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.embedded.EmbeddedSchemaRegistry;
import io.agreementgate.runtime.config.GateSettings;
import io.agreementgate.runtime.gate.GateProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow or half-open clients cannot starve {@code /health}: with 64 connections holding half-sent requests (no token
 * needed), the gate's {@code /health} and the embedded registry's probe still answer within 1 s, the bound the issue
 * demands. Measured over many requests; the figures are printed.
 */
@ExtendWith(SharedCluster.class)
class SlowClientsIT {
    private static final int HELD = 64;
    private static final int PROBES = 30;
    private static final Duration BOUND = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    @Test
    void shouldAnswerHealthWithinASecondWhile64ClientsHoldHalfSentRequests() throws IOException {
        try (GateProcess gate = GateProcess.start(
                GateSettings.of(TestSettings.onSharedCluster("slow-clients", dir.resolve("gate"), 1000)),
                new PrintStream(new ByteArrayOutputStream(), true))) {
            gate.runner().awaitRunning(Duration.ofSeconds(90));
            String health = gate.runner().httpUrl() + "/health";
            assertWithinBoundWhileHeld("gate /health", health);
        }
    }

    @Test
    void shouldAnswerTheRegistryWithinASecondWhile64ClientsHoldHalfSentRequests() throws IOException {
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(dir.resolve("registry"))) {
            assertWithinBoundWhileHeld("registry /", registry.url() + "/");
        }
    }

    private static void assertWithinBoundWhileHeld(String what, String url) throws IOException {
        URI uri = URI.create(url);
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < HELD; i++) {
                Socket socket = new Socket(uri.getHost(), uri.getPort());
                OutputStream out = socket.getOutputStream();
                // A request line and part of a header, never finished: the JDK server held a thread for each.
                out.write(("GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nX-Slow: ")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                held.add(socket);
            }
            long[] millis = new long[PROBES];
            for (int i = 0; i < PROBES; i++) {
                long start = System.nanoTime();
                Http.Response response = Http.get(url);
                millis[i] = (System.nanoTime() - start) / 1_000_000;
                assertThat(response.status()).as("%s answer %d", what, i).isEqualTo(200);
            }
            long[] sorted = millis.clone();
            Arrays.sort(sorted);
            System.out.printf(
                    "%s with %d half-sent requests held: %d answers, median %d ms, max %d ms (bound %d ms)%n",
                    what, HELD, PROBES, sorted[PROBES / 2], sorted[PROBES - 1], BOUND.toMillis());
            assertThat(held).as("connections still held").allMatch(s -> !s.isClosed());
            assertThat(sorted[PROBES - 1]).as("%s slowest answer, ms", what).isLessThan(BOUND.toMillis());
        } finally {
            for (Socket socket : held) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // Not thrown: it would hide the verdict above; a socket that fails to close is the server's to end.
                    System.out.println("closing a held socket: " + e);
                }
            }
        }
    }
}
