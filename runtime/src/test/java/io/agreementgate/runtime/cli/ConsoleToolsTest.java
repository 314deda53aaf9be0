package io.agreementgate.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agreementgate.runtime.SharedCluster;
import io.agreementgate.runtime.TestRecords;
import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.Order;
import io.agreementgate.serde.AvroJson;
import io.agreementgate.testkit.KafkaTopics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code produce} and {@code consume} against the embedded cluster, found through its cluster.properties. */
@ExtendWith(SharedCluster.class)
class ConsoleToolsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path unused;

    @BeforeAll
    static void createTopics() throws Exception {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedCluster.get().bootstrapServers()))) {
            KafkaTopics.create(
                    admin,
                    List.of(
                            new NewTopic("tools.orders", Optional.of(3), Optional.empty()),
                            new NewTopic("tools.keyed", Optional.of(1), Optional.empty()),
                            new NewTopic("tools.bad", Optional.of(1), Optional.empty())));
        }
    }

    /** The embedded cluster is found through {@code <data-dir>/cluster.properties}, as `embedded` leaves it. */
    private static String dataDir() {
        return SharedCluster.get().root().toString();
    }

    @Test
    void producedLinesComeBackAsTheSameJson() throws Exception {
        List<String> lines = List.of(
                AvroJson.toJson(TestRecords.order("cust-a").build()),
                AvroJson.toJson(TestRecords.order("cust-b")
                        .setIndirectProviderId("provider-x")
                        .build()),
                AvroJson.toJson(TestRecords.order("cust-c").build()));

        // The value type is guessed: tools.orders is the configured orders topic.
        Cli.Result produced = Cli.run(
                String.join("\n", lines) + "\n\n",
                Map.of("AGREEMENT_GATE_GATE_TOPIC_ORDERS", "tools.orders"),
                "produce",
                "--topic",
                "tools.orders",
                "--data-dir",
                dataDir());
        assertThat(produced.exitCode()).as(produced.err()).isZero();
        assertThat(produced.err()).contains("sent 3 record(s) to tools.orders as io.agreementgate.schema.Order");

        Cli.Result consumed = Cli.run(
                "consume",
                "--topic",
                "tools.orders",
                "--from-beginning",
                "--max-messages",
                "3",
                "--print-key",
                "--data-dir",
                dataDir());
        assertThat(consumed.exitCode()).as(consumed.err()).isZero();
        List<String> printed = consumed.out().lines().toList();
        assertThat(printed).hasSize(3);
        for (String line : printed) {
            String[] keyAndJson = line.split("\t", 2);
            String customer = JSON.readTree(keyAndJson[1]).path("customerId").asText();
            assertThat(keyAndJson[0]).as("keyed by customerId").isEqualTo(customer);
        }
        assertThat(printed.stream().map(l -> l.split("\t", 2)[1]).map(ConsoleToolsTest::tree))
                .containsExactlyInAnyOrderElementsOf(
                        lines.stream().map(ConsoleToolsTest::tree).toList());
    }

    @Test
    void keysCanBeGivenOnEachLine() {
        String order = AvroJson.toJson(TestRecords.order("cust-k").build());
        Cli.Result produced = Cli.run(
                "my-key\t" + order + "\n",
                Map.of(),
                "produce",
                "--topic",
                "tools.keyed",
                "--value-type",
                "order",
                "--parse-key",
                "--data-dir",
                dataDir());
        assertThat(produced.exitCode()).as(produced.err()).isZero();

        Cli.Result consumed = Cli.run(
                "consume",
                "--topic",
                "tools.keyed",
                "--from-beginning",
                "--timeout-ms",
                "3000",
                "--print-key",
                "--data-dir",
                dataDir());
        assertThat(consumed.out().lines()).containsExactly("my-key\t" + order);
    }

    @Test
    void aBadLineIsReportedWithItsNumberAndNothingIsSent() {
        String good = AvroJson.toJson(TestRecords.order("cust-x").build());
        String bad = good.replace("\"orderType\":\"NEW_PURCHASE\"", "\"orderType\":\"GIFT\"");
        Cli.Result produced = Cli.run(
                good + "\n" + good + "\n" + bad + "\n" + good + "\n",
                Map.of(),
                "produce",
                "--topic",
                "tools.bad",
                "--value-type",
                Order.class.getName(),
                "--data-dir",
                dataDir());

        assertThat(produced.exitCode()).isEqualTo(1);
        assertThat(produced.err().lines())
                .singleElement()
                .satisfies(line ->
                        assertThat(line).startsWith("agreement-gate: line 3: ").contains("GIFT"));
        assertThat(endOffset("tools.bad")).isZero();
    }

    @Test
    void aBadLineIsReportedWithoutRepeatingItsContent() {
        String good = AvroJson.toJson(TestRecords.mca("cust-pii"));
        String notJson = good.replace("\"ada@contoso.com\"", "zelda.quist@example.org");
        String wrongType = good.replace("\"Lovelace\"", "{\"string\": {\"Vandersloot\": 1}}");

        for (String bad : List.of(notJson, wrongType)) {
            Cli.Result produced = Cli.run(
                    good + "\n" + bad + "\n",
                    Map.of(),
                    "produce",
                    "--topic",
                    "tools.bad",
                    "--value-type",
                    AgreementAttestation.class.getName(),
                    "--data-dir",
                    dataDir());

            assertThat(produced.exitCode()).isEqualTo(1);
            assertThat(produced.err().lines())
                    .singleElement()
                    .satisfies(line -> assertThat(line)
                            .startsWith("agreement-gate: line 2: not Avro JSON of a AgreementAttestation: ")
                            .doesNotContain("zelda")
                            .doesNotContain("Vandersloot")
                            .doesNotContain("Ada"));
        }
    }

    @Test
    void aTopicOfUnknownTypeNeedsAValueType() {
        Cli.Result produced = Cli.run("{}\n", Map.of(), "produce", "--topic", "tools.bad", "--data-dir", dataDir());
        assertThat(produced.exitCode()).isEqualTo(1);
        assertThat(produced.err()).contains("cannot tell the value type of topic tools.bad");
    }

    @Test
    void consumingAMissingTopicSaysSo() {
        Cli.Result consumed = Cli.run("consume", "--topic", "tools.missing", "--data-dir", dataDir());
        assertThat(consumed.exitCode()).isEqualTo(1);
        assertThat(consumed.err()).contains("topic tools.missing does not exist");
    }

    @Test
    void toolsWithoutAClusterSaySo(@TempDir Path empty) {
        Cli.Result consumed = Cli.run("consume", "--topic", "x", "--data-dir", empty.toString());
        assertThat(consumed.exitCode()).isEqualTo(1);
        assertThat(consumed.err().lines())
                .singleElement()
                .satisfies(line -> assertThat(line).contains("no Kafka cluster"));
    }

    private static com.fasterxml.jackson.databind.JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long endOffset(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        SharedCluster.get().bootstrapServers()),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            return consumer.endOffsets(List.of(new TopicPartition(topic, 0)))
                    .values()
                    .iterator()
                    .next();
        }
    }
}
