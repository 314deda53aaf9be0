package io.agreementgate.testkit;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Topics for tests, created and then waited for. {@code createTopics} returns once the controller has committed the
 * topic, not once the brokers know it: a {@code describeTopics} right after can still be answered "This server does
 * not host this topic-partition" by a node whose metadata lags, and a partition may not have a leader yet. Every
 * test that creates topics and then uses them waits here for the state it needs instead of hoping the race is won.
 */
public final class KafkaTopics {

    /** Long enough for a loaded 2-core CI machine to elect leaders on a 3-node cluster; normally well under 1 s. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private KafkaTopics() {}

    /**
     * Topics of these names with this many partitions and one replica each: the tests' and benchmarks' single-broker
     * clusters. A topic that needs more (configs, replicas) is made as a {@link NewTopic} of its own.
     */
    public static List<NewTopic> single(Collection<String> names, int partitions) {
        return names.stream()
                .map(name -> new NewTopic(name, partitions, (short) 1))
                .toList();
    }

    /** {@link #create(Admin, Collection)} with an admin client of its own (plain, or with these client settings). */
    public static Map<String, TopicDescription> create(
            String bootstrapServers, Map<String, ?> clientSettings, Collection<NewTopic> topics) {
        Map<String, Object> config = new HashMap<>(clientSettings);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(config)) {
            return create(admin, topics);
        }
    }

    /** Creates the topics and returns their descriptions once every partition has a leader and a full ISR. */
    public static Map<String, TopicDescription> create(Admin admin, Collection<NewTopic> topics) {
        try {
            admin.createTopics(topics).all().get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create topics " + names(topics), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics " + names(topics), e);
        }
        return awaitReady(admin, names(topics));
    }

    /**
     * Waits until every topic is described with a leader for every partition and all its replicas in sync, and
     * returns the descriptions that showed it. Metadata that is not there yet (a retriable error) is asked again.
     */
    public static Map<String, TopicDescription> awaitReady(Admin admin, Collection<String> names) {
        AtomicReference<Map<String, TopicDescription>> ready = new AtomicReference<>();
        await("topics " + names + " described with a leader and a full ISR for every partition")
                .atMost(READY_TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsMatching(KafkaTopics::isMetadataNotYetThere)
                .until(() -> {
                    Map<String, TopicDescription> described =
                            admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS);
                    boolean allReady = described.values().stream()
                            .flatMap(d -> d.partitions().stream())
                            .allMatch(KafkaTopics::hasLeaderAndFullIsr);
                    if (allReady) {
                        ready.set(described);
                    }
                    return allReady;
                });
        return ready.get();
    }

    private static boolean hasLeaderAndFullIsr(TopicPartitionInfo partition) {
        return partition.leader() != null
                && !partition.leader().isEmpty()
                && partition.isr().size() == partition.replicas().size();
    }

    /** Unknown topic, no leader yet, a request that timed out on a busy machine: all say "not yet", not "never". */
    private static boolean isMetadataNotYetThere(Throwable e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return cause instanceof RetriableException || cause instanceof TimeoutException;
    }

    private static List<String> names(Collection<NewTopic> topics) {
        return topics.stream().map(NewTopic::name).toList();
    }
}
