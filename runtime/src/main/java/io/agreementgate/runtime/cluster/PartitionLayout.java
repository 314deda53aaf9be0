package io.agreementgate.runtime.cluster;

import io.agreementgate.runtime.gate.StartupException;
import io.agreementgate.topology.GateNames;
import io.agreementgate.topology.config.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The partition counts that matter for the gate's state: those of the five customer-keyed topics now, and the one the
 * state was built with.
 *
 * <p>The record of "built with" is the partition count of Kafka Streams' own changelog topics of the gate's stores:
 * Kafka Streams creates each with the source topics' count when the state is first written, never changes it, and
 * the state lives in them (a local store is only a copy). So the record is durable, shared by every instance, exactly
 * as old as the state, and cannot disagree with it; a record of our own would be a second truth that a reset (deleting
 * the changelogs) would leave behind.
 *
 * @param keyed partition count of each customer-keyed topic that exists
 * @param changelogs partition count of each changelog of the gate's stores that exists
 */
public record PartitionLayout(Map<String, Integer> keyed, Map<String, Integer> changelogs) {
    /** The stores whose changelogs hold the gate's state (the decoded-agreements cache has none). */
    public static final List<String> LOGGED_STORES =
            List.of(GateNames.AGREEMENTS_STORE, GateNames.WAITING_STORE, GateNames.APPROVED_IDS_STORE);

    public PartitionLayout {
        keyed = Map.copyOf(keyed);
        changelogs = Map.copyOf(changelogs);
    }

    /** Kafka Streams' name for a store's changelog topic. */
    public static String changelog(String applicationId, String store) {
        return applicationId + "-" + store + "-changelog";
    }

    /**
     * Kafka Streams' names for the repartition topics: re-keyed or misplaced orders, and misplaced attestations (both
     * keyed by customer).
     */
    public static List<String> repartitions(String applicationId) {
        return List.of(GateNames.ORDERS_REPARTITION, GateNames.ATTESTATIONS_REPARTITION).stream()
                .map(name -> applicationId + "-" + name + "-repartition")
                .toList();
    }

    public static List<String> changelogs(String applicationId) {
        return LOGGED_STORES.stream().map(s -> changelog(applicationId, s)).toList();
    }

    /** Reads the counts from the cluster; topics that do not exist are left out. */
    public static PartitionLayout read(Admin admin, String applicationId, Topics topics, Duration timeout) {
        Map<String, Integer> counts = partitionCounts(
                admin,
                Stream.concat(topics.customerKeyed().stream(), changelogs(applicationId).stream())
                        .toList(),
                timeout);
        Map<String, Integer> keyed = new TreeMap<>();
        Map<String, Integer> changelogs = new TreeMap<>();
        counts.forEach(
                (topic, count) -> (topics.customerKeyed().contains(topic) ? keyed : changelogs).put(topic, count));
        return new PartitionLayout(keyed, changelogs);
    }

    /** The count the state was built with, when there is state (changelogs) at all. */
    public OptionalInt builtWith() {
        return changelogs.values().stream().mapToInt(Integer::intValue).max();
    }

    /**
     * What is wrong for state built with {@code builtWith} partitions, as the one line an operator reads: every
     * customer-keyed topic whose count differs, with old and new count, and what to do. Empty when all agree.
     */
    public Optional<String> mismatch(int builtWith, String applicationId) {
        Map<String, Integer> differing = new TreeMap<>();
        keyed.forEach((topic, count) -> {
            if (count != builtWith) {
                differing.put(topic, count);
            }
        });
        Collection<Integer> changelogCounts = changelogs.values();
        boolean changelogsDisagree = changelogCounts.stream().anyMatch(c -> c != builtWith);
        if (differing.isEmpty() && !changelogsDisagree) {
            return Optional.empty();
        }
        if (differing.isEmpty()) {
            return Optional.of("the changelogs of application.id " + applicationId + " have different partition "
                    + "counts (" + describe(changelogs) + "): the state is damaged; rebuild it under a new "
                    + "application.id (README \"Changing partition counts\")");
        }
        String changes = differing.entrySet().stream()
                .map(e -> e.getKey() + " " + builtWith + " -> " + e.getValue())
                .collect(Collectors.joining(", "));
        int target =
                differing.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        return Optional.of("partition counts changed (" + changes + ") but the gate's state (application.id "
                + applicationId + ") was built for " + builtWith + " partitions, so the gate decides nothing: "
                + "give all five customer-keyed topics " + target + " partitions, stop every instance, run "
                + "`agreement-gate migrate-partitions --to-application-id " + applicationId + "-p" + target
                + "` and start the gate with application.id=" + applicationId + "-p" + target
                + " (README \"Changing partition counts\")");
    }

    private static String describe(Map<String, Integer> counts) {
        return counts.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    static Map<String, Integer> partitionCounts(Admin admin, List<String> names, Duration timeout) {
        Map<String, KafkaFuture<TopicDescription>> futures =
                admin.describeTopics(names).topicNameValues();
        Map<String, Integer> counts = new TreeMap<>();
        for (String name : names) {
            try {
                counts.put(
                        name,
                        futures.get(name)
                                .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                                .partitions()
                                .size());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new StartupException(
                            "cannot describe topic " + name + ": "
                                    + e.getCause().getMessage(),
                            e.getCause());
                }
            } catch (TimeoutException e) {
                throw new StartupException(
                        "Kafka did not describe topic " + name + " within " + timeout.toMillis() + " ms");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupException("interrupted while describing topics", e);
            }
        }
        return counts;
    }
}
