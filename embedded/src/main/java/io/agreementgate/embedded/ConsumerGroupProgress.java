package io.agreementgate.embedded;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether a consumer group (a gate's application id) has consumed a topic to its current end, for the benchmarks and
 * soak tests that must know a gate applied every attestation before they measure.
 */
public final class ConsumerGroupProgress {
    private static final Duration POLL = Duration.ofMillis(200);

    private ConsumerGroupProgress() {}

    /**
     * Waits until the group's committed offsets reach the end offsets {@code topic} had when called.
     *
     * @throws IllegalStateException when they do not within {@code timeout}
     */
    public static void awaitConsumed(String bootstrapServers, String groupId, String topic, Duration timeout)
            throws ExecutionException, InterruptedException {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, Long> ends = endOffsets(admin, topic);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                        .partitionsToOffsetAndMetadata()
                        .get();
                if (ends.entrySet().stream().allMatch(end -> reached(committed.get(end.getKey()), end.getValue()))) {
                    return;
                }
                Thread.sleep(POLL.toMillis());
            }
            throw new IllegalStateException(groupId + " did not consume " + topic + " within " + timeout);
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest =
                admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                        .collect(Collectors.toMap(
                                p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private static boolean reached(OffsetAndMetadata committed, long end) {
        return committed != null && committed.offset() >= end;
    }
}
