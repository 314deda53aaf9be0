package io.agreementgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.runtime.cluster.PartitionMigration;
import io.agreementgate.runtime.config.GateSettings;
import io.agreementgate.runtime.gate.GateProcess;
import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.ApprovedOrder;
import io.agreementgate.schema.Order;
import io.agreementgate.schema.RejectedOrder;
import io.agreementgate.testkit.Samples;
import io.agreementgate.topology.config.Topics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator grows all five customer-keyed topics from 3 to 6 partitions under a running gate (as
 * {@code kafka-topics --alter --partitions 6} does): the gate stops within a minute with one line and decides nothing
 * on the new layout; {@code migrate-partitions} moves its state; the gate restarted under the new application id then
 * decides every customer that moved exactly as a gate that always had 6 partitions, fed the same records.
 */
@ExtendWith(SharedCluster.class)
class PartitionCountChangeTest {
    private static final Duration DECISION = Duration.ofSeconds(90);
    private static final Duration TO_RUN = Duration.ofMinutes(2);
    /** Long enough that no order's wait ends during the test: the waiting order must survive the migration. */
    private static final long WAIT_MS = 900_000;

    private static final String PREFIX = "grow";
    private static final String REFERENCE = "grow-ref";
    private static final String MIGRATED_ID = "gate-grow-p6";

    @TempDir
    Path dataDir;

    @TempDir
    Path referenceDir;

    private static String customer(IntPredicate partitionOfSix) {
        while (true) {
            String id = TestRecords.unique("cust");
            if (partitionOfSix.test(PartitionMigration.placement(id.getBytes(StandardCharsets.UTF_8), 6))) {
                return id;
            }
        }
    }

    private static Map<String, String> settings(String prefix, Path dir, int partitions) {
        Map<String, String> settings = TestSettings.onSharedCluster(prefix, dir, WAIT_MS);
        settings.put("gate.topics.partitions", Integer.toString(partitions));
        // The consumer sees new partitions within 2 s (default 5 min), so that Kafka Streams' own rebalance races the
        // gate's periodic check: the task guard must hold either way.
        settings.put("metadata.max.age.ms", "2000");
        return settings;
    }

    private static GateProcess start(Map<String, String> settings) {
        GateProcess gate =
                GateProcess.start(GateSettings.of(settings), new PrintStream(OutputStream.nullOutputStream(), true));
        gate.runner().awaitRunning(TO_RUN);
        return gate;
    }

    private static GateClient client(String prefix) {
        return new GateClient(
                SharedCluster.get().bootstrapServers(),
                SharedCluster.get().schemaRegistryUrl(),
                TestSettings.topics(prefix));
    }

    private static AgreementAttestation withdrawal(String customer) {
        return Samples.anAttestation()
                .id(TestRecords.unique("att"))
                .customer(customer)
                .withdrawn()
                .recordedAt(Instant.parse("2023-06-01T09:00:00Z"))
                .build();
    }

    /** Returns once every attestation sent before for this customer was applied (same partition, in order). */
    private static void applied(GateClient client, String customer) {
        AgreementAttestation invalid = Samples.anAttestation()
                .id(TestRecords.unique("sync"))
                .customer(customer)
                .contact(" ", "Lovelace", "ada@contoso.com")
                .build();
        client.attest(invalid, customer);
        client.awaitRejectedAttestation(invalid.getAttestationId(), DECISION);
    }

    /** Until the gate shows the order among its customer's waiting orders (its HTTP endpoint, from the store). */
    private static void awaitWaiting(String http, Order order) {
        Awaitility.await()
                .atMost(DECISION)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> Http.get(http + "/customers/" + order.getCustomerId() + "/waiting")
                        .body()
                        .contains(order.getOrderId()));
    }

    /**
     * An order its partner has no acceptance for waits; another partner's acceptance for the customer then decides it
     * at once: rejected, the other partner's acceptance not counting for this one.
     */
    private static void rejectedAfterWaiting(GateClient client, String http, Order order) {
        client.order(order, order.getCustomerId());
        awaitWaiting(http, order);
        client.attest(
                Samples.anAttestation()
                        .id(TestRecords.unique("att"))
                        .customer(order.getCustomerId())
                        .by(TestRecords.unique("other-partner"))
                        .build(),
                order.getCustomerId());
        client.awaitRejected(order.getOrderId(), DECISION);
    }

    /** Each order id's decisions on a gate's topics, as "approved" or "rejected [codes]", in order. */
    private static Map<String, List<String>> decisions(GateClient client, Topics topics) {
        Map<String, List<String>> decisions = new TreeMap<>();
        client.readAll(topics.approvedOrders(), ApprovedOrder.class)
                .forEach(a -> decisions
                        .computeIfAbsent(a.getOrder().getOrderId(), k -> new ArrayList<>())
                        .add("approved"));
        client.readAll(topics.rejectedOrders(), RejectedOrder.class)
                .forEach(r -> decisions
                        .computeIfAbsent(r.getOrder().getOrderId(), k -> new ArrayList<>())
                        .add("rejected "
                                + r.getReasons().stream()
                                        .map(reason -> reason.getCode().name())
                                        .collect(Collectors.toList())));
        return decisions;
    }

    /**
     * The same records to the gate under test and to the reference, side by side: each gate's waits (for a decision,
     * for an order to show as waiting) overlap the other's instead of adding up. Each side has its own client.
     */
    private static void bothAtOnce(Runnable gate, Runnable reference) {
        CompletableFuture<Void> onReference = CompletableFuture.runAsync(reference);
        try {
            gate.run();
        } finally {
            onReference.join();
        }
    }

    private record Cli(int exit, String out, String err) {}

    /** The command as an operator runs it, with the gate's settings as -D flags. */
    private static Cli cli(String command, Map<String, String> settings, String... more) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of(more));
        settings.forEach((k, v) -> args.addAll(List.of("-D", k + "=" + v)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = AgreementGateCli.execute(
                args.toArray(String[]::new),
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of());
        return new Cli(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldStopWhenTopicsGrowAndAfterMigrationDecideAsAGateThatAlwaysHadTheNewCount() throws Exception {
        String withdrawn = customer(p -> p >= 3);
        String waiting = customer(p -> p >= 3);
        String movedA = customer(p -> p >= 3);
        String movedB = customer(p -> p >= 3);
        String stayedA = customer(p -> p < 3);
        String stayedB = customer(p -> p < 3);
        List<String> approvedCustomers = List.of(withdrawn, movedA, movedB, stayedA, stayedB);
        Map<String, AgreementAttestation> acceptances = new TreeMap<>();
        Map<String, Order> approvedOrders = new TreeMap<>();
        approvedCustomers.forEach(c -> acceptances.put(c, TestRecords.mca(c)));
        approvedCustomers.forEach(
                c -> approvedOrders.put(c, TestRecords.order(c).build()));
        Order rejectedAfterWithdrawal = TestRecords.order(withdrawn).build();
        Order waitingOrder = TestRecords.order(waiting).build();
        Order inTheWindow = TestRecords.order(movedA).build();

        Map<String, String> gateSettings = settings(PREFIX, dataDir, 3);
        Topics topics = TestSettings.topics(PREFIX);
        Topics referenceTopics = TestSettings.topics(REFERENCE);
        try (GateProcess reference = start(settings(REFERENCE, referenceDir, 6));
                GateClient referenceClient = client(REFERENCE);
                Admin admin = Admin.create(Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        SharedCluster.get().bootstrapServers()))) {
            GateProcess gate = start(gateSettings);
            try (GateClient client = client(PREFIX)) {
                // Approvals, a withdrawal and a waiting order, on 3 partitions and on the reference's 6.
                BiConsumer<GateClient, String> history = (c, http) -> {
                    approvedCustomers.forEach(customer -> {
                        c.attest(acceptances.get(customer), customer);
                        c.order(approvedOrders.get(customer), customer);
                    });
                    approvedCustomers.forEach(customer ->
                            c.awaitApproved(approvedOrders.get(customer).getOrderId(), DECISION));
                    c.attest(withdrawal(withdrawn), withdrawn);
                    applied(c, withdrawn);
                    rejectedAfterWaiting(c, http, rejectedAfterWithdrawal);
                    c.order(waitingOrder, waiting);
                    awaitWaiting(http, waitingOrder);
                };
                bothAtOnce(
                        () -> history.accept(client, gate.runner().httpUrl()),
                        () -> history.accept(referenceClient, reference.runner().httpUrl()));
            }

            // The operator grows every customer-keyed topic to 6 while the gate runs.
            long altered = System.nanoTime();
            admin.createPartitions(topics.customerKeyed().stream()
                            .collect(Collectors.toMap(t -> t, t -> NewPartitions.increaseTo(6))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            Awaitility.await()
                    .atMost(DECISION)
                    .until(() -> admin.describeTopics(List.of(topics.orders()))
                                    .allTopicNames()
                                    .get(10, TimeUnit.SECONDS)
                                    .get(topics.orders())
                                    .partitions()
                                    .size()
                            == 6);
            try (GateClient fresh = client(PREFIX)) {
                // A producer that knows the 6 partitions puts this order on a new one (movedA's key maps to 3..5).
                fresh.order(inTheWindow, movedA);
            }
            referenceClient.order(inTheWindow, movedA);

            KafkaStreams.State end = gate.runner().stopped().get(60, TimeUnit.SECONDS);
            long stoppedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - altered);
            System.out.println("partition-count change: gate stopped " + stoppedMs + " ms after the alter");
            assertThat(end).isEqualTo(KafkaStreams.State.ERROR);
            String line = gate.runner().fatalError().orElseThrow();
            assertThat(line)
                    .doesNotContain("\n")
                    .contains("built for 3 partitions")
                    .contains("migrate-partitions");
            topics.customerKeyed().forEach(t -> assertThat(line).contains(t + " 3 -> 6"));
            gate.close();

            try (GateClient client = client(PREFIX)) {
                assertThat(decisions(client, topics))
                        .as("nothing decided on the new layout")
                        .doesNotContainKey(inTheWindow.getOrderId());
            }
            referenceClient.awaitApproved(inTheWindow.getOrderId(), DECISION);

            // Started again under the state's application id (a change between two runs): refused before deciding.
            Cli restart = CompletableFuture.supplyAsync(() -> cli("run", gateSettings))
                    .get(2, TimeUnit.MINUTES);
            assertThat(restart.exit()).isEqualTo(1);
            assertThat(restart.err().strip())
                    .doesNotContain("\n")
                    .startsWith("agreement-gate: partition counts changed (")
                    .contains(topics.orders() + " 3 -> 6")
                    .contains("migrate-partitions");

            // Migrate, once the stopped gate has left its group.
            String appId = gateSettings.get("application.id");
            Awaitility.await()
                    .atMost(DECISION)
                    .until(() -> admin.describeConsumerGroups(List.of(appId))
                            .all()
                            .get(10, TimeUnit.SECONDS)
                            .get(appId)
                            .members()
                            .isEmpty());
            Cli migration = cli("migrate-partitions", gateSettings, "--to-application-id", MIGRATED_ID);
            System.out.println(migration.out());
            assertThat(migration.exit()).as(migration.err()).isZero();
            assertThat(migration.out()).contains("from 3 to 6 partitions").contains(MIGRATED_ID);

            Map<String, String> migratedSettings = new TreeMap<>(gateSettings);
            migratedSettings.put("application.id", MIGRATED_ID);
            try (GateProcess migrated = start(migratedSettings);
                    GateClient client = client(PREFIX)) {
                Order afterResent = TestRecords.order(withdrawn).build();
                Order afterNewWithdrawal = TestRecords.order(movedB).build();
                List<Order> fresh = List.of(
                        TestRecords.order(movedA).build(),
                        TestRecords.order(stayedA).build(),
                        TestRecords.order(stayedB).build());
                BiConsumer<GateClient, String> after = (c, http) -> {
                    // Re-sent approved orders: dropped wherever their customer's partition now is.
                    approvedCustomers.forEach(customer -> c.order(approvedOrders.get(customer), customer));
                    // An old acceptance re-sent after the withdrawal does not revive it.
                    c.attest(acceptances.get(withdrawn), withdrawn);
                    applied(c, withdrawn);
                    rejectedAfterWaiting(c, http, afterResent);
                    // A withdrawal now, then an order.
                    c.attest(withdrawal(movedB), movedB);
                    applied(c, movedB);
                    rejectedAfterWaiting(c, http, afterNewWithdrawal);
                    // The waiting order gets its attestation.
                    c.attest(TestRecords.mca(waiting), waiting);
                    fresh.forEach(o -> c.order(o, o.getCustomerId()));

                    c.awaitApproved(waitingOrder.getOrderId(), DECISION);
                    fresh.forEach(o -> c.awaitApproved(o.getOrderId(), DECISION));
                    c.awaitApproved(inTheWindow.getOrderId(), DECISION);
                };
                bothAtOnce(
                        () -> after.accept(client, migrated.runner().httpUrl()),
                        () -> after.accept(referenceClient, reference.runner().httpUrl()));
                // Re-sent approved orders of customers on the same partition were taken before the fresh orders.
                Map<String, List<String>> migratedDecisions = decisions(client, topics);
                Map<String, List<String>> referenceDecisions = decisions(referenceClient, referenceTopics);
                assertThat(migratedDecisions).isEqualTo(referenceDecisions);
                approvedOrders
                        .values()
                        .forEach(o -> assertThat(migratedDecisions.get(o.getOrderId()))
                                .as("approved once: " + o.getCustomerId())
                                .containsExactly("approved"));
                assertThat(migratedDecisions.get(afterResent.getOrderId()).get(0))
                        .startsWith("rejected");
                assertThat(migrated.runner().fatalError()).isEmpty();
                assertThat(reference.runner().fatalError()).isEmpty();
            }
        }
    }
}
