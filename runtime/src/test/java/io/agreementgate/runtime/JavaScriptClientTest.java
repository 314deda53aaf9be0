package io.agreementgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.Order;
import io.agreementgate.testkit.Samples;
import io.agreementgate.topology.Placement;
import io.agreementgate.topology.config.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backend in another language, with Confluent's own JavaScript registry client {@code @confluentinc/schemaregistry}
 * on Node.js: it registers the contract's schemas on the embedded registry and serializes an attestation and orders
 * with its AvroSerializer; those bytes go on the wire as they are, the attestation onto the partition librdkafka's CRC32
 * default picks; the gate decides them; the client's AvroDeserializer reads the gate's decisions.
 *
 * <p>The client is installed by {@code npm ci --prefix embedded/src/test/node} ({@code .ci/run} does it). Without Node
 * or the client the test is skipped on a developer machine but fails in CI ({@code CI=true}).
 */
@ExtendWith(SharedCluster.class)
class JavaScriptClientTest {
    private static final Path CLIENT_DIR = Path.of("..", "embedded", "src", "test", "node");
    private static final String SCRIPT = "confluent-avro.mjs";
    private static final Duration DECISION = Duration.ofSeconds(90);
    private static final int PARTITIONS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void shouldDecideRecordsWrittenByConfluentsJavaScriptClientAndLetItReadTheDecisions() throws Exception {
        requireClient();
        String prefix = "js-client";
        Topics topics = TestSettings.topics(prefix);
        // A customer whose CRC32 partition is not its murmur2 one, so the attestation lands off its partition.
        String customer = IntStream.range(0, 200)
                .mapToObj(i -> "js-cust-" + i)
                .filter(c -> PlacedWriter.crc32Partition(c, PARTITIONS) != Placement.home(c, PARTITIONS))
                .findFirst()
                .orElseThrow();
        AgreementAttestation attestation =
                Samples.anAttestation().id("js-att").customer(customer).build();
        Order attested = Samples.anOrder().id("js-order-1").customer(customer).build();
        Order otherPartner = Samples.anOrder()
                .id("js-order-2")
                .customer(customer)
                .partner(Samples.OTHER_PARTNER)
                .build();

        try (RunningGate gate = RunningGate.start(prefix, dataDir, 0, Duration.ofMinutes(2))) {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put(
                    "register",
                    List.of(
                            Map.of("subject", topics.attestations() + "-value", "schema", schema(attestation)),
                            Map.of("subject", topics.orders() + "-value", "schema", schema(attested))));
            request.put(
                    "serialize",
                    List.of(
                            Map.of("topic", topics.attestations(), "value", js(attestation)),
                            Map.of("topic", topics.orders(), "value", js(attested)),
                            Map.of("topic", topics.orders(), "value", js(otherPartner))));
            JsonNode written = runClient(request);
            assertThat(written.path("registered")).hasSize(2);
            List<byte[]> bytes = new ArrayList<>();
            written.path("serialized").forEach(hex -> bytes.add(HexFormat.of().parseHex(hex.asText())));

            try (KafkaProducer<String, byte[]> producer = producer()) {
                producer.send(new ProducerRecord<>(
                                topics.attestations(),
                                PlacedWriter.crc32Partition(customer, PARTITIONS),
                                customer,
                                bytes.get(0)))
                        .get();
                // The first order after its attestation has been applied, so that it need not wait.
                PlacementIntegrationTest.settle(prefix);
                producer.send(new ProducerRecord<>(topics.orders(), customer, bytes.get(1)))
                        .get();
                producer.send(new ProducerRecord<>(topics.orders(), customer, bytes.get(2)))
                        .get();
            }

            List<String> decisions = new ArrayList<>();
            decisions.add(HexFormat.of().formatHex(awaitValue(topics.approvedOrders(), "js-order-1")));
            decisions.add(HexFormat.of().formatHex(awaitValue(topics.rejectedOrders(), "js-order-2")));
            JsonNode read = runClient(Map.of(
                    "deserialize",
                    List.of(
                            Map.of("topic", topics.approvedOrders(), "hex", decisions.get(0)),
                            Map.of("topic", topics.rejectedOrders(), "hex", decisions.get(1)))));

            JsonNode approved = read.path("deserialized").get(0);
            assertThat(approved.path("order").path("orderId").asText()).isEqualTo("js-order-1");
            assertThat(approved.path("order").path("customerId").asText()).isEqualTo(customer);
            assertThat(approved.path("evidence").get(0).path("attestationId").asText())
                    .isEqualTo("js-att");
            JsonNode rejected = read.path("deserialized").get(1);
            assertThat(rejected.path("order").path("orderId").asText()).isEqualTo("js-order-2");
            assertThat(rejected.path("reasons").get(0).path("code").asText()).isEqualTo("ACCEPTANCE_BY_OTHER_PARTNER");
            // The attestation took the hop to its customer's partition; the orders were written where it lives.
            Awaitility.await()
                    .atMost(DECISION)
                    .untilAsserted(() -> assertThat(
                                    GateMetricsTest.scrape(gate.gate().runner().httpUrl())
                                            .value(
                                                    "agreement_gate_rerouted_records_total",
                                                    Map.of("topic", topics.attestations(), "cause", "partition")))
                            .isEqualTo(1.0));
        }
    }

    /** The writer's schema: the contract as the gate knows it, registered by the JavaScript client. */
    private static String schema(SpecificRecord record) {
        return record.getSchema().toString();
    }

    /** A record as a JavaScript backend builds it: plain values, timestamps as epoch millis, enums as symbols. */
    static Object js(Object value) {
        if (value instanceof SpecificRecord record) {
            Map<String, Object> object = new LinkedHashMap<>();
            for (Schema.Field field : record.getSchema().getFields()) {
                object.put(field.name(), js(record.get(field.pos())));
            }
            return object;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(JavaScriptClientTest::js).toList();
        }
        if (value instanceof Instant instant) {
            return instant.toEpochMilli();
        }
        if (value instanceof Enum<?> symbol) {
            return symbol.name();
        }
        if (value instanceof CharSequence text) {
            return text.toString();
        }
        return value;
    }

    private static byte[] awaitValue(String topic, String orderId) {
        List<byte[]> found = new ArrayList<>();
        Awaitility.await().atMost(DECISION).pollInterval(Duration.ofMillis(500)).until(() -> {
            try (KafkaConsumer<String, byte[]> consumer = consumer()) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        // The order id is a plain UTF-8 string inside the Avro bytes: enough to pick the record.
                        if (new String(r.value(), StandardCharsets.UTF_8).contains(orderId)) {
                            found.add(r.value());
                        }
                    }
                }
            }
            return !found.isEmpty();
        });
        return found.get(0);
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        SharedCluster.get().bootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        SharedCluster.get().bootstrapServers(),
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    private JsonNode runClient(Map<String, Object> request) throws Exception {
        Path requestFile = Files.createTempFile(dataDir, "request", ".json");
        JSON.writeValue(requestFile.toFile(), request);
        Path output = Files.createTempFile(dataDir, "client", ".out");
        Process process = new ProcessBuilder(
                        List.of("node", SCRIPT, SharedCluster.get().schemaRegistryUrl(), requestFile.toString()))
                .directory(CLIENT_DIR.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("The JavaScript client did not finish in 120 s: " + Files.readString(output));
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(printed).isZero();
        List<String> lines = printed.lines().filter(l -> l.startsWith("{")).toList();
        assertThat(lines).as(printed).hasSize(1);
        return JSON.readTree(lines.get(0));
    }

    private static void requireClient() throws InterruptedException {
        String missing = null;
        if (!nodeRuns()) {
            missing = "Node.js (node) is not on the PATH";
        } else if (!Files.isRegularFile(CLIENT_DIR.resolve("node_modules/@confluentinc/schemaregistry/package.json"))) {
            missing = "the JavaScript registry client is not installed: run npm ci --prefix embedded/src/test/node";
        }
        if (missing != null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI must run the JavaScript client test, but " + missing);
            }
            Assumptions.abort(missing);
        }
    }

    private static boolean nodeRuns() throws InterruptedException {
        try {
            Process process = new ProcessBuilder("node", "--version")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
