package io.agreementgate.resilience;

import io.agreementgate.serde.GenericAvroDeserializer;
import io.agreementgate.serde.HttpSchemaRegistryClient;
import io.agreementgate.topology.config.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What fulfillment and support would see: every committed decision (read_committed), counted per order id, so a test
 * can prove that no order was lost and none decided twice.
 */
final class DecisionLedger implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final GenericAvroDeserializer values;
    private final Topics topics;
    final Map<String, Integer> approvals = new HashMap<>();
    final Map<String, Integer> rejections = new HashMap<>();
    /** When each decision was made (the gate's {@code decidedAt}), by partition: a customer's decisions share one. */
    private final Map<Integer, List<Long>> decidedAtByPartition = new TreeMap<>();

    DecisionLedger(String bootstrap, String registryUrl, Topics topics) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "ledger-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topics.approvedOrders(), topics.rejectedOrders()));
        values = new GenericAvroDeserializer(
                new HttpSchemaRegistryClient(HttpSchemaRegistryClient.Config.of(registryUrl)), false);
        this.topics = topics;
    }

    /** Reads whatever has been committed since the last call. */
    DecisionLedger poll() {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
            GenericRecord decision = values.deserialize(record.topic(), record.value());
            String orderId =
                    ((GenericRecord) decision.get("order")).get("orderId").toString();
            Map<String, Integer> counts = record.topic().equals(topics.approvedOrders()) ? approvals : rejections;
            counts.merge(orderId, 1, Integer::sum);
            decidedAtByPartition
                    .computeIfAbsent(record.partition(), p -> new ArrayList<>())
                    .add(((Number) decision.get("decidedAt")).longValue());
        }
        return this;
    }

    /** A time without any decision for the customers of one partition. */
    record Stall(int partition, Instant from, Duration length) {
        @Override
        public String toString() {
            return String.format("%.1f s (partition %d, from %s)", length.toMillis() / 1000.0, partition, from);
        }
    }

    /**
     * The longest time, on any partition, between two consecutive decisions: how long the customers of a partition
     * waited for the gate while orders kept coming (the fault tests send to every partition all the time).
     */
    Stall longestStall() {
        return longestStall(Instant.MIN, Instant.MAX);
    }

    /** The longest stall that overlaps {@code from} to {@code to} (a fault and its recovery). */
    Stall longestStall(Instant from, Instant to) {
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

    int decidedOrders() {
        Map<String, Integer> all = new HashMap<>(approvals);
        rejections.forEach((id, n) -> all.merge(id, n, Integer::sum));
        return all.size();
    }

    /** Order ids with more than one decision across approved and rejected. */
    List<String> decidedMoreThanOnce() {
        Map<String, Integer> all = new HashMap<>(approvals);
        rejections.forEach((id, n) -> all.merge(id, n, Integer::sum));
        return all.entrySet().stream()
                .filter(e -> e.getValue() > 1)
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    String summary(int sent) {
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
