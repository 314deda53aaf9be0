package io.agreementgate.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.testkit.DecisionReader;
import io.agreementgate.testkit.LoadGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A gate process killed with SIGKILL, again and again, while orders and attestations flow: after the restarts every
 * order has exactly one decision, and no approval is duplicated (exactly-once v2 with transactions).
 */
class CrashRecoveryIT extends OnEmbeddedCluster {
    /**
     * A supervisor (systemd, Kubernetes) restarts the killed process at once. With the gate's defaults (static
     * membership) the new process takes the dead one's place in the group without waiting for its session to expire.
     */
    @Test
    void shouldDecideEveryOrderExactlyOnceWhenTheGateIsKilledRepeatedly() throws Exception {
        var settings = Fixture.defaults("crash-gate", Duration.ofSeconds(3));
        var options = Fixture.options(cluster, root.resolve("gate"));
        Random random = new Random(42);
        List<Instant> kills = new ArrayList<>();
        List<String> startups = new ArrayList<>();
        GateJvm gate =
                GateJvm.start(root.resolve("gate-0.log"), options, settings).awaitHealthy(Duration.ofSeconds(90));
        List<GateJvm> incarnations = new ArrayList<>(List.of(gate));
        try (LoadGenerator traffic = Fixture.load(cluster.bootstrapServers(), cluster.schemaRegistryUrl());
                DecisionReader ledger = Fixture.decisions(cluster.bootstrapServers(), cluster.schemaRegistryUrl())) {
            traffic.start(Integer.MAX_VALUE, 100);
            for (int kill = 1; kill <= 3; kill++) {
                Thread.sleep(4_000 + random.nextInt(3_000));
                kills.add(Instant.now());
                gate.kill();
                System.out.printf("kill %d: SIGKILL after %d orders sent%n", kill, traffic.sent());
                long restarted = System.nanoTime();
                gate = GateJvm.start(root.resolve("gate-" + kill + ".log"), options, settings)
                        .awaitHealthy(Duration.ofSeconds(90));
                startups.add(String.format("%.1f s", (System.nanoTime() - restarted) / 1e9));
                incarnations.add(gate);
            }
            Thread.sleep(4_000);
            traffic.stop().awaitDone();
            int orders = traffic.sent();
            ledger.awaitAll(orders, Duration.ofMinutes(3));

            System.out.println("crash test: " + ledger.summary(orders));
            System.out.println("crash test: longest stall between decisions around each kill and restart: "
                    + kills.stream()
                            .map(k -> ledger.longestStall(k, k.plusMillis(1)).toString())
                            .collect(Collectors.joining(", "))
                    + " (target 10 s); from the restarted process's start to RUNNING: " + String.join(", ", startups));
            System.out.println(
                    "crash test: produce requests the gate retried " + GateJvm.producerRetries(incarnations));
            assertThat(ledger.decidedMoreThanOnce()).isEmpty();
            assertThat(ledger.decidedOrders()).isEqualTo(orders);
            assertThat(ledger.approvals().values()).allMatch(n -> n == 1);
            // The restarted process takes the dead one's place at once: from Kafka Streams' start to RUNNING takes
            // seconds, not the ~46 s of waiting for the dead member's session (the figure before static membership).
            // The JVM's own start comes on top: seconds on a quiet machine, tens of seconds on a saturated one.
            List<Duration> toRunning = new ArrayList<>();
            for (GateJvm restarted : incarnations.subList(1, incarnations.size())) {
                toRunning.add(restarted.timeToRunning());
            }
            System.out.println("crash test: from Kafka Streams' start to RUNNING in each restarted process: "
                    + toRunning.stream()
                            .map(d -> String.format("%.1f s", d.toMillis() / 1000.0))
                            .collect(Collectors.joining(", ")));
            assertThat(toRunning).allSatisfy(d -> assertThat(d).isLessThan(Duration.ofSeconds(20)));
            assertThat(ledger.longestStall().length()).isLessThan(Duration.ofSeconds(90));
        } finally {
            gate.close();
        }
    }

    @Test
    void shouldDecideAnOrderThatWasWaitingWhenTheGateStopped() throws Exception {
        var settings = Fixture.settings("restart-gate", Duration.ofMinutes(2));
        var options = Fixture.options(cluster, root.resolve("restart"));
        try (LoadGenerator records = Fixture.load(cluster.bootstrapServers(), cluster.schemaRegistryUrl());
                DecisionReader ledger = Fixture.decisions(cluster.bootstrapServers(), cluster.schemaRegistryUrl())) {
            GateJvm gate = GateJvm.start(root.resolve("restart-0.log"), options, settings)
                    .awaitHealthy(Duration.ofSeconds(90));
            records.send(LoadGenerator.order("waiting-order-1", "cust-waiting", 1));
            // Read and held: the gate lists it among the customer's waiting orders, and it is not decided.
            GateJvm beforeStop = gate;
            Awaitility.await("waiting-order-1 waiting")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() ->
                            beforeStop.get("/customers/cust-waiting/waiting").contains("waiting-order-1"));
            ledger.poll();
            assertThat(ledger.approvals()).doesNotContainKey("waiting-order-1");
            assertThat(ledger.rejections()).doesNotContainKey("waiting-order-1");

            // 143 = 128 + SIGTERM: the JVM ran the shutdown hook, which closed Kafka Streams and committed.
            assertThat(gate.terminate(Duration.ofSeconds(60)))
                    .as("exit code after SIGTERM")
                    .isIn(0, 143);
            gate = GateJvm.start(root.resolve("restart-1.log"), options, settings)
                    .awaitHealthy(Duration.ofSeconds(90));
            try {
                records.send(LoadGenerator.attestation("cust-waiting"));
                ledger.awaitOrder("waiting-order-1", Duration.ofSeconds(60));
                assertThat(ledger.approvals()).containsEntry("waiting-order-1", 1);
                assertThat(ledger.rejections()).doesNotContainKey("waiting-order-1");
            } finally {
                gate.close();
            }
        }
    }
}
