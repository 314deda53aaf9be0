package io.agreementgate.benchmarks;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.AgreementType;
import io.agreementgate.schema.Order;
import io.agreementgate.serde.AvroSerdes;
import io.agreementgate.serde.InMemorySchemaRegistry;
import io.agreementgate.testkit.Population;
import io.agreementgate.topology.GateTopology;
import io.agreementgate.topology.config.GateConfig;
import io.agreementgate.topology.config.GateTopics;
import io.agreementgate.topology.config.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One order through the whole built topology (Kafka Streams' {@code TopologyTestDriver}, real RocksDB stores, real Avro
 * serdes on an in-memory registry): source, deciding processor, the nodes between it and its sink, the sink. Run on two
 * builds of the gate, it prices a change of wiring (the nodes a decision passes) against everything else an order
 * costs on the stream thread; the broker and the network are not in it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 6, time = 2)
@Fork(2)
public class WiringBenchmark {
    private static final Instant ORDERED_AT = Instant.parse("2024-03-01T10:00:00Z");
    /** Customer 7 is attested below; customer 8 is not (and is not bound by professional secrecy either). */
    private static final long ATTESTED = 7;

    private static final long UNATTESTED = 8;

    private TopologyTestDriver driver;
    private TestInputTopic<String, Order> orders;
    private TestOutputTopic<String, byte[]> approved;
    private TestOutputTopic<String, byte[]> rejected;
    private long sequence;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        // Decided at once: a rejected order does not wait for an attestation that will not come.
        GateConfig config = GateConfig.defaults().withMaxWait(Duration.ZERO);
        AvroSerdes serdes = new AvroSerdes(new InMemorySchemaRegistry(), true);
        Properties properties = config.streamsProperties();
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        properties.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Files.createTempDirectory("wiring-benchmark").toString());
        driver = new TopologyTestDriver(GateTopology.build(config, serdes), properties, ORDERED_AT);
        Topics topics = config.topics();
        orders = driver.createInputTopic(
                topics.name(GateTopics.ORDERS),
                new StringSerializer(),
                GateTopics.ORDERS.valueSerde(serdes).serializer());
        TestInputTopic<String, AgreementAttestation> attestations = driver.createInputTopic(
                topics.name(GateTopics.ATTESTATIONS),
                new StringSerializer(),
                GateTopics.ATTESTATIONS.valueSerde(serdes).serializer());
        approved = driver.createOutputTopic(
                topics.name(GateTopics.ORDERS_APPROVED), new StringDeserializer(), new ByteArrayDeserializer());
        rejected = driver.createOutputTopic(
                topics.name(GateTopics.ORDERS_REJECTED), new StringDeserializer(), new ByteArrayDeserializer());
        AgreementAttestation attestation = Population.attestation(ATTESTED, AgreementType.MICROSOFT_CUSTOMER_AGREEMENT);
        attestations.pipeInput(attestation.getCustomerId(), attestation, ORDERED_AT);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        driver.close();
    }

    /** A new order id each time: the approved-id store is looked up and written as in production. */
    @Benchmark
    public byte[] approveOrder() {
        Order order = Population.order(sequence++, ATTESTED, ORDERED_AT);
        orders.pipeInput(order.getCustomerId(), order, ORDERED_AT);
        return approved.readValue();
    }

    @Benchmark
    public byte[] rejectOrder() {
        Order order = Population.order(sequence++, UNATTESTED, ORDERED_AT);
        orders.pipeInput(order.getCustomerId(), order, ORDERED_AT);
        return rejected.readValue();
    }
}
