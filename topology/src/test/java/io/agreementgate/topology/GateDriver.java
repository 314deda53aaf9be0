package io.agreementgate.topology;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.ApprovedOrder;
import io.agreementgate.schema.Order;
import io.agreementgate.schema.RejectedAttestation;
import io.agreementgate.schema.RejectedOrder;
import io.agreementgate.serde.AvroSerdes;
import io.agreementgate.serde.InMemorySchemaRegistry;
import io.agreementgate.serde.SchemaRegistryClient;
import io.agreementgate.topology.config.GateConfig;
import io.agreementgate.topology.config.GateTopic;
import io.agreementgate.topology.config.GateTopics;
import io.agreementgate.topology.config.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/** The gate under Kafka Streams' TopologyTestDriver, with the real Avro serdes on an in-memory registry. */
final class GateDriver implements AutoCloseable {
    static final Instant WALL_CLOCK_START = Instant.parse("2026-11-25T08:00:00Z");

    final AvroSerdes serdes;
    final TopologyTestDriver driver;
    final TestInputTopic<String, Order> orders;
    final TestInputTopic<String, AgreementAttestation> attestations;
    final TestInputTopic<String, byte[]> rawOrders;
    final TestOutputTopic<String, ApprovedOrder> approved;
    final TestOutputTopic<String, RejectedOrder> rejected;
    final TestOutputTopic<String, RejectedAttestation> rejectedAttestations;

    GateDriver() {
        this(GateConfig.defaults());
    }

    GateDriver(GateConfig config) {
        this(config, new InMemorySchemaRegistry());
    }

    GateDriver(GateConfig config, SchemaRegistryClient registry) {
        serdes = new AvroSerdes(registry, true);
        Topics topics = config.topics();
        Properties properties = config.streamsProperties();
        // TopologyTestDriver does not hand out the dead-letter records Kafka Streams produces under exactly-once (the
        // real broker does: DeadLetterIT); the rest of the topology behaves the same under either guarantee.
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        // A state directory of its own: the default (/tmp/kafka-streams/<application.id>) is shared with every other
        // test JVM on the machine, whose open stores hold the same RocksDB locks.
        try {
            properties.put(
                    StreamsConfig.STATE_DIR_CONFIG,
                    java.nio.file.Files.createTempDirectory("gate-driver").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        driver = new TopologyTestDriver(GateTopology.build(config, serdes), properties, WALL_CLOCK_START);
        orders = input(topics, GateTopics.ORDERS);
        rawOrders = driver.createInputTopic(
                topics.name(GateTopics.ORDERS),
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        attestations = input(topics, GateTopics.ATTESTATIONS);
        approved = output(topics, GateTopics.ORDERS_APPROVED);
        rejected = output(topics, GateTopics.ORDERS_REJECTED);
        rejectedAttestations = output(topics, GateTopics.ATTESTATIONS_REJECTED);
    }

    private <V> TestInputTopic<String, V> input(Topics topics, GateTopic<V> topic) {
        return driver.createInputTopic(
                topics.name(topic),
                Serdes.String().serializer(),
                topic.valueSerde(serdes).serializer());
    }

    private <V> TestOutputTopic<String, V> output(Topics topics, GateTopic<V> topic) {
        return driver.createOutputTopic(
                topics.name(topic),
                Serdes.String().deserializer(),
                topic.valueSerde(serdes).deserializer());
    }

    static GateDriver withoutWaiting() {
        return new GateDriver(GateConfig.defaults().withMaxWait(Duration.ZERO));
    }

    void send(Order order) {
        orders.pipeInput(order.getCustomerId(), order, order.getOrderedAt());
    }

    void send(AgreementAttestation attestation) {
        attestations.pipeInput(attestation.getCustomerId(), attestation, attestation.getRecordedAt());
    }

    void advanceWallClock(Duration duration) {
        driver.advanceWallClockTime(duration);
    }

    List<TestRecord<String, ApprovedOrder>> approvedRecords() {
        return approved.readRecordsToList();
    }

    List<TestRecord<String, RejectedOrder>> rejectedRecords() {
        return rejected.readRecordsToList();
    }

    <V> KeyValueStore<String, V> store(String name) {
        return driver.getKeyValueStore(name);
    }

    @Override
    public void close() {
        driver.close();
    }
}
