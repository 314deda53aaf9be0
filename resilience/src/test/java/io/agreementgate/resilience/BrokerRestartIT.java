package io.agreementgate.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.embedded.EmbeddedKafkaBroker;
import io.agreementgate.embedded.EmbeddedSchemaRegistry;
import io.agreementgate.testkit.DecisionReader;
import io.agreementgate.testkit.LoadGenerator;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker restarts under a running gate: the gate reconnects and every order is still decided exactly once. */
class BrokerRestartIT {
    @TempDir
    Path root;

    @Test
    @SuppressWarnings("try") // the gate resource is the process under test: it runs for the whole block
    void shouldDecideEveryOrderOnceAcrossABrokerRestart() throws Exception {
        int orders = 800;
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(root.resolve("kafka"));
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(root.resolve("registry"))) {
            String bootstrap = broker.bootstrapServers();
            Fixture.createTopics(bootstrap);
            var options = Fixture.options(bootstrap, registry.url(), root.resolve("gate"));
            try (GateJvm gate = GateJvm.start(
                                    root.resolve("gate.log"),
                                    options,
                                    Fixture.settings("broker-restart-gate", Duration.ofSeconds(3)))
                            .awaitHealthy(Duration.ofSeconds(90));
                    LoadGenerator traffic = Fixture.load(bootstrap, registry.url())) {
                traffic.start(orders, 100);
                Thread.sleep(3_000);
                broker.close();
                System.out.printf("broker restart: broker stopped after %d orders sent%n", traffic.sent());
                Thread.sleep(3_000);
                broker = EmbeddedKafkaBroker.start(root.resolve("kafka"));
                assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
                traffic.awaitDone();

                try (DecisionReader ledger = Fixture.decisions(bootstrap, registry.url())) {
                    ledger.awaitAll(orders, Duration.ofMinutes(3));
                    System.out.println("broker restart test: " + ledger.summary(orders));
                    assertThat(ledger.decidedMoreThanOnce()).isEmpty();
                    assertThat(ledger.decidedOrders()).isEqualTo(orders);
                }
            }
        } finally {
            broker.close();
        }
    }
}
