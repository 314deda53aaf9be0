package io.agreementgate.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agreementgate.testkit.KafkaTopics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

    @TempDir
    static Path dataDir;

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(dataDir);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldListenOnLoopbackAndPersistPorts() {
        assertThat(broker.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(dataDir.resolve(EmbeddedKafkaBroker.PORTS_FILE)).isRegularFile();
        assertThat(dataDir.resolve(EmbeddedKafkaBroker.LOG_DIR).resolve("meta.properties"))
                .isRegularFile();
    }

    @Test
    void shouldProduceAndConsumeRecords() throws Exception {
        KafkaTestClients.createTopic(broker.bootstrapServers(), "plain-records", 2);
        List<String> values = List.of("a", "b", "c", "d", "e");

        KafkaTestClients.produce(broker.bootstrapServers(), "plain-records", values);

        assertThat(KafkaTestClients.consume(broker.bootstrapServers(), "plain-records", values.size()))
                .containsExactlyInAnyOrderElementsOf(values);
    }

    @Test
    void shouldCreateTopicsWithDefaultPartitionCount() throws Exception {
        try (Admin admin = KafkaTestClients.admin(broker.bootstrapServers())) {
            TopicDescription description = KafkaTopics.create(
                            admin, List.of(new NewTopic("default-partitions", Optional.empty(), Optional.empty())))
                    .get("default-partitions");
            assertThat(description.partitions()).hasSize(EmbeddedKafkaBroker.Config.DEFAULT_PARTITIONS);
        }
    }

    @Test
    @SuppressWarnings("FutureReturnValueIgnored") // a failed send fails commitTransaction, which is the check
    void shouldCommitTransactionsAndHideAbortedOnes() throws Exception {
        KafkaTestClients.createTopic(broker.bootstrapServers(), "transactional", 3);
        Map<String, Object> transactional = Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                "embedded-test-tx",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true);
        try (KafkaProducer<String, String> producer =
                KafkaTestClients.producer(broker.bootstrapServers(), transactional)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("transactional", "k1", "committed-1"));
            producer.send(new ProducerRecord<>("transactional", "k2", "committed-2"));
            producer.commitTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>("transactional", "k3", "aborted"));
            producer.flush();
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>("transactional", "k4", "committed-3"));
            producer.commitTransaction();
        }

        List<String> committed =
                KafkaTestClients.consume(broker.bootstrapServers(), "transactional", 3, "read_committed");

        assertThat(committed).containsExactlyInAnyOrder("committed-1", "committed-2", "committed-3");
    }

    @Test
    void shouldNotAutoCreateTopics() throws Exception {
        try (KafkaProducer<String, String> producer = KafkaTestClients.producer(
                broker.bootstrapServers(), Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1500))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("never-created", "k", "v"))
                            .get(10, TimeUnit.SECONDS))
                    .hasStackTraceContaining("not present in metadata");
        }
        try (Admin admin = KafkaTestClients.admin(broker.bootstrapServers())) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain("never-created");
        }
    }
}
