package io.agreementgate.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.embedded.EmbeddedKafkaBroker;
import io.agreementgate.embedded.EmbeddedSchemaRegistry;
import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.serde.AvroSerdes;
import io.agreementgate.serde.HttpSchemaRegistryClient;
import io.agreementgate.topology.config.GateTopics;
import io.agreementgate.topology.config.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The survivor's takeover from a dead instance when the state is large: {@code customers} customers' agreement state
 * (default one million) is applied by two instances, one is killed with SIGKILL under load, and the longest stall is
 * printed, with one standby replica (the gate's default) and without. Not part of {@code mvn verify}; run it with
 * {@code mvn -B -pl resilience -am verify -Dtest=none -Dit.test=TakeoverAtScaleSoak
 * -Dsurefire.failIfNoSpecifiedTests=false [-Dsoak.customers=N]}. Figures: docs/RESILIENCE.md.
 */
class TakeoverAtScaleSoak {
    private static final int CUSTOMERS = Integer.getInteger("soak.customers", 1_000_000);

    private static Path root;
    private static EmbeddedKafkaBroker broker;
    private static EmbeddedSchemaRegistry registry;

    @BeforeAll
    static void startCluster() throws Exception {
        root = Files.createTempDirectory("takeover-soak-");
        broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Config.of(root.resolve("kafka")));
        registry = EmbeddedSchemaRegistry.start(root.resolve("registry"));
    }

    @AfterAll
    static void stopCluster() {
        registry.close();
        broker.close();
    }

    @ParameterizedTest(name = "num.standby.replicas={0}")
    @ValueSource(ints = {1, 0})
    void takeoverFromADeadInstanceWithLargeState(int standbys) throws Exception {
        String app = "soak-scale-" + standbys;
        Topics topics = Topics.DEFAULTS.prefixed(app);
        Map<String, String> settings = new LinkedHashMap<>(Fixture.defaults(app, Duration.ofSeconds(3)));
        settings.putAll(topics.settings());
        settings.put("num.standby.replicas", Integer.toString(standbys));
        long loading = System.nanoTime();
        preload(topics.attestations());
        try (Traffic traffic = new Traffic(broker.bootstrapServers(), registry.url(), topics);
                DecisionLedger ledger = new DecisionLedger(broker.bootstrapServers(), registry.url(), topics);
                GateJvm first = start(app + "-a", settings);
                GateJvm second = start(app + "-b", settings)) {
            awaitConsumed(app, topics.attestations(), Duration.ofMinutes(20));
            double applied = (System.nanoTime() - loading) / 1e9;
            traffic.start(Integer.MAX_VALUE, 100);
            Thread.sleep(10_000);
            Instant killed = Instant.now();
            second.kill();
            Thread.sleep(40_000);
            traffic.stop().awaitDone();
            int orders = traffic.sent();
            Decisions.awaitAll(ledger, orders, Duration.ofMinutes(5));
            System.out.printf(
                    "takeover at scale, %,d customers (loaded and applied in %.0f s), num.standby.replicas=%d: stall %s;"
                            + " %s%n",
                    CUSTOMERS,
                    applied,
                    standbys,
                    ledger.longestStall(killed, killed.plusMillis(1)),
                    ledger.summary(orders));
            assertThat(first.output()).doesNotContain("Kafka Streams RUNNING -> ERROR");
            assertThat(ledger.decidedMoreThanOnce()).isEmpty();
            assertThat(ledger.decidedOrders()).isEqualTo(orders);
        }
    }

    private static void preload(String topic) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        AvroSerdes serdes =
                new AvroSerdes(new HttpSchemaRegistryClient(HttpSchemaRegistryClient.Config.of(registry.url())), true);
        try (KafkaProducer<String, AgreementAttestation> producer = new KafkaProducer<>(
                props,
                new StringSerializer(),
                GateTopics.ATTESTATIONS.valueSerde(serdes).serializer())) {
            for (int c = 0; c < CUSTOMERS; c++) {
                String customer = "bulk-" + c;
                producer.send(new ProducerRecord<>(topic, customer, Records.attestation(customer)));
            }
        }
    }

    /** Until the gates' committed offsets reach the end of the attestations: the whole state is applied. */
    private static void awaitConsumed(String groupId, String topic, Duration timeout) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
            for (int p = 0; p < Fixture.PARTITIONS; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            var ends = admin.listOffsets(latest).all().get();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                        .partitionsToOffsetAndMetadata()
                        .get();
                if (ends.entrySet().stream()
                        .allMatch(e -> committed.get(e.getKey()) != null
                                && committed.get(e.getKey()).offset()
                                        >= e.getValue().offset())) {
                    return;
                }
                Thread.sleep(500);
            }
            throw new IllegalStateException(groupId + " did not apply " + topic + " within " + timeout);
        }
    }

    private static GateJvm start(String name, Map<String, String> settings) throws Exception {
        Path dataDir = root.resolve(name);
        return GateJvm.start(
                        root.resolve(name + ".log"),
                        Fixture.options(broker.bootstrapServers(), registry.url(), dataDir),
                        settings)
                .awaitHealthy(Duration.ofSeconds(300));
    }
}
