package io.agreementgate.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.embedded.EmbeddedKafkaCluster;
import io.agreementgate.embedded.EmbeddedSchemaRegistry;
import io.agreementgate.testkit.DecisionReader;
import io.agreementgate.testkit.LoadGenerator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three Kafka nodes, each its own OS process, under a running gate and a steady stream of orders: the node leading
 * the input, output and changelog partitions is killed with SIGKILL and brought back, then the active controller. Every
 * order is decided exactly once; the longest time without decisions is printed.
 */
class BrokerFaultsIT {
    private static final String APP = "broker-faults-gate";
    private static final int BROKERS = 3;
    private static final Duration DOWN = Duration.ofSeconds(5);

    @TempDir
    Path root;

    @Test
    void shouldDecideEveryOrderOnceWhenTheLeadingBrokerAndThenTheActiveControllerAreKilled() throws Exception {
        Path kafkaDir = root.resolve("kafka");
        String bootstrap = EmbeddedKafkaCluster.prepare(kafkaDir, BROKERS).bootstrapServers();
        Map<Integer, KafkaNodeJvm> nodes = new TreeMap<>();
        GateJvm gate = null;
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(root.resolve("registry"))) {
            for (int id = 1; id <= BROKERS; id++) {
                nodes.put(id, KafkaNodeJvm.start(kafkaDir, BROKERS, id));
            }
            for (KafkaNodeJvm node : nodes.values()) {
                node.awaitReady(Duration.ofMinutes(2));
            }
            gate = GateJvm.start(
                            root.resolve("gate.log"),
                            Fixture.options(bootstrap, registry.url(), root.resolve("gate")),
                            Fixture.defaults(APP, Duration.ofSeconds(3)))
                    .awaitHealthy(Duration.ofMinutes(2));

            try (ClusterAdmin admin = new ClusterAdmin(bootstrap);
                    LoadGenerator traffic = Fixture.load(bootstrap, registry.url());
                    DecisionReader ledger = Fixture.decisions(bootstrap, registry.url())) {
                String input = Fixture.TOPICS.orders();
                String output = Fixture.TOPICS.approvedOrders();
                String changelog = APP + "-approved-order-ids-changelog";
                for (String topic : List.of(input, output, changelog)) {
                    assertThat(admin.describe(topic).partitions())
                            .as("%s replicated on every node", topic)
                            .allSatisfy(p -> assertThat(p.replicas()).hasSize(BROKERS));
                }
                int victim = admin.leaderOf(input, 0);
                for (String topic : List.of(output, changelog)) {
                    if (!admin.leadsAPartitionOf(victim, topic)) {
                        admin.makeLeader(victim, topic);
                    }
                }

                traffic.start(Integer.MAX_VALUE, 100);
                Thread.sleep(5_000);

                Instant leaderKilled = Instant.now();
                nodes.get(victim).kill();
                System.out.printf(
                        "broker faults: SIGKILL of node %d (leader of %s, %s and %s partitions) after %d orders%n",
                        victim, input, output, changelog, traffic.sent());
                Thread.sleep(DOWN.toMillis());
                nodes.put(victim, KafkaNodeJvm.start(kafkaDir, BROKERS, victim).awaitReady(Duration.ofMinutes(2)));
                admin.awaitFullyReplicated(Duration.ofMinutes(2));
                Instant leaderBack = Instant.now();
                Thread.sleep(2_000);

                int controller = admin.activeController();
                Instant controllerKilled = Instant.now();
                nodes.get(controller).kill();
                System.out.printf(
                        "broker faults: SIGKILL of node %d (active controller) after %d orders%n",
                        controller, traffic.sent());
                Thread.sleep(DOWN.toMillis());
                nodes.put(
                        controller,
                        KafkaNodeJvm.start(kafkaDir, BROKERS, controller).awaitReady(Duration.ofMinutes(2)));
                // The last fault: the orders' fate does not depend on the node catching up, so say it, do not fail.
                List<String> behind = admin.underReplicatedAfter(Duration.ofMinutes(2));
                Instant controllerBack = Instant.now();
                if (!behind.isEmpty()) {
                    System.out.printf(
                            "broker faults: node %d not back in every ISR after 2 min (%d partitions); its log ends:%n%s%n",
                            controller, behind.size(), nodes.get(controller).tail());
                }
                Thread.sleep(3_000);

                traffic.stop().awaitDone();
                int orders = traffic.sent();
                ledger.awaitAll(orders, Duration.ofMinutes(3));

                DecisionReader.Stall afterLeader = ledger.longestStall(leaderKilled, leaderBack);
                DecisionReader.Stall afterController = ledger.longestStall(controllerKilled, controllerBack);
                System.out.println("broker faults test: " + ledger.summary(orders));
                System.out.println("broker faults test: longest stall between decisions after the leader's kill "
                        + afterLeader + ", after the controller's kill " + afterController + " (target 15 s); produce "
                        + "requests the gate retried " + gate.producerRetries());
                assertThat(ledger.decidedMoreThanOnce()).isEmpty();
                assertThat(ledger.decidedOrders()).isEqualTo(orders);
                // Generous on a loaded machine; what it rules out is waiting for a session or transaction timeout
                // more than once, or a stuck partition.
                assertThat(ledger.longestStall().length()).isLessThan(Duration.ofSeconds(30));
            }
        } finally {
            if (gate != null) {
                gate.close();
            }
            for (KafkaNodeJvm node : nodes.values()) {
                node.close();
            }
        }
    }
}
