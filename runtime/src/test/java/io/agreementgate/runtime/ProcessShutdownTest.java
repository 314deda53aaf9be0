package io.agreementgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.schema.Order;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agreement-gate run} as its own OS process, the way crash tests and operators run it: SIGTERM stops it
 * through the shutdown hook, which commits the processed input before the process exits.
 */
@ExtendWith(SharedCluster.class)
class ProcessShutdownTest {
    @TempDir
    Path dataDir;

    @Test
    void sigtermCommitsAndStops() throws Exception {
        Map<String, String> settings = TestSettings.onSharedCluster("proc", dataDir, 3000);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                AgreementGateCli.class.getName(),
                "run"));
        settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
        Path out = dataDir.resolve("out.txt");
        Path err = dataDir.resolve("err.txt");
        Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        try {
            // A JVM of its own starting Kafka Streams: seconds here, minutes on a saturated CI machine; a process that
            // died says so at once rather than at the bound.
            Awaitility.await()
                    .atMost(Duration.ofMinutes(3))
                    .until(() -> !process.isAlive() || read(out).contains("Stop with Ctrl-C."));
            assertThat(process.isAlive()).as(read(err)).isTrue();
            Order order;
            try (GateClient client = new GateClient(
                    SharedCluster.get().bootstrapServers(),
                    SharedCluster.get().schemaRegistryUrl(),
                    TestSettings.topics("proc"))) {
                String customer = TestRecords.unique("cust");
                client.attest(TestRecords.mca(customer), customer);
                order = TestRecords.order(customer).build();
                client.order(order, customer);
                client.awaitApproved(order.getOrderId(), Duration.ofSeconds(60));
            }

            process.destroy(); // SIGTERM
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(read(err)).isTrue();
            assertThat(process.exitValue())
                    .as("a clean stop on SIGTERM exits 0")
                    .isZero();
            assertThat(read(err)).contains("Gate stopped");
            assertThat(committedLag("gate-proc", TestSettings.topics("proc").orders()))
                    .isZero();
        } finally {
            process.destroyForcibly();
        }
    }

    /** How far the group's committed offsets are behind the end of the topic. */
    private static long committedLag(String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedCluster.get().bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            for (int p = 0; p < 3; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            long lag = 0;
            for (var entry :
                    admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet()) {
                OffsetAndMetadata done = committed.get(entry.getKey());
                lag += entry.getValue().offset() - (done == null ? 0 : done.offset());
            }
            return lag;
        }
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
