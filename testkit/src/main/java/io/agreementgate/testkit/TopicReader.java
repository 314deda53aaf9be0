package io.agreementgate.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Every committed record of a topic, as fulfillment would read it (read_committed, no consumer group, nothing
 * committed), for tests that wait for an output. One consumer serves every call and every topic, and what it read
 * is kept: a call reads only what was committed since the last, so polling for a decision costs one fetch, not a new
 * client and the whole topic again.
 */
public final class TopicReader implements AutoCloseable {
    /** A bound for one catch-up on a loaded machine; the caller's own wait decides how long it keeps asking. */
    private static final Duration CATCH_UP = Duration.ofSeconds(10);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, List<ConsumerRecord<String, byte[]>>> read = new HashMap<>();
    private final Map<TopicPartition, Long> positions = new HashMap<>();

    /** @param clientSettings Kafka client settings for a secured cluster (security.protocol, sasl.*, ssl.*), or none */
    public TopicReader(String bootstrapServers, Map<String, ?> clientSettings) {
        Map<String, Object> props = new HashMap<>(clientSettings);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Partitions an operator adds under a running test are seen within a second, not the default 5 minutes.
        props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 1_000);
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Every committed record of the topic from its beginning, as of now (records of added partitions included). */
    public synchronized List<ConsumerRecord<String, byte[]>> records(String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, CATCH_UP).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        for (TopicPartition partition : partitions) {
            Long position = positions.get(partition);
            if (position == null) {
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seek(partition, position);
            }
        }
        List<ConsumerRecord<String, byte[]>> records = read.computeIfAbsent(topic, t -> new ArrayList<>());
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, CATCH_UP);
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        partitions.forEach(p -> positions.put(p, consumer.position(p)));
        return List.copyOf(records);
    }

    @Override
    public synchronized void close() {
        consumer.close();
    }
}
