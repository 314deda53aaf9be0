package io.agreementgate.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.runtime.AgreementGateCli;
import io.agreementgate.runtime.GateClient;
import io.agreementgate.runtime.TestRecords;
import io.agreementgate.runtime.config.GateSettings;
import io.agreementgate.runtime.gate.GateProcess;
import io.agreementgate.testkit.KafkaTopics;
import io.agreementgate.topology.config.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agreement-gate embedded --brokers 3} in its own process, and a gate on it: every topic the gate and Kafka
 * Streams create gets 3 replicas with {@code min.insync.replicas=2}, from the cluster's settings alone.
 */
class ReplicatedEmbeddedClusterTest {
    private static final String APP = "replicated-gate";

    @TempDir
    Path dataDir;

    @Test
    void shouldReplicateTheGateTopicsAndKafkaStreamsInternalTopicsOnThreeBrokers() throws Exception {
        Path log = dataDir.resolve("embedded.log");
        Process embedded = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx512m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        AgreementGateCli.class.getName(),
                        "embedded",
                        "--brokers",
                        "3",
                        "--data-dir",
                        dataDir.resolve("cluster").toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            Awaitility.await()
                    .atMost(Duration.ofMinutes(2))
                    .until(() -> !embedded.isAlive() || Files.readString(log).contains("Stop with Ctrl-C"));
            assertThat(embedded.isAlive())
                    .as("embedded cluster running; log:%n%s", Files.readString(log))
                    .isTrue();
            assertThat(Files.readString(log)).contains("brokers              3");

            ByteArrayOutputStream banner = new ByteArrayOutputStream();
            GateSettings settings = GateSettings.of(Map.of(
                    "gate.data.dir",
                    dataDir.resolve("cluster").toString(),
                    "application.id",
                    APP,
                    "gate.http.port",
                    "0",
                    "commit.interval.ms",
                    "100"));
            try (GateProcess gate =
                    GateProcess.start(settings, new PrintStream(banner, true, StandardCharsets.UTF_8))) {
                gate.runner().awaitRunning(Duration.ofMinutes(2));
                String bootstrap = gate.cluster().bootstrapServers();
                assertThat(bootstrap.split(",")).hasSize(3);
                try (GateClient client =
                        new GateClient(bootstrap, gate.cluster().schemaRegistryUrl(), Topics.DEFAULTS)) {
                    client.attest(TestRecords.mca("cust-replicated"), "cust-replicated");
                    client.order(
                            TestRecords.order("cust-replicated")
                                    .setOrderId("order-replicated")
                                    .build(),
                            "cust-replicated");
                    client.awaitApproved("order-replicated", Duration.ofSeconds(90));
                }

                try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                    Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                            .filter(t -> Topics.DEFAULTS.all().contains(t) || t.startsWith(APP + "-"))
                            .collect(Collectors.toSet());
                    assertThat(topics)
                            .as("the gate's topics and Kafka Streams' changelogs and repartition topic")
                            .containsAll(Topics.DEFAULTS.all())
                            .anyMatch(t -> t.endsWith("-changelog"))
                            .anyMatch(t -> t.endsWith("-repartition"));
                    Map<String, TopicDescription> described = KafkaTopics.awaitReady(admin, topics);
                    assertThat(described.values())
                            .allSatisfy(t -> assertThat(t.partitions())
                                    .as(t.name())
                                    .allSatisfy(p -> assertThat(p.replicas()).hasSize(3)));
                    Map<ConfigResource, Config> configs = admin.describeConfigs(topics.stream()
                                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t))
                                    .toList())
                            .all()
                            .get(30, TimeUnit.SECONDS);
                    assertThat(configs)
                            .allSatisfy((topic, config) -> assertThat(
                                            config.get("min.insync.replicas").value())
                                    .as(topic.name())
                                    .isEqualTo("2"));
                }
            }
        } finally {
            embedded.destroy();
            if (!embedded.waitFor(60, TimeUnit.SECONDS)) {
                embedded.destroyForcibly();
            }
        }
    }
}
