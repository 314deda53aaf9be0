package io.agreementgate.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agreementgate.testkit.KafkaTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker as a secured cluster: SASL_SSL with SCRAM-SHA-512, TLS from a generated CA, ACLs. */
class EmbeddedSecuredBrokerTest {
    @TempDir
    static Path dataDir;

    private static EmbeddedBrokerSecurity security;
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        security = EmbeddedBrokerSecurity.saslSsl(
                Map.of("alice", "alice-secret", "mallory", "mallory-secret"), dataDir.resolve("tls"));
        broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Config.of(dataDir.resolve("kafka")), security);
        try (Admin admin = admin(EmbeddedBrokerSecurity.ADMIN)) {
            KafkaTopics.create(
                    admin, List.of(new NewTopic("granted", 1, (short) 1), new NewTopic("secret", 1, (short) 1)));
            admin.createAcls(List.of(
                            allow("alice", ResourceType.TOPIC, "granted", AclOperation.ALL),
                            allow("alice", ResourceType.GROUP, "alice-group", AclOperation.READ)))
                    .all()
                    .get(60, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldLetAGrantedUserProduceAndConsumeOverSaslSsl() throws Exception {
        try (KafkaProducer<String, String> producer = producer(security.clientProperties("alice"))) {
            producer.send(new ProducerRecord<>("granted", "k", "v")).get(60, TimeUnit.SECONDS);
        }
        Map<String, Object> config = new HashMap<>(security.clientProperties("alice"));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "alice-group");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("granted"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            ConsumerRecords<String, String> records = ConsumerRecords.empty();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                records = consumer.poll(Duration.ofMillis(500));
            }
            assertThat(records.iterator().next().value()).isEqualTo("v");
        }
    }

    @Test
    void shouldRefuseAWrongPassword() {
        try (KafkaProducer<String, String> producer = producer(security.clientProperties("alice", "wrong"))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("granted", "k", "v"))
                            .get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void shouldRefuseATopicWithoutAnAcl() {
        try (KafkaProducer<String, String> producer = producer(security.clientProperties("mallory"))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("secret", "k", "v"))
                            .get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void shouldKeepTheTlsStoresOwnerOnly() throws Exception {
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(security.tls().keystore())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("tls"))))
                .isEqualTo("rwx------");
    }

    private static KafkaProducer<String, String> producer(Map<String, String> client) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static Admin admin(String user) {
        Map<String, Object> config = new HashMap<>(security.clientProperties(user));
        config.put("bootstrap.servers", broker.bootstrapServers());
        return Admin.create(config);
    }

    private static AclBinding allow(String user, ResourceType type, String name, AclOperation operation) {
        return new AclBinding(
                new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry(
                        EmbeddedBrokerSecurity.principal(user), "*", operation, AclPermissionType.ALLOW));
    }
}
