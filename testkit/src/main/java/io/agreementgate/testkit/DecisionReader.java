package io.agreementgate.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * What fulfillment and support would see: every committed decision (read_committed) of the approved and rejected
 * topics, counted per order id, so a test can prove that no order was lost and none decided twice, and how long the
 * customers of a partition waited. Decisions are read as Avro records with an {@code order.orderId} and a {@code
 * decidedAt} (both decision types have them), decoded by the deserializer given (the gate's, with a registry client).
 */
public final class DecisionReader implements AutoCloseable {
    /** A duplicate would arrive after the last first decision: read this much longer before counting them. */
    private static final Duration SETTLE = Duration.ofSeconds(3);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Deserializer<? extends GenericRecord> values;
    private final String approvedTopic;
    private final Map<String, Integer> approvals = new HashMap<>();
    private final Map<String, Integer> rejections = new HashMap<>();
    /** When each decision was made (the gate's {@code decidedAt}), by partition: a customer's decisions share one. */
    private final Map<Integer, List<Long>> decidedAtByPartition = new TreeMap<>();

    public DecisionReader(
            String bootstrapServers,
            String approvedTopic,
            String rejectedTopic,
            Deserializer<? extends GenericRecord> values) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "decision-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(approvedTopic, rejectedTopic));
        this.values = values;
        this.approvedTopic = approvedTopic;
    }

    /** Reads whatever has been committed since the last call. */
    public DecisionReader poll() {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
            GenericRecord decision = values.deserialize(record.topic(), record.value());
            String orderId =
                    ((GenericRecord) decision.get("order")).get("orderId").toString();
            Map<String, Integer> counts = record.topic().equals(approvedTopic) ? approvals : rejections;
            counts.merge(orderId, 1, Integer::sum);
            decidedAtByPartition
                    .computeIfAbsent(record.partition(), p -> new ArrayList<>())
                    .add(((Number) decision.get("decidedAt")).longValue());
        }
        return this;
    }

    /**
     * Reads until {@code expected} distinct orders are decided, then a little longer for duplicates; fails with the
     * counts so far when they are not all decided in time.
     */
    public DecisionReader awaitAll(int expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (poll().decidedOrders() < expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not every order decided within " + timeout + ": " + summary(expected));
            }
        }
        long settle = System.nanoTime() + SETTLE.toNanos();
        while (System.nanoTime() < settle) {
            poll();
        }
        return this;
    }

    /** Reads until this order has a decision, approved or rejected. */
    public DecisionReader awaitOrder(String orderId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!poll().isDecided(orderId)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(orderId + " not decided within " + timeout);
            }
        }
        return this;
    }

    public boolean isDecided(String orderId) {
        return approvals.containsKey(orderId) || rejections.containsKey(orderId);
    }

    /** Decisions read so far per approved order id: more than 1 is an order decided twice. */
    public Map<String, Integer> approvals() {
        return Collections.unmodifiableMap(approvals);
    }

    /** Decisions read so far per rejected order id. */
    public Map<String, Integer> rejections() {
        return Collections.unmodifiableMap(rejections);
    }

    /** A time without any decision for the customers of one partition. */
    public record Stall(int partition, Instant from, Duration length) {
        @Override
        public String toString() {
            return String.format("%.1f s (partition %d, from %s)", length.toMillis() / 1000.0, partition, from);
        }
    }

    /**
     * The longest time, on any partition, between two consecutive decisions: how long the customers of a partition
     * waited for the gate while orders kept coming (the fault tests send to every partition all the time).
     */
    public Stall longestStall() {
        return longestStall(Instant.MIN, Instant.MAX);
    }

    /** The longest stall that overlaps {@code from} to {@code to} (a fault and its recovery). */
    public Stall longestStall(Instant from, Instant to) {
        Stall longest = new Stall(-1, from, Duration.ZERO);
        for (Map.Entry<Integer, List<Long>> partition : decidedAtByPartition.entrySet()) {
            List<Long> times = partition.getValue().stream().sorted().toList();
            for (int i = 1; i < times.size(); i++) {
                Instant start = Instant.ofEpochMilli(times.get(i - 1));
                Instant end = Instant.ofEpochMilli(times.get(i));
                Duration gap = Duration.between(start, end);
                if (end.isAfter(from) && start.isBefore(to) && gap.compareTo(longest.length()) > 0) {
                    longest = new Stall(partition.getKey(), start, gap);
                }
            }
        }
        return longest;
    }

    public int decidedOrders() {
        return allDecisions().size();
    }

    /** Order ids with more than one decision across approved and rejected. */
    public List<String> decidedMoreThanOnce() {
        return allDecisions().entrySet().stream()
                .filter(e -> e.getValue() > 1)
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    private Map<String, Integer> allDecisions() {
        Map<String, Integer> all = new HashMap<>(approvals);
        rejections.forEach((id, n) -> all.merge(id, n, Integer::sum));
        return all;
    }

    /** The counts a fault run prints and a failed one shows: sent, decided, lost, decided twice. */
    public String summary(int sent) {
        int decided = decidedOrders();
        return String.format(
                "orders sent %d, decided %d (approved %d, rejected %d), lost %d, decided twice %d",
                sent,
                decided,
                approvals.size(),
                rejections.size(),
                sent - decided,
                decidedMoreThanOnce().size());
    }

    @Override
    public void close() {
        consumer.close();
    }
}
