package io.agreementgate.benchmarks;

import io.agreementgate.embedded.ConsumerGroupProgress;
import io.agreementgate.serde.AvroSerdes;
import io.agreementgate.serde.HttpSchemaRegistryClient;
import io.agreementgate.testkit.TestFiles;
import io.agreementgate.topology.GateTopology;
import io.agreementgate.topology.config.GateConfig;
import io.agreementgate.topology.config.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Measures, in one run on the embedded broker: the passthrough limit against the gate, decision latency at a steady
 * offered rate, and how throughput, state size, heap and restore time grow with the number of customers.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true, description = "End-to-end benchmark of agreement-gate.")
public final class EndToEndBenchmark implements Callable<Integer> {
    @Mixin
    private final BenchmarkOptions options = new BenchmarkOptions();

    private ClusterProcess cluster;
    private AvroSerdes serdes;
    private final List<String> report = new ArrayList<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new EndToEndBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        TestFiles.deleteRecursively(options.workDir);
        print("machine: " + Runtime.getRuntime().availableProcessors() + " cores, max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB, " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version"));
        cluster = ClusterProcess.start(options.workDir.resolve("cluster"), "2g");
        try {
            serdes = new AvroSerdes(
                    new HttpSchemaRegistryClient(HttpSchemaRegistryClient.Config.of(cluster.schemaRegistryUrl)), true);
            // All topics up front: producing into a partition whose leadership is still settling can leave the
            // idempotent producer retrying OUT_OF_ORDER_SEQUENCE_NUMBER forever on a single-node cluster.
            topicsAdmin().createTopics(BenchTopics.named("cmp"));
            for (int round = 0; round <= options.rounds + 1; round++) {
                topicsAdmin().createTopics(BenchTopics.named("cmp.r" + round + ".gate"));
                topicsAdmin().createTopics(BenchTopics.named("cmp.r" + round + ".peer"));
            }
            for (int step = 0; step < options.scaling.size(); step++) {
                topicsAdmin().createTopics(BenchTopics.named(scalingPrefix(step)));
            }
            if (!options.scalingOnly) {
                compareWithPassthrough();
            }
            if (!options.compareOnly) {
                for (int step = 0; step < options.scaling.size(); step++) {
                    scale(scalingPrefix(step), options.scaling.get(step));
                }
            }
        } finally {
            cluster.close();
        }
        System.out.println();
        System.out.println("==== agreement-gate benchmark summary ====");
        report.forEach(System.out::println);
        return 0;
    }

    /**
     * Alternates the limit, the DSL peer and the gate over the same input, {@code rounds} times (each with fresh
     * application ids and output topics): on a 2-core machine shared with the broker one run of each is too noisy to
     * compare. CPU time per decision is reported beside throughput: it depends much less on what else runs.
     */
    private void compareWithPassthrough() throws Exception {
        Topics input = BenchTopics.named("cmp");
        try (Loader loader =
                new Loader(cluster.bootstrapServers, serdes).misplacedOn(options.misplaced ? options.partitions : 0)) {
            loader.attestations(input.attestations(), options.customers);
            loader.orders(input.orders(), options.orders, options.customers);

            // Round 0 warms the JIT and the broker's page cache for all three; it is not counted.
            passthroughRound(input, 0);
            peerRound(input, 0);
            gateRound(input, 0, null);
            List<Double> ratios = new ArrayList<>();
            List<Double> peerRatios = new ArrayList<>();
            CpuMeter.PerDecision[] cpu = {ZERO_CPU, ZERO_CPU, ZERO_CPU};
            for (int round = 1; round <= options.rounds; round++) {
                Measured limit = passthroughRound(input, round);
                Measured peer = peerRound(input, round);
                Measured gate = gateRound(input, round, null);
                ratios.add(gate.throughput / limit.throughput);
                peerRatios.add(gate.throughput / peer.throughput);
                cpu[0] = cpu[0].plus(limit.cpu);
                cpu[1] = cpu[1].plus(peer.cpu);
                cpu[2] = cpu[2].plus(gate.cpu);
                print(String.format(
                        "round %d: passthrough %,.0f records/s, peer %,.0f decisions/s, gate %,.0f decisions/s"
                                + " (%,d orders over %,d customers): gate/passthrough %.0f%%, gate/peer %.0f%%",
                        round,
                        limit.throughput,
                        peer.throughput,
                        gate.throughput,
                        options.orders,
                        options.customers,
                        100 * gate.throughput / limit.throughput,
                        100 * gate.throughput / peer.throughput));
                print("         passthrough " + limit.cpu + "; peer " + peer.cpu + "; gate " + gate.cpu);
            }
            double median = median(ratios);
            print(String.format(
                    "gate / passthrough, median of %d rounds: %.0f%% (target >= 60%%) %s",
                    options.rounds, 100 * median, verdict(median >= 0.6)));
            double peerMedian = median(peerRatios);
            print(String.format(
                    "gate / DSL peer, median of %d rounds: %.0f%% (target >= 100%%) %s",
                    options.rounds, 100 * peerMedian, verdict(peerMedian >= 1.0)));
            print("mean CPU per decision over " + options.rounds + " rounds: passthrough (per record) "
                    + cpu[0].dividedBy(options.rounds) + "; peer " + cpu[1].dividedBy(options.rounds) + "; gate "
                    + cpu[2].dividedBy(options.rounds));
            if (!options.compareOnly) {
                gateRound(input, options.rounds + 1, loader);
            }
        }
    }

    private static final CpuMeter.PerDecision ZERO_CPU = new CpuMeter.PerDecision(0, 0, 0);

    /** One application's figures in one round: decisions (or copies) per second and CPU per decision. */
    private record Measured(double throughput, CpuMeter.PerDecision cpu) {}

    private static double median(List<Double> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    /** The limit: copy the orders to another topic with the same serdes and the gate's Kafka Streams settings. */
    private Measured passthroughRound(Topics input, int round) throws Exception {
        String output = BenchTopics.passthroughTopic(BenchTopics.named("cmp.r" + round + ".gate"));
        Properties props = apps().passthroughProps(input, round);
        return measure(apps().passthrough(input.orders(), output), props, List.of(output));
    }

    /** The peer: the DSL stream-table join a Kafka Streams user would write first, with the gate's settings. */
    private Measured peerRound(Topics input, int round) throws Exception {
        Topics topics = BenchTopics.roundTopics(input, round, "peer");
        GateConfig config = apps().gateConfig(topics, "bench-peer-r" + round);
        return measure(DslPeer.build(config, serdes), config.streamsProperties(), BenchTopics.decisions(topics));
    }

    private Measured measure(Topology topology, Properties props, List<String> outputs) throws Exception {
        CpuMeter cpu = new CpuMeter(props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG), cluster.process());
        try (OutputCounter out = new OutputCounter(cluster.bootstrapServers, outputs);
                StreamsApp app = new StreamsApp(topology, props)) {
            app.startAndAwaitRunning(Duration.ofMinutes(2));
            out.awaitCount(options.orders, Duration.ofMinutes(10));
            return new Measured(out.throughput(), cpu.perDecision(options.orders));
        }
    }

    /** The gate deciding the pre-loaded orders; with a loader, then the latency at a steady offered rate. */
    private Measured gateRound(Topics input, int round, Loader latencyLoader) throws Exception {
        Topics topics = BenchTopics.roundTopics(input, round, "gate");
        GateConfig config = apps().gateConfig(topics, "bench-gate-r" + round);
        CpuMeter cpu = new CpuMeter(config.applicationId(), cluster.process());
        try (OutputCounter out = new OutputCounter(cluster.bootstrapServers, BenchTopics.decisions(topics));
                StreamsApp app = new StreamsApp(GateTopology.build(config, serdes), config.streamsProperties())) {
            app.startAndAwaitRunning(Duration.ofMinutes(2));
            out.awaitCount(options.orders, Duration.ofMinutes(10));
            Measured gate = new Measured(out.throughput(), cpu.perDecision(options.orders));
            if (latencyLoader != null) {
                int before = out.count();
                long offered = (long) options.rate * options.latencySeconds;
                latencyLoader.ordersAtRate(input.orders(), offered, options.customers, options.rate);
                out.awaitCount(before + offered, Duration.ofMinutes(2));
                long[] p = out.latencyPercentiles(before);
                print(String.format(
                        "latency at %,d orders/s offered for %d s (no wait engaged): p50 %d ms, p99 %d ms, max %d ms"
                                + " (target p99 < 250 ms) %s",
                        options.rate, options.latencySeconds, p[0], p[1], p[2], verdict(p[1] < 250)));
            }
            return gate;
        }
    }

    /**
     * The gate with {@code size} customers' attestations already applied: load them, let the gate catch up, then
     * measure it deciding orders written while it runs.
     */
    private void scale(String prefix, long size) throws Exception {
        // A registry client of its own: the shared one remembers under which subjects it saw a schema id, so the
        // gate would refuse the same schema written to this step's new topics.
        AvroSerdes stepSerdes = new AvroSerdes(
                new HttpSchemaRegistryClient(HttpSchemaRegistryClient.Config.of(cluster.schemaRegistryUrl)), true);
        Topics topics = BenchTopics.named(prefix);
        GateConfig config = apps().gateConfig(topics, "bench-gate-" + prefix);
        StreamsApp app = new StreamsApp(GateTopology.build(config, stepSerdes), config.streamsProperties());
        double throughput;
        CpuMeter.PerDecision cpu;
        String stores;
        Duration applyAttestations;
        try (Loader loader = new Loader(cluster.bootstrapServers, stepSerdes);
                OutputCounter out = new OutputCounter(cluster.bootstrapServers, BenchTopics.decisions(topics))) {
            loader.attestations(topics.attestations(), size);
            long start = System.nanoTime();
            app.startAndAwaitRunning(Duration.ofMinutes(2));
            ConsumerGroupProgress.awaitConsumed(
                    cluster.bootstrapServers, config.applicationId(), topics.attestations(), Duration.ofMinutes(20));
            applyAttestations = Duration.ofNanos(System.nanoTime() - start);
            CpuMeter cpuMeter = new CpuMeter(config.applicationId(), cluster.process());
            loader.orders(topics.orders(), options.scalingOrders, size);
            out.awaitCount(options.scalingOrders, Duration.ofMinutes(20));
            throughput = out.throughput();
            cpu = cpuMeter.perDecision(options.scalingOrders);
            stores = app.storeMetrics();
        }
        long heap = BenchTopics.heapAfterGc();
        long rss = BenchTopics.residentSetBytes();
        app.close(); // flushes RocksDB memtables, so the files show the whole state
        long disk = app.stateBytesOnDisk();
        app.wipeLocalState();

        StreamsApp restored = new StreamsApp(GateTopology.build(config, stepSerdes), config.streamsProperties());
        Duration restore = restored.startAndAwaitRunning(Duration.ofMinutes(10));
        restored.close();
        print(String.format(
                "%,9d customers: attestations applied in %.1f s, %,.0f decisions/s, state on disk %.1f MiB,"
                        + " heap after GC %,d MiB, RSS %,d MiB, restore %.1f s (%,d records)%s",
                size,
                applyAttestations.toMillis() / 1000.0,
                throughput,
                disk / 1048576.0,
                heap >> 20,
                rss >> 20,
                restore.toMillis() / 1000.0,
                restored.restoredRecords(),
                size >= 1_000_000 ? " (target < 60 s) " + verdict(restore.toSeconds() < 60) : ""));
        print(String.format("%,9d customers: %s%s", size, cpu, stores));
    }

    /** Each step its own topics and application id: a size may be measured more than once in a run. */
    private String scalingPrefix(int step) {
        return "s" + step + "-" + options.scaling.get(step);
    }

    /** Created up front with the others, not auto-created by the passthrough's first record. */
    private BenchApps apps() {
        return new BenchApps(options, cluster.bootstrapServers, serdes);
    }

    private BenchTopics topicsAdmin() {
        return new BenchTopics(cluster.bootstrapServers, options.partitions);
    }

    private static String verdict(boolean met) {
        return met ? "MET" : "NOT MET";
    }

    private void print(String line) {
        report.add(line);
        System.out.println(line);
    }
}
