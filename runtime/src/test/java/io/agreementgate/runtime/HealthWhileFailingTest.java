package io.agreementgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.embedded.EmbeddedSchemaRegistry;
import io.agreementgate.runtime.config.GateSettings;
import io.agreementgate.runtime.gate.GateProcess;
import io.agreementgate.schema.Order;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gate whose stream thread died (its decisions cannot be written: auto-registration is off and the decision schemas
 * are not in the registry, so every decision fails its task and the thread is replaced) is not processing: /health
 * says so for the grace period, while Kafka Streams itself reports RUNNING. The cycle of deaths and replacements is in
 * GateHealthTest. (A registry outage no longer kills the thread: the record is parked, see RegistryOutageTest.)
 */
@ExtendWith(SharedCluster.class)
class HealthWhileFailingTest {
    @TempDir
    Path dir;

    @Test
    void shouldAnswer503AfterAStreamThreadDiedWhileKafkaStreamsSaysRunning() {
        EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(dir.resolve("registry"));
        Map<String, String> settings = TestSettings.gate("failing", dir.resolve("gate"), 1000);
        settings.put("bootstrap.servers", SharedCluster.get().bootstrapServers());
        settings.put("schema.registry.url", registry.url());
        settings.put("schema.registry.request.timeout.ms", "1000");
        settings.put("gate.schemas.auto-register", "false");
        try (GateProcess gate = GateProcess.start(
                        GateSettings.of(settings), new PrintStream(new ByteArrayOutputStream(), true));
                GateClient client = new GateClient(
                        SharedCluster.get().bootstrapServers(), registry.url(), TestSettings.topics("failing"))) {
            gate.runner().awaitRunning(Duration.ofSeconds(60));
            String health = gate.runner().httpUrl() + "/health";
            assertThat(Http.get(health).status()).isEqualTo(200);

            String customer = TestRecords.unique("cust");
            Order order = TestRecords.order(customer).build();
            client.order(order, customer);

            // The dying stream thread's exception is the point of this test: Awaitility must not fail on it.
            Awaitility.await()
                    .dontCatchUncaughtExceptions()
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> Http.get(health).status() == 503);
            assertThat(Http.get(health).json().path("reason").asText()).startsWith("a stream thread died");
            // Replaced (and failing again on the same record): down the whole time, never back to 200.
            long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (System.nanoTime() < until) {
                assertThat(Http.get(health).status()).isEqualTo(503);
                Awaitility.await()
                        .dontCatchUncaughtExceptions()
                        .pollDelay(Duration.ofMillis(500))
                        .until(() -> true);
            }
            assertThat(gate.runner().state().isRunningOrRebalancing()).isTrue();
        } finally {
            registry.close();
        }
        // A thread in the middle of being replaced may outlive close's timeout: let it end before the temporary
        // directories go, so that it cannot fail another test class.
        Awaitility.await()
                .dontCatchUncaughtExceptions()
                .atMost(Duration.ofSeconds(90))
                .until(() -> Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(t -> t.getName().startsWith("gate-failing-")));
    }
}
