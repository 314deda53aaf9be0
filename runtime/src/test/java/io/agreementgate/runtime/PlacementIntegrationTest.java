package io.agreementgate.runtime;

import static io.agreementgate.runtime.PlacedWriter.Client.ANY_PARTITION;
import static io.agreementgate.runtime.PlacedWriter.Client.JAVA;
import static io.agreementgate.runtime.PlacedWriter.Client.LIBRDKAFKA;
import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.runtime.PlacedWriter.Client;
import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.ApprovedOrder;
import io.agreementgate.schema.Order;
import io.agreementgate.schema.OrderRejectionReason;
import io.agreementgate.schema.RejectedOrder;
import io.agreementgate.testkit.Samples;
import io.agreementgate.topology.GateNames;
import io.agreementgate.topology.Placement;
import io.agreementgate.topology.config.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * "A decision never depends on which client wrote a record or on which partition it was written to", on the embedded
 * broker: the same orders, attestations, withdrawals and re-sends, once written as Kafka's Java producer places them
 * and once spread over librdkafka's CRC32 placement and arbitrary partitions, with one and with two gate instances,
 * get exactly the same decisions; every order is decided once.
 */
@ExtendWith(SharedCluster.class)
class PlacementIntegrationTest {
    /** The gate's default partition count for the topics it creates. */
    private static final int PARTITIONS = 3;
    /**
     * Long enough that an order written before its attestation (after a barrier) is still waiting when it arrives on a
     * loaded machine; the orders that never get one are rejected when it ends.
     */
    private static final long WAIT_MS = 20_000;

    private static final Duration START = Duration.ofMinutes(2);
    private static final Duration SETTLE = Duration.ofMinutes(2);

    /** Customers whose CRC32 partition is not their murmur2 one: what librdkafka writes lands on the wrong task. */
    private static final List<String> CUSTOMERS = IntStream.range(0, 200)
            .mapToObj(i -> "placed-cust-" + i)
            .filter(c -> PlacedWriter.crc32Partition(c, PARTITIONS) != Placement.home(c, PARTITIONS))
            .limit(5)
            .toList();

    private static final String ATTESTED = CUSTOMERS.get(0);
    private static final String WITHDRAWN = CUSTOMERS.get(1);
    private static final String RESENT = CUSTOMERS.get(2);
    private static final String LATE = CUSTOMERS.get(3);
    private static final String NEVER = CUSTOMERS.get(4);

    @TempDir
    Path dataDir;

    @TempDir
    Path secondDataDir;

    @TempDir
    Path referenceDir;

    /** Who writes each record in a run. */
    private record Clients(Client first, Client second, Client third) {
        static final Clients WELL_PLACED = new Clients(JAVA, JAVA, JAVA);
        static final Clients MIXED = new Clients(LIBRDKAFKA, JAVA, ANY_PARTITION);
        static final Clients MISPLACED = new Clients(LIBRDKAFKA, ANY_PARTITION, LIBRDKAFKA);
    }

    /**
     * The decisions when every record is written as Kafka's Java producer places it; computed once, on a gate of its
     * own beside the run it is compared with, so that the two runs' waits for the never-attested order overlap.
     */
    private static CompletableFuture<Map<String, String>> reference;

    private static synchronized CompletableFuture<Map<String, String>> reference(Path dir) {
        if (reference == null) {
            reference = CompletableFuture.supplyAsync(() -> runOnOneInstance(dir, "place-ref", Clients.WELL_PLACED, 0));
        }
        return reference;
    }

    @Test
    void shouldDecideRecordsFromAnyClientAsIfWellPlacedOnOneInstance() {
        CompletableFuture<Map<String, String>> reference = reference(referenceDir);
        Map<String, String> mixed = runOnOneInstance(dataDir, "place-mix", Clients.MIXED, 1);

        assertThat(mixed).isEqualTo(reference.join());
    }

    @Test
    void shouldDecideRecordsFromAnyClientAsIfWellPlacedOnTwoInstances() {
        CompletableFuture<Map<String, String>> reference = reference(referenceDir);
        try (RunningGate first = RunningGate.start("place-two", dataDir, WAIT_MS, START);
                RunningGate second = RunningGate.start("place-two", secondDataDir, WAIT_MS, START)) {
            awaitBothRunning(first, second);
            Map<String, String> decisions = scenario(List.of(first, second), "place-two", Clients.MISPLACED, 4);

            assertThat(decisions).isEqualTo(reference.join());
            assertThat(rerouted(List.of(first, second), "place-two")).isPositive();
        }
    }

    @Test
    void shouldDecideInputsWhateverTheirCompression() {
        String prefix = "place-codecs";
        try (RunningGate gate = RunningGate.start(prefix, dataDir, WAIT_MS, START)) {
            Topics topics = TestSettings.topics(prefix);
            for (String codec : List.of("zstd", "snappy", "lz4", "gzip")) {
                try (PlacedWriter writer = new PlacedWriter(PARTITIONS, 5, codec)) {
                    String customer = CUSTOMERS.get(
                            List.of("zstd", "snappy", "lz4", "gzip").indexOf(codec));
                    AgreementAttestation attestation = Samples.anAttestation()
                            .id("att-" + codec)
                            .customer(customer)
                            .build();
                    Order order = order(customer, "order-" + codec).build();
                    writer.send(LIBRDKAFKA, topics.attestations(), customer, attestation);
                    writer.send(JAVA, topics.orders(), customer, order);

                    ApprovedOrder approved = gate.client().awaitApproved(order.getOrderId(), SETTLE);
                    assertThat(approved.getEvidence())
                            .as(codec)
                            .singleElement()
                            .satisfies(e -> assertThat(e.getAttestationId()).isEqualTo(attestation.getAttestationId()));
                }
            }
        }
    }

    private static Map<String, String> runOnOneInstance(Path dir, String prefix, Clients clients, long seed) {
        try (RunningGate gate = RunningGate.start(prefix, dir.resolve(prefix), WAIT_MS, START)) {
            Map<String, String> decisions = scenario(List.of(gate), prefix, clients, seed);
            double rerouted = rerouted(List.of(gate), prefix);
            if (clients.equals(Clients.WELL_PLACED)) {
                // A record already where its customer lives takes no extra hop.
                assertThat(rerouted).isZero();
                assertThat(gate.client().endOffsetSum(repartition(prefix, GateNames.ATTESTATIONS_REPARTITION)))
                        .contains(0L);
                assertThat(gate.client().endOffsetSum(repartition(prefix, GateNames.ORDERS_REPARTITION)))
                        .contains(0L);
            } else {
                assertThat(rerouted).isPositive();
            }
            return decisions;
        }
    }

    /**
     * Writes the same records in three phases, each waiting until the gate consumed everything written so far (the
     * repartition topics included), so that the decisions do not depend on timing: attestations and withdrawals; then
     * orders; then late attestations and re-sends. Returns every decision, by a name that is the same in every run.
     */
    private static Map<String, String> scenario(List<RunningGate> gates, String prefix, Clients clients, long seed) {
        Topics topics = TestSettings.topics(prefix);
        GateClient reader = gates.get(0).client();
        Map<String, String> names = new TreeMap<>();
        try (PlacedWriter writer = new PlacedWriter(PARTITIONS, seed)) {
            AgreementAttestation attested = mca(ATTESTED, "att-attested", UnaryOperator.identity());
            AgreementAttestation confirmed = mca(WITHDRAWN, "att-confirmed", UnaryOperator.identity());
            AgreementAttestation withdrawal = mca(
                    WITHDRAWN,
                    "att-withdrawal",
                    b -> b.recordedAt(Instant.parse("2024-01-10T10:00:00Z")).withdrawn());
            AgreementAttestation resent = mca(RESENT, "att-resent", UnaryOperator.identity());
            writer.send(clients.first(), topics.attestations(), ATTESTED, attested);
            writer.send(clients.second(), topics.attestations(), WITHDRAWN, confirmed);
            writer.send(clients.third(), topics.attestations(), WITHDRAWN, withdrawal);
            writer.send(clients.first(), topics.attestations(), RESENT, resent);
            settle(prefix);

            Map<String, Order> orders = new TreeMap<>();
            orders.put("attested-by-partner", order(ATTESTED, "o-attested").build());
            orders.put(
                    "attested-other-partner",
                    order(ATTESTED, "o-other")
                            .setPartnerId(TestRecords.OTHER_PARTNER)
                            .build());
            orders.put("withdrawn", order(WITHDRAWN, "o-withdrawn").build());
            orders.put("resent", order(RESENT, "o-resent").build());
            orders.put("late", order(LATE, "o-late").build());
            orders.put("never", order(NEVER, "o-never").build());
            orders.forEach((name, order) -> names.put(order.getOrderId(), name));
            writer.send(clients.second(), topics.orders(), ATTESTED, orders.get("attested-by-partner"));
            writer.send(clients.third(), topics.orders(), ATTESTED, orders.get("attested-other-partner"));
            writer.send(clients.first(), topics.orders(), WITHDRAWN, orders.get("withdrawn"));
            writer.send(clients.second(), topics.orders(), RESENT, orders.get("resent"));
            writer.send(clients.third(), topics.orders(), LATE, orders.get("late"));
            writer.send(clients.first(), topics.orders(), NEVER, orders.get("never"));
            settle(prefix);

            reader.awaitApproved(orders.get("resent").getOrderId(), SETTLE);
            writer.send(clients.first(), topics.attestations(), LATE, mca(LATE, "att-late", UnaryOperator.identity()));
            writer.send(clients.third(), topics.orders(), RESENT, orders.get("resent"));
            writer.send(clients.third(), topics.attestations(), RESENT, resent);
            settle(prefix);

            return decisions(reader, topics, names);
        }
    }

    /** Every decision on the names' orders, once all are decided; fails if any order is decided twice. */
    private static Map<String, String> decisions(GateClient reader, Topics topics, Map<String, String> names) {
        List<String> decided = new ArrayList<>();
        Map<String, String> decisions = new TreeMap<>();
        Awaitility.await().atMost(SETTLE.plusMillis(WAIT_MS)).untilAsserted(() -> {
            decided.clear();
            decisions.clear();
            for (ApprovedOrder a : reader.readAll(topics.approvedOrders(), ApprovedOrder.class)) {
                String name = names.get(a.getOrder().getOrderId());
                decided.add(name);
                decisions.put(
                        name,
                        "APPROVED by "
                                + a.getEvidence().stream()
                                        .map(e -> e.getAttestationId())
                                        .toList());
            }
            for (RejectedOrder r : reader.readAll(topics.rejectedOrders(), RejectedOrder.class)) {
                String name = names.get(r.getOrder().getOrderId());
                decided.add(name);
                decisions.put(
                        name,
                        "REJECTED "
                                + r.getReasons().stream()
                                        .map(OrderRejectionReason::getCode)
                                        .toList());
            }
            assertThat(decisions.keySet()).containsExactlyInAnyOrderElementsOf(names.values());
        });
        assertThat(decided).as("every order decided once").doesNotHaveDuplicates();
        // What the rules say, whoever wrote the records: no wrong approval, no wrong rejection.
        assertThat(decisions)
                .containsEntry("attested-by-partner", "APPROVED by [att-attested]")
                .containsEntry("attested-other-partner", "REJECTED [ACCEPTANCE_BY_OTHER_PARTNER]")
                .containsEntry("resent", "APPROVED by [att-resent]")
                .containsEntry("late", "APPROVED by [att-late]")
                .containsEntry("never", "REJECTED [ACCEPTANCE_MISSING]");
        assertThat(decisions.get("withdrawn")).startsWith("REJECTED");
        return decisions;
    }

    /**
     * Waits until the gate has consumed everything written so far, what it re-routed included: its committed offsets
     * reach each partition's end offset as it was when asked (a partition never written to counts as consumed).
     */
    static void settle(String prefix) {
        Topics topics = TestSettings.topics(prefix);
        String group = "gate-" + prefix;
        try (Admin admin = Admin.create(Map.<String, Object>of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedCluster.get().bootstrapServers()))) {
            for (String topic : List.of(
                    topics.attestations(),
                    topics.orders(),
                    repartition(prefix, GateNames.ATTESTATIONS_REPARTITION),
                    repartition(prefix, GateNames.ORDERS_REPARTITION))) {
                Map<TopicPartition, Long> ends = endOffsets(admin, topic);
                Awaitility.await()
                        .atMost(SETTLE)
                        .pollInterval(Duration.ofMillis(200))
                        .alias(group + " consumed " + topic + " up to " + ends)
                        .until(() -> {
                            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                                    .partitionsToOffsetAndMetadata()
                                    .get();
                            return ends.entrySet().stream()
                                    .allMatch(end -> end.getValue() == 0
                                            || (committed.get(end.getKey()) != null
                                                    && committed
                                                                    .get(end.getKey())
                                                                    .offset()
                                                            >= end.getValue()));
                        });
            }
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) {
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String repartition(String prefix, String name) {
        return "gate-" + prefix + "-" + name + "-repartition";
    }

    /** Re-routed records counted by the gates, every input topic and cause. */
    private static double rerouted(List<RunningGate> gates, String prefix) {
        Topics topics = TestSettings.topics(prefix);
        return gates.stream()
                .mapToDouble(g -> {
                    PrometheusText metrics =
                            GateMetricsTest.scrape(g.gate().runner().httpUrl());
                    return metrics.value(
                                    "agreement_gate_rerouted_records_total",
                                    Map.of("topic", topics.attestations(), "cause", "partition"))
                            + metrics.value(
                                    "agreement_gate_rerouted_records_total",
                                    Map.of("topic", topics.orders(), "cause", "partition"));
                })
                .sum();
    }

    private static void awaitBothRunning(RunningGate first, RunningGate second) {
        Awaitility.await()
                .atMost(START)
                .until(() -> first.gate().runner().state() == KafkaStreams.State.RUNNING
                        && second.gate().runner().state() == KafkaStreams.State.RUNNING
                        && !first.gate()
                                .runner()
                                .streams()
                                .metadataForLocalThreads()
                                .iterator()
                                .next()
                                .activeTasks()
                                .isEmpty()
                        && !second.gate()
                                .runner()
                                .streams()
                                .metadataForLocalThreads()
                                .iterator()
                                .next()
                                .activeTasks()
                                .isEmpty());
    }

    private static AgreementAttestation mca(
            String customer, String id, UnaryOperator<Samples.AttestationBuilder> change) {
        return change.apply(Samples.anAttestation().id(id).customer(customer)).build();
    }

    private static Order.Builder order(String customer, String id) {
        return Samples.anOrder().id(id).customer(customer).avro();
    }
}
