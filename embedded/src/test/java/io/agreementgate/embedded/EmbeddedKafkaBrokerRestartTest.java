package io.agreementgate.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.testkit.KafkaTopics;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerRestartTest {

    @Test
    void shouldKeepRecordsAcrossBrokerRestart(@TempDir Path dataDir) throws Exception {
        String firstAddress;
        String firstClusterId;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir)) {
            firstAddress = broker.bootstrapServers();
            firstClusterId = clusterId(firstAddress);
            KafkaTestClients.createTopic(firstAddress, "survivors", 3);
            KafkaTestClients.produce(firstAddress, "survivors", List.of("before-1", "before-2"));
        }

        try (EmbeddedKafkaBroker restarted = EmbeddedKafkaBroker.start(dataDir)) {
            assertThat(restarted.bootstrapServers()).isEqualTo(firstAddress);
            assertThat(clusterId(firstAddress)).isEqualTo(firstClusterId);
            assertThat(KafkaTestClients.consume(firstAddress, "survivors", 2))
                    .containsExactlyInAnyOrder("before-1", "before-2");

            KafkaTestClients.produce(firstAddress, "survivors", List.of("after-1"));
            assertThat(KafkaTestClients.consume(firstAddress, "survivors", 3))
                    .containsExactlyInAnyOrder("before-1", "before-2", "after-1");
        }
    }

    @Test
    void shouldUseFixedPortAndConfiguredDefaultPartitions(@TempDir Path dataDir) throws Exception {
        int port = PortFile.freePort();
        EmbeddedKafkaBroker.Config config =
                EmbeddedKafkaBroker.Config.of(dataDir).withPort(port).withDefaultPartitions(2);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(config);
                Admin admin = KafkaTestClients.admin(broker.bootstrapServers())) {
            assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            assertThat(KafkaTopics.create(
                                    admin, List.of(new NewTopic("two-partitions", Optional.empty(), Optional.empty())))
                            .get("two-partitions")
                            .partitions())
                    .hasSize(2);
        }
    }

    private static String clusterId(String bootstrap) throws Exception {
        try (Admin admin = KafkaTestClients.admin(bootstrap)) {
            return admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
        }
    }
}
