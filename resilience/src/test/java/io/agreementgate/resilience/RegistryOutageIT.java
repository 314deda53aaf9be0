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

/** The schema registry goes away under a running gate: schemas it already knows keep it deciding. */
class RegistryOutageIT {
    @TempDir
    Path root;

    @Test
    @SuppressWarnings("try") // the gate resource is the process under test: it runs for the whole block
    void shouldKeepDecidingWithCachedSchemasWhileTheRegistryIsDown() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(root.resolve("kafka"))) {
            String bootstrap = broker.bootstrapServers();
            Fixture.createTopics(bootstrap);
            EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(root.resolve("registry"));
            var options = Fixture.options(bootstrap, registry.url(), root.resolve("gate"));
            try (GateJvm gate = GateJvm.start(
                                    root.resolve("gate.log"),
                                    options,
                                    Fixture.settings("registry-outage", Duration.ofSeconds(3)))
                            .awaitHealthy(Duration.ofSeconds(90));
                    LoadGenerator records = Fixture.load(bootstrap, registry.url());
                    DecisionReader ledger = Fixture.decisions(bootstrap, registry.url())) {
                records.send(LoadGenerator.attestation("cust-1"));
                records.send(LoadGenerator.order("before-outage", "cust-1", 1));
                ledger.awaitAll(1, Duration.ofSeconds(60));

                registry.close();
                for (int i = 0; i < 20; i++) {
                    records.send(LoadGenerator.order("during-outage-" + i, "cust-1", i));
                }
                ledger.awaitAll(21, Duration.ofSeconds(60));

                System.out.println("registry outage test: " + ledger.summary(21));
                assertThat(ledger.approvals())
                        .hasSize(21)
                        .allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
            } finally {
                registry.close();
            }
        }
    }
}
