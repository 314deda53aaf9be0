package io.agreementgate.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.testkit.DecisionReader;
import io.agreementgate.testkit.LoadGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/**
 * Two gate processes with one application id share the partitions; when one dies the other takes its work over. With
 * the gate's defaults the survivor notices after the 10 s session and holds a standby copy of the dead one's state, so
 * it resumes without restoring that state from scratch.
 */
class ScaleOutIT extends OnEmbeddedCluster {
    private static final String APP = "scale-gate";

    @Test
    @SuppressWarnings("try") // a gate resource is a process under test: it runs for the whole block
    void shouldTakeOverTheWorkOfAKilledInstanceAndDecideEveryOrderOnce() throws Exception {
        int orders = 2_000;
        var settings = Fixture.defaults(APP, Duration.ofSeconds(3));
        try (GateJvm first = GateJvm.start(root.resolve("a.log"), Fixture.options(cluster, root.resolve("a")), settings)
                        .awaitHealthy(Duration.ofSeconds(90));
                GateJvm second = GateJvm.start(
                                root.resolve("b.log"), Fixture.options(cluster, root.resolve("b")), settings)
                        .awaitHealthy(Duration.ofSeconds(90));
                LoadGenerator traffic = Fixture.load(cluster.bootstrapServers(), cluster.schemaRegistryUrl());
                DecisionReader ledger = Fixture.decisions(cluster.bootstrapServers(), cluster.schemaRegistryUrl())) {
            assertThat(groupMembers())
                    .as("stream threads sharing the partitions")
                    .isEqualTo(2);

            traffic.start(orders, 100);
            Thread.sleep(5_000);
            Instant killed = Instant.now();
            second.kill();
            System.out.printf("scale-out: SIGKILL of one of two instances after %d orders sent%n", traffic.sent());
            traffic.awaitDone();
            ledger.awaitAll(orders, Duration.ofMinutes(3));

            System.out.println("scale-out test: " + ledger.summary(orders));
            System.out.println("scale-out test: takeover, longest stall between decisions "
                    + ledger.longestStall(killed, killed.plusMillis(1)) + " (target 15 s); produce requests retried "
                    + GateJvm.producerRetries(List.of(first, second)));
            assertThat(ledger.decidedMoreThanOnce()).isEmpty();
            assertThat(ledger.decidedOrders()).isEqualTo(orders);
            assertThat(ledger.longestStall().length()).isLessThan(Duration.ofSeconds(30));
        }
    }

    private static int groupMembers() throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int members = 0;
            while (System.nanoTime() < deadline) {
                var group = admin.describeConsumerGroups(java.util.List.of(APP))
                        .all()
                        .get()
                        .get(APP);
                members = group.members().size();
                if (members >= 2 && group.groupState().toString().equals("STABLE")) {
                    return members;
                }
                Thread.sleep(500);
            }
            return members;
        }
    }
}
