package io.agreementgate.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.agreementgate.testkit.KafkaTopics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three embedded nodes as one replicated KRaft cluster: what the gate's topics get, and a node going away. */
class EmbeddedKafkaClusterTest {

    @Test
    void shouldReplicateNewTopicsThreeTimesWithTwoInSyncAndSurviveANodeRestart(@TempDir Path dir) throws Exception {
        String bootstrap;
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(dir, 3)) {
            bootstrap = cluster.bootstrapServers();
            assertThat(bootstrap.split(",")).hasSize(3).allMatch(a -> a.matches("127\\.0\\.0\\.1:\\d+"));
            try (Admin admin = KafkaTestClients.admin(bootstrap)) {
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                        .hasSize(3);
                assertThat(admin.describeMetadataQuorum()
                                .quorumInfo()
                                .get(30, TimeUnit.SECONDS)
                                .voters())
                        .hasSize(3);
                // No replication factor given, as the gate and Kafka Streams create theirs: the broker's defaults.
                // Waits until every node can describe it: right after createTopics a lagging node answers
                // "This server does not host this topic-partition" (the flaky failure of issue 23).
                TopicDescription topic = KafkaTopics.create(
                                admin, List.of(new NewTopic("replicated", Optional.of(3), Optional.empty())))
                        .get("replicated");
                assertThat(topic.partitions())
                        .allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
                Config config = topicConfig(admin, "replicated");
                assertThat(config.get("min.insync.replicas").value()).isEqualTo("2");
                assertThat(config.get("unclean.leader.election.enable").value()).isEqualTo("false");
            }

            // One node down: 2 replicas still in sync, so acks=all writes go on.
            cluster.stopNode(2);
            KafkaTestClients.produce(bootstrap, "replicated", List.of("while-node-2-was-down"));
            cluster.restartNode(2);
            KafkaTestClients.produce(bootstrap, "replicated", List.of("after-node-2-came-back"));
        }

        // The whole cluster again on the same folder: same addresses, same records.
        try (EmbeddedKafkaCluster again = EmbeddedKafkaCluster.start(dir, 3)) {
            assertThat(again.bootstrapServers()).isEqualTo(bootstrap);
            assertThat(KafkaTestClients.consume(bootstrap, "replicated", 2))
                    .containsExactlyInAnyOrder("while-node-2-was-down", "after-node-2-came-back");
        }
    }

    @Test
    void shouldRefuseToStartAFolderWithAnotherNumberOfBrokers(@TempDir Path dir) {
        EmbeddedKafkaCluster.prepare(dir, 3);

        assertThatThrownBy(() -> EmbeddedKafkaCluster.start(dir, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("holds a Kafka cluster of 3 brokers, not 1");
        assertThatThrownBy(() -> EmbeddedKafkaCluster.prepare(dir, 5))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("of 3 brokers, not 5");
    }

    @Test
    void shouldKeepOneReplicaOnASingleNode() {
        Map<String, Object> single = EmbeddedKafkaBroker.brokerProperties(
                EmbeddedKafkaBroker.Config.of(Path.of("unused")),
                Path.of("unused/logs"),
                new EmbeddedKafkaBroker.Node(1, 9092, 9093),
                List.of(new EmbeddedKafkaBroker.Node(1, 9092, 9093)));

        assertThat(single)
                .containsEntry("default.replication.factor", "1")
                .containsEntry("min.insync.replicas", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:9093");
    }

    /** Asked of any node: one whose metadata still lags does not know the topic yet, so ask until one does. */
    private static Config topicConfig(Admin admin, String topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return await("configuration of " + topic)
                .atMost(KafkaTopics.READY_TIMEOUT)
                .ignoreExceptionsInstanceOf(ExecutionException.class)
                .until(
                        () -> admin.describeConfigs(List.of(resource))
                                .all()
                                .get(30, TimeUnit.SECONDS)
                                .get(resource),
                        Objects::nonNull);
    }
}
