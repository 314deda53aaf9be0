package io.agreementgate.resilience;

import static org.awaitility.Awaitility.await;

import io.agreementgate.testkit.KafkaTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.ElectionNotNeededException;

/** What a fault test needs to know and steer on a several-node cluster: leaders, the controller, in-sync replicas. */
final class ClusterAdmin implements AutoCloseable {
    private static final long TIMEOUT_S = 30;
    private final Admin admin;

    ClusterAdmin(String bootstrap) {
        admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                60_000));
    }

    /** Waits for a leader and a full ISR on every partition: a node that just joined may not know the topic yet. */
    TopicDescription describe(String topic) {
        return KafkaTopics.awaitReady(admin, List.of(topic)).get(topic);
    }

    int leaderOf(String topic, int partition) {
        return describe(topic).partitions().get(partition).leader().id();
    }

    boolean leadsAPartitionOf(int node, String topic) throws Exception {
        return describe(topic).partitions().stream()
                .anyMatch(p -> p.leader() != null && p.leader().id() == node);
    }

    /** Makes {@code node} the leader of partition 0 of {@code topic}: first in the replica list, then elected. */
    void makeLeader(int node, String topic) throws Exception {
        TopicPartition partition = new TopicPartition(topic, 0);
        TopicPartitionInfo info = describe(topic).partitions().get(0);
        List<Integer> order = new ArrayList<>(List.of(node));
        info.replicas().stream().map(Node::id).filter(id -> id != node).forEach(order::add);
        admin.alterPartitionReassignments(Map.of(partition, Optional.of(new NewPartitionReassignment(order))))
                .all()
                .get(TIMEOUT_S, TimeUnit.SECONDS);
        await("node " + node + " leading " + partition)
                .atMost(Duration.ofSeconds(TIMEOUT_S))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> leaderOf(topic, 0) == node || (electPreferred(partition) && leaderOf(topic, 0) == node));
    }

    private boolean electPreferred(TopicPartition partition) throws Exception {
        try {
            admin.electLeaders(ElectionType.PREFERRED, Set.of(partition)).all().get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof ElectionNotNeededException)) {
                throw e;
            }
        }
        return true;
    }

    /** The node leading the KRaft quorum: the active controller. */
    int activeController() throws Exception {
        return admin.describeMetadataQuorum()
                .quorumInfo()
                .get(TIMEOUT_S, TimeUnit.SECONDS)
                .leaderId();
    }

    /** Partitions of these topics whose in-sync replicas are fewer than their replicas. */
    List<String> underReplicated(Collection<String> topics) throws Exception {
        List<String> under = new ArrayList<>();
        for (TopicDescription topic : admin.describeTopics(topics)
                .allTopicNames()
                .get(TIMEOUT_S, TimeUnit.SECONDS)
                .values()) {
            for (TopicPartitionInfo p : topic.partitions()) {
                if (p.isr().size() < p.replicas().size()) {
                    under.add(topic.name() + "-" + p.partition());
                }
            }
        }
        return under;
    }

    Set<String> allTopics() throws Exception {
        return admin.listTopics(new ListTopicsOptions().listInternal(true))
                .names()
                .get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    /** Waits until every partition of every topic (internal ones included) has all its replicas in sync again. */
    void awaitFullyReplicated(Duration timeout) throws Exception {
        List<String> under = underReplicatedAfter(timeout);
        if (!under.isEmpty()) {
            throw new IllegalStateException("still under-replicated after " + timeout + ": " + under);
        }
    }

    /** Waits up to {@code timeout} for every partition to have all its replicas in sync; the ones that do not. */
    List<String> underReplicatedAfter(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> under = underReplicated(allTopics());
        while (!under.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(500);
            under = underReplicated(allTopics());
        }
        return under;
    }

    @Override
    public void close() {
        admin.close();
    }
}
