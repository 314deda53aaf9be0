package io.agreementgate.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.schema.Order;
import io.agreementgate.serde.AvroSerdes;
import io.agreementgate.serde.HttpSchemaRegistryClient;
import io.agreementgate.testkit.DecisionReader;
import io.agreementgate.testkit.LoadGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Every kind of undecodable order, sent between good ones through the real broker: each lands in the dead-letter topic
 * with headers saying why and where it came from, and every good order is decided.
 */
class DeadLetterIT extends OnEmbeddedCluster {
    private static final String CUSTOMER = "cust-dlq";

    @Test
    @SuppressWarnings("try") // a gate resource is a process under test: it runs for the whole block
    void shouldDeadLetterEveryUndecodableKindAndDecideEveryGoodOrder() throws Exception {
        AvroSerdes serdes = new AvroSerdes(
                new HttpSchemaRegistryClient(HttpSchemaRegistryClient.Config.of(cluster.schemaRegistryUrl())), true);
        byte[] good = serdes.valueSerde(Order.class)
                .serializer()
                .serialize("csp.orders", LoadGenerator.order("x", CUSTOMER, 0));
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("not Avro", "{\"orderId\":\"o-1\"}".getBytes(StandardCharsets.UTF_8));
        bad.put("wrong magic byte", withFirstByte(good, (byte) 1));
        bad.put("unknown schema id", new byte[] {0, 0, 0, 0x7f, 0x7f, 2, 'x'});
        bad.put("truncated", Arrays.copyOf(good, good.length / 2));
        bad.put("null value", null);
        bad.put("unresolvable writer schema", unresolvable(serdes));

        try (GateJvm gate = GateJvm.start(
                                root.resolve("gate.log"),
                                Fixture.options(cluster, root.resolve("gate")),
                                Fixture.settings("dlq-gate", Duration.ofSeconds(3)))
                        .awaitHealthy(Duration.ofSeconds(90));
                LoadGenerator records = Fixture.load(cluster.bootstrapServers(), cluster.schemaRegistryUrl());
                KafkaProducer<String, byte[]> raw = rawProducer();
                DecisionReader ledger = Fixture.decisions(cluster.bootstrapServers(), cluster.schemaRegistryUrl())) {
            records.send(LoadGenerator.attestation(CUSTOMER));
            int goodOrders = 0;
            for (byte[] value : bad.values()) {
                records.send(LoadGenerator.order("good-" + goodOrders++, CUSTOMER, goodOrders));
                raw.send(new ProducerRecord<>(Fixture.TOPICS.orders(), CUSTOMER, value))
                        .get();
            }
            records.send(LoadGenerator.order("good-" + goodOrders++, CUSTOMER, goodOrders));

            ledger.awaitAll(goodOrders, Duration.ofSeconds(60));
            List<ConsumerRecord<byte[], byte[]>> dead = deadLetters(bad.size());

            System.out.printf(
                    "dead-letter test: %d good orders decided, %d of %d bad records dead-lettered%n",
                    ledger.decidedOrders(), dead.size(), bad.size());
            assertThat(ledger.approvals()).hasSize(goodOrders);
            assertThat(dead).hasSize(bad.size());
            List<byte[]> expected = new ArrayList<>(bad.values());
            for (int i = 0; i < dead.size(); i++) {
                ConsumerRecord<byte[], byte[]> record = dead.get(i);
                assertThat(record.value()).as("dead letter %d", i).isEqualTo(expected.get(i));
                assertThat(header(record, "__streams.errors.topic")).isEqualTo(Fixture.TOPICS.orders());
                assertThat(Class.forName(header(record, "__streams.errors.exception")))
                        .isAssignableTo(org.apache.kafka.common.errors.SerializationException.class);
                assertThat(header(record, "__streams.errors.message")).isNotBlank();
                assertThat(header(record, "__streams.errors.offset")).isNotBlank();
            }
        }
    }

    /** An "Order" written with a schema that has none of the fields the reader needs (registered elsewhere). */
    private static byte[] unresolvable(AvroSerdes serdes) {
        Schema alien = new Schema.Parser()
                .parse("{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"io.agreementgate.schema\","
                        + "\"fields\":[{\"name\":\"orderId\",\"type\":\"int\"}]}");
        GenericRecord record = new GenericData.Record(alien);
        record.put("orderId", 7);
        return new io.agreementgate.serde.GenericAvroSerializer(serdes.client(), false, true)
                .serialize("legacy.orders", record);
    }

    private static byte[] withFirstByte(byte[] bytes, byte first) {
        byte[] copy = bytes.clone();
        copy[0] = first;
        return copy;
    }

    private static KafkaProducer<String, byte[]> rawProducer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private static List<ConsumerRecord<byte[], byte[]>> deadLetters(int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Fixture.TOPICS.deadLetter()));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
