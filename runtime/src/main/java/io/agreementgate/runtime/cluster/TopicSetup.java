package io.agreementgate.runtime.cluster;

import io.agreementgate.runtime.gate.StartupException;
import io.agreementgate.topology.config.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the gate's topics exist before Kafka Streams starts: the customer-keyed ones with one partition count
 * (Kafka Streams joins them by partition, so a mismatch would silently split a customer's records between tasks).
 */
public final class TopicSetup {
    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);

    /**
     * @param partitions count for new topics when none of the customer-keyed ones exists yet
     * @param replicationFactor empty for the broker's default
     * @param create create missing topics; when false a missing topic stops start-up
     * @param topicConfigs topic settings (e.g. {@code retention.ms}) for topics the gate creates, by topic
     */
    public record Plan(
            int partitions,
            Optional<Short> replicationFactor,
            boolean create,
            Duration timeout,
            Map<String, Map<String, String>> topicConfigs) {
        public Plan {
            topicConfigs = Map.copyOf(topicConfigs);
        }
    }

    private TopicSetup() {}

    /** Checks and creates the topics; returns the partition count of the customer-keyed topics. */
    public static int ensure(Admin admin, Topics topics, Plan plan) {
        try {
            return ensureOnce(admin, topics, plan);
        } catch (TopicExistsException raced) {
            // Another gate created a topic at the same moment: look again, it must now agree.
            return ensureOnce(admin, topics, plan);
        }
    }

    private static int ensureOnce(Admin admin, Topics topics, Plan plan) {
        List<String> wanted = new ArrayList<>(topics.customerKeyed());
        if (!topics.deadLetter().isBlank()) {
            wanted.add(topics.deadLetter());
        }
        Map<String, Integer> existing = PartitionLayout.partitionCounts(admin, wanted, plan.timeout());
        Map<String, Integer> keyed = new TreeMap<>();
        topics.customerKeyed().forEach(t -> {
            if (existing.containsKey(t)) {
                keyed.put(t, existing.get(t));
            }
        });
        if (keyed.values().stream().distinct().count() > 1) {
            throw new StartupException("the customer-keyed topics must have one partition count (co-partitioning), "
                    + "but they have "
                    + keyed.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(", "))
                    + ": give them the same count, or point the gate at other topics");
        }
        int partitions = keyed.values().stream().findFirst().orElse(plan.partitions());
        if (!keyed.isEmpty() && partitions != plan.partitions()) {
            LOG.info("Existing customer-keyed topics have {} partitions; new ones get the same", partitions);
        }
        List<String> missing =
                wanted.stream().filter(t -> !existing.containsKey(t)).toList();
        if (missing.isEmpty()) {
            return partitions;
        }
        if (!plan.create()) {
            throw new StartupException("topics " + missing + " do not exist and gate.topics.create is false: create "
                    + "them (the customer-keyed ones with " + partitions + " partitions)");
        }
        List<NewTopic> newTopics = missing.stream()
                .map(t -> new NewTopic(t, Optional.of(partitions), plan.replicationFactor())
                        .configs(plan.topicConfigs().getOrDefault(t, Map.of())))
                .toList();
        await(admin.createTopics(newTopics).all(), plan.timeout(), "create topics " + missing);
        LOG.info("Created topics {} with {} partitions", missing, partitions);
        return partitions;
    }

    private static void await(KafkaFuture<Void> future, Duration timeout, String what) {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException exists) {
                throw exists;
            }
            throw new StartupException("cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new StartupException("Kafka did not " + what + " within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while trying to " + what, e);
        }
    }
}
