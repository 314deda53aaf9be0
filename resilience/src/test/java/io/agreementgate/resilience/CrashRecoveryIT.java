package io.agreementgate.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A gate process killed with SIGKILL, again and again, while orders and attestations flow: after the restarts every
 * order has exactly one decision, and no approval is duplicated (exactly-once v2 with transactions).
 */
class CrashRecoveryIT extends OnEmbeddedCluster {
    @Test
    void shouldDecideEveryOrderExactlyOnceWhenTheGateIsKilledRepeatedly() throws Exception {
        int orders = 1_500;
        var settings = Fixture.settings("crash-gate", Duration.ofSeconds(3));
        var options = Fixture.options(cluster, root.resolve("gate"));
        Random random = new Random(42);
        GateJvm gate =
                GateJvm.start(root.resolve("gate-0.log"), options, settings).awaitHealthy(Duration.ofSeconds(90));
        try (Traffic traffic = new Traffic(cluster.bootstrapServers(), cluster.schemaRegistryUrl(), Fixture.TOPICS);
                DecisionLedger ledger =
                        new DecisionLedger(cluster.bootstrapServers(), cluster.schemaRegistryUrl(), Fixture.TOPICS)) {
            traffic.start(orders, 100);
            for (int kill = 1; kill <= 3; kill++) {
                Thread.sleep(2_000 + random.nextInt(3_000));
                gate.kill();
                System.out.printf("kill %d: SIGKILL after %d orders sent%n", kill, traffic.sent());
                gate = GateJvm.start(root.resolve("gate-" + kill + ".log"), options, settings)
                        .awaitHealthy(Duration.ofSeconds(90));
            }
            traffic.awaitDone();
            Decisions.awaitAll(ledger, orders, Duration.ofMinutes(3));

            System.out.println("crash test: " + ledger.summary(orders));
            assertThat(ledger.decidedMoreThanOnce()).isEmpty();
            assertThat(ledger.decidedOrders()).isEqualTo(orders);
            assertThat(ledger.approvals.values()).allMatch(n -> n == 1);
        } finally {
            gate.close();
        }
    }

    @Test
    void shouldDecideAnOrderThatWasWaitingWhenTheGateStopped() throws Exception {
        var settings = Fixture.settings("restart-gate", Duration.ofMinutes(2));
        var options = Fixture.options(cluster, root.resolve("restart"));
        try (Traffic records = new Traffic(cluster.bootstrapServers(), cluster.schemaRegistryUrl(), Fixture.TOPICS);
                DecisionLedger ledger =
                        new DecisionLedger(cluster.bootstrapServers(), cluster.schemaRegistryUrl(), Fixture.TOPICS)) {
            GateJvm gate = GateJvm.start(root.resolve("restart-0.log"), options, settings)
                    .awaitHealthy(Duration.ofSeconds(90));
            records.send(Records.order("waiting-order-1", "cust-waiting", 1));
            Thread.sleep(3_000); // decided? no: it waits for the attestation
            ledger.poll();
            assertThat(ledger.approvals).doesNotContainKey("waiting-order-1");
            assertThat(ledger.rejections).doesNotContainKey("waiting-order-1");

            // 143 = 128 + SIGTERM: the JVM ran the shutdown hook, which closed Kafka Streams and committed.
            assertThat(gate.terminate(Duration.ofSeconds(60)))
                    .as("exit code after SIGTERM")
                    .isIn(0, 143);
            gate = GateJvm.start(root.resolve("restart-1.log"), options, settings)
                    .awaitHealthy(Duration.ofSeconds(90));
            try {
                records.send(Records.attestation("cust-waiting"));
                Decisions.awaitOrder(ledger, "waiting-order-1", Duration.ofSeconds(60));
                assertThat(ledger.approvals).containsEntry("waiting-order-1", 1);
                assertThat(ledger.rejections).doesNotContainKey("waiting-order-1");
            } finally {
                gate.close();
            }
        }
    }
}
