package io.agreementgate.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.embedded.ConsumerGroupProgress;
import io.agreementgate.embedded.EmbeddedKafkaBroker;
import io.agreementgate.embedded.EmbeddedSchemaRegistry;
import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.serde.AvroSerdes;
import io.agreementgate.serde.HttpSchemaRegistryClient;
import io.agreementgate.testkit.DecisionReader;
import io.agreementgate.testkit.LoadGenerator;
import io.agreementgate.topology.config.GateTopics;
import io.agreementgate.topology.config.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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
        // Created before the preload: the embedded broker does not create topics on first use.
        Fixture.createTopics(broker.bootstrapServers(), topics);
        long loading = System.nanoTime();
        preload(topics.attestations());
        try (LoadGenerator traffic = Fixture.load(broker.bootstrapServers(), registry.url(), topics);
                DecisionReader ledger = Fixture.decisions(broker.bootstrapServers(), registry.url(), topics);
                GateJvm first = start(app + "-a", settings);
                GateJvm second = start(app + "-b", settings)) {
            // Until the gates' committed offsets reach the end of the attestations: the whole state is applied.
            ConsumerGroupProgress.awaitConsumed(
                    broker.bootstrapServers(), app, topics.attestations(), Duration.ofMinutes(20));
            double applied = (System.nanoTime() - loading) / 1e9;
            traffic.start(Integer.MAX_VALUE, 100);
            Thread.sleep(10_000);
            // The one holding active tasks must die: the assignor may have left the other with standbys only.
            GateJvm victim =
                    holdsMoreActiveTasks(app, root.resolve(app + "-b"), root.resolve(app + "-a")) ? second : first;
            GateJvm survivor = victim == second ? first : second;
            Instant killed = Instant.now();
            victim.kill();
            Thread.sleep(40_000);
            traffic.stop().awaitDone();
            int orders = traffic.sent();
            ledger.awaitAll(orders, Duration.ofMinutes(5));
            System.out.printf(
                    "takeover at scale, %,d customers (loaded and applied in %.0f s), num.standby.replicas=%d: stall %s;"
                            + " %s%n",
                    CUSTOMERS,
                    applied,
                    standbys,
                    ledger.longestStall(killed, killed.plusMillis(1)),
                    ledger.summary(orders));
            assertThat(survivor.output()).doesNotContain("Kafka Streams RUNNING -> ERROR");
            assertThat(ledger.decidedMoreThanOnce()).isEmpty();
            assertThat(ledger.decidedOrders()).isEqualTo(orders);
        }
    }

    @SuppressWarnings("FutureReturnValueIgnored") // a failure reaches the callback, checked after the sends
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
            // A refused record would leave the takeover with less state than the test claims.
            AtomicReference<Exception> failure = new AtomicReference<>();
            for (int c = 0; c < CUSTOMERS; c++) {
                String customer = "bulk-" + c;
                producer.send(new ProducerRecord<>(topic, customer, LoadGenerator.attestation(customer)), (m, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
            if (failure.get() != null) {
                throw new IllegalStateException("preloading the attestations failed", failure.get());
            }
        }
    }

    /** Whether the instance on {@code dataDir} has more input partitions assigned than the one on {@code other}. */
    private static boolean holdsMoreActiveTasks(String groupId, Path dataDir, Path other) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            Map<String, Integer> partitionsByInstance = new LinkedHashMap<>();
            for (MemberDescription member : admin.describeConsumerGroups(List.of(groupId))
                    .all()
                    .get()
                    .get(groupId)
                    .members()) {
                member.groupInstanceId()
                        .ifPresent(id -> partitionsByInstance.merge(
                                id, member.assignment().topicPartitions().size(), Integer::sum));
            }
            return partitionsByInstance.getOrDefault(instanceId(dataDir), 0)
                    > partitionsByInstance.getOrDefault(instanceId(other), 0);
        }
    }

    /** The static {@code group.instance.id} the instance keeps in its state directory. */
    private static String instanceId(Path dataDir) throws IOException {
        try (Stream<Path> files =
                Files.find(dataDir, 5, (f, a) -> f.getFileName().toString().equals("group-instance.id"))) {
            Path file = files.findFirst().orElseThrow(() -> new IOException("no group-instance.id under " + dataDir));
            return Files.readString(file).trim();
        }
    }

    private static GateJvm start(String name, Map<String, String> settings) throws Exception {
        Path dataDir = root.resolve(name);
        return GateJvm.start(
                        root.resolve(name + ".log"),
                        Fixture.options(broker.bootstrapServers(), registry.url(), dataDir),
                        settings)
                .awaitHealthy(Duration.ofMinutes(5));
    }
}
