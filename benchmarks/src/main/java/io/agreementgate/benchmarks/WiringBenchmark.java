package io.agreementgate.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the gate's wiring costs per decision, apart from everything else: the nodes between a deciding processor and
 * its output topic. A processor that decides nothing (it forwards a ready decision) feeds three outputs in two ways,
 * each through Kafka Streams' {@code TopologyTestDriver} without stores (a stateless task: no flush, no checkpoint):
 *
 * <ul>
 *   <li>{@code BY_NAME}: {@code context.forward(record, sinkName)} straight to sinks added to the built topology by
 *       name (the gate's wiring before issue 21);
 *   <li>{@code SPLIT}: the processor forwards a typed decision to a named split whose branch for its kind leads to
 *       that kind's sink, the sink's serializer unwrapping it (the gate's wiring since: {@code GateTopology});
 *   <li>{@code NONE}: the processor forwards nothing (the driver's own cost per input record, to subtract).
 * </ul>
 *
 * The difference between the first two is the price of the readable form per decision.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WiringBenchmark {
    private static final Serde<String> KEYS = Serdes.String();
    private static final byte[] VALUE = new byte[200];

    @Param({"BY_NAME", "SPLIT", "NONE"})
    public String wiring;

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> input;
    private TestOutputTopic<String, byte[]> approved;

    /** The benchmark's own decision kinds, shaped like the gate's: the value inside, one record per kind. */
    sealed interface Decision {
        byte[] value();
    }

    @SuppressWarnings("ArrayRecordComponent") // a carrier of bytes, never compared
    record Approved(byte[] value) implements Decision {}

    @SuppressWarnings("ArrayRecordComponent") // a carrier of bytes, never compared
    record OrderRejected(byte[] value) implements Decision {}

    @SuppressWarnings("ArrayRecordComponent") // a carrier of bytes, never compared
    record AttestationRejected(byte[] value) implements Decision {}

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "wiring-benchmark");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        properties.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Files.createTempDirectory("wiring-benchmark").toString());
        Topology topology = switch (wiring) {
            case "BY_NAME" -> byName();
            case "SPLIT" -> split();
            case "NONE" -> none();
            default -> throw new IllegalArgumentException(wiring);
        };
        driver = new TopologyTestDriver(topology, properties);
        input = driver.createInputTopic("in", new StringSerializer(), new ByteArraySerializer());
        approved = driver.createOutputTopic("approved", new StringDeserializer(), new ByteArrayDeserializer());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        driver.close();
    }

    /** One input record, one approval (none for {@code NONE}), read back off the output topic. */
    @Benchmark
    public boolean decide() {
        input.pipeInput("customer", VALUE);
        return "NONE".equals(wiring) || approved.readValue() != null;
    }

    /**
     * The same comparison by thread CPU time rather than wall time (steadier on a shared machine: time spent waiting for
     * a core is not counted): rounds alternating the wirings, each a fresh driver warmed up before it is measured.
     * Prints each round and the median per wiring of the rounds after the first three (one JVM: its first rounds are
     * still being compiled). Arguments: rounds (default 12), records per measurement (50,000).
     */
    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        int records = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        String[] wirings = {"BY_NAME", "SPLIT", "NONE"};
        java.util.Map<String, java.util.List<Double>> results = new java.util.LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (String w : wirings) {
                WiringBenchmark bench = new WiringBenchmark();
                bench.wiring = w;
                bench.setUp();
                for (int i = 0; i < records / 2; i++) {
                    bench.decide();
                }
                long start = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < records; i++) {
                    bench.decide();
                }
                double perRecord = (threads.getCurrentThreadCpuTime() - start) / (double) records;
                bench.tearDown();
                if (round >= 3) {
                    results.computeIfAbsent(w, k -> new java.util.ArrayList<>()).add(perRecord);
                }
                System.out.printf("round %d %-8s %8.0f ns CPU per record%n", round, w, perRecord);
            }
        }
        results.forEach((w, values) -> {
            java.util.List<Double> sorted = values.stream().sorted().toList();
            System.out.printf("median %-8s %8.0f ns CPU per record%n", w, sorted.get(sorted.size() / 2));
        });
    }

    private static Topology byName() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in", Consumed.with(KEYS, Serdes.ByteArray()).withName("source"))
                .process(ForwardByName::new, Named.as("decide"));
        Topology topology = builder.build();
        topology.addSink(
                "approved-sink",
                "approved",
                KEYS.serializer(),
                Serdes.ByteArray().serializer(),
                "decide");
        topology.addSink(
                "rejected-sink",
                "rejected",
                KEYS.serializer(),
                Serdes.ByteArray().serializer(),
                "decide");
        topology.addSink(
                "rejected-attestations-sink",
                "rejected-attestations",
                KEYS.serializer(),
                Serdes.ByteArray().serializer(),
                "decide");
        return topology;
    }

    private static Topology split() {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, Decision> decisions = builder.stream(
                        "in", Consumed.with(KEYS, Serdes.ByteArray()).withName("source"))
                .process(ForwardDecision::new, Named.as("decide"));
        decisions
                .split(Named.as("decide-to"))
                .branch((k, d) -> d instanceof Approved, to("approved"))
                .branch((k, d) -> d instanceof OrderRejected, to("rejected"))
                .branch((k, d) -> d instanceof AttestationRejected, to("rejected-attestations"))
                .noDefaultBranch();
        return builder.build();
    }

    private static Topology none() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in", Consumed.with(KEYS, Serdes.ByteArray()).withName("source"))
                .process(ForwardNothing::new, Named.as("decide"));
        return builder.build();
    }

    private static Branched<String, Decision> to(String topic) {
        Serde<Decision> unwrapping = Serdes.serdeFrom((t, d) -> d.value(), (t, bytes) -> {
            throw new UnsupportedOperationException();
        });
        return Branched.withConsumer(
                s -> s.to(topic, Produced.with(KEYS, unwrapping).withName("decide-to-" + topic + "-sink")),
                "-" + topic);
    }

    private static final class ForwardByName implements Processor<String, byte[], String, byte[]> {
        private ProcessorContext<String, byte[]> context;

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, byte[]> record) {
            context.forward(record, "approved-sink");
        }
    }

    private static final class ForwardDecision implements Processor<String, byte[], String, Decision> {
        private ProcessorContext<String, Decision> context;

        @Override
        public void init(ProcessorContext<String, Decision> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, byte[]> record) {
            context.forward(record.withValue(new Approved(record.value())));
        }
    }

    private static final class ForwardNothing implements Processor<String, byte[], String, byte[]> {
        @Override
        public void process(Record<String, byte[]> record) {
            // the driver's cost per input record alone
        }
    }
}
