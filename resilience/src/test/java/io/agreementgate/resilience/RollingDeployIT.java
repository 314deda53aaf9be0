package io.agreementgate.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.testkit.DecisionReader;
import io.agreementgate.testkit.LoadGenerator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A rolling deploy: two instances with one application id, each stopped (SIGTERM) and started again, one at a time,
 * while orders stream in. The other instance carries the partitions meanwhile; nothing is lost or decided twice.
 */
class RollingDeployIT extends OnEmbeddedCluster {
    private static final String APP = "rolling-gate";

    @Test
    void shouldDecideEveryOrderOnceWhileTheInstancesAreRestartedOneAtATime() throws Exception {
        var settings = Fixture.defaults(APP, Duration.ofSeconds(3));
        List<Path> dataDirs = List.of(root.resolve("rolling-a"), root.resolve("rolling-b"));
        List<GateJvm> instances = new ArrayList<>();
        List<GateJvm> incarnations = new ArrayList<>();
        try (LoadGenerator traffic = Fixture.load(cluster.bootstrapServers(), cluster.schemaRegistryUrl());
                DecisionReader ledger = Fixture.decisions(cluster.bootstrapServers(), cluster.schemaRegistryUrl())) {
            for (Path dataDir : dataDirs) {
                instances.add(start(dataDir, 0, settings));
                incarnations.add(instances.get(instances.size() - 1));
            }
            traffic.start(Integer.MAX_VALUE, 100);
            Thread.sleep(5_000);
            for (int i = 0; i < instances.size(); i++) {
                int exit = instances.get(i).terminate(Duration.ofSeconds(60));
                System.out.printf(
                        "rolling deploy: instance %d stopped (exit %d) after %d orders sent%n",
                        i, exit, traffic.sent());
                assertThat(exit).as("exit code after SIGTERM").isIn(0, 143);
                instances.set(i, start(dataDirs.get(i), 1, settings));
                incarnations.add(instances.get(i));
                System.out.printf(
                        "rolling deploy: instance %d running again after %d orders sent%n", i, traffic.sent());
                Thread.sleep(3_000);
            }
            traffic.stop().awaitDone();
            int orders = traffic.sent();
            ledger.awaitAll(orders, Duration.ofMinutes(3));

            System.out.println("rolling deploy test: " + ledger.summary(orders));
            System.out.println("rolling deploy test: longest stall between decisions " + ledger.longestStall()
                    + "; produce requests retried " + GateJvm.producerRetries(incarnations));
            assertThat(ledger.decidedMoreThanOnce()).isEmpty();
            assertThat(ledger.decidedOrders()).isEqualTo(orders);
            assertThat(ledger.longestStall().length()).isLessThan(Duration.ofSeconds(30));
        } finally {
            instances.forEach(GateJvm::close);
        }
    }

    private static GateJvm start(Path dataDir, int generation, java.util.Map<String, String> settings)
            throws Exception {
        return GateJvm.start(
                        dataDir.resolveSibling(dataDir.getFileName() + "-" + generation + ".log"),
                        Fixture.options(cluster, dataDir),
                        settings)
                .awaitHealthy(Duration.ofSeconds(90));
    }
}
