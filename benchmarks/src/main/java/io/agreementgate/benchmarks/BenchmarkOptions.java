package io.agreementgate.benchmarks;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The knobs of {@code bin/benchmark}, with the defaults BENCHMARKS.md reports. */
final class BenchmarkOptions {
    @Option(names = "--orders", description = "Orders for the passthrough/gate comparison (default ${DEFAULT-VALUE}).")
    long orders = 300_000;

    @Option(names = "--customers", description = "Customers for the comparison (default ${DEFAULT-VALUE}).")
    long customers = 10_000;

    @Option(names = "--rate", description = "Offered orders/s for the latency phase (default ${DEFAULT-VALUE}).")
    int rate = 2_000;

    @Option(names = "--latency-seconds", description = "Length of the latency phase (default ${DEFAULT-VALUE}).")
    int latencySeconds = 30;

    @Option(
            names = "--scaling",
            split = ",",
            description = "Customer counts for the scaling phase (default ${DEFAULT-VALUE}).")
    List<Long> scaling = List.of(10_000L, 100_000L, 1_000_000L);

    @Option(names = "--scaling-orders", description = "Orders per scaling step (default ${DEFAULT-VALUE}).")
    long scalingOrders = 100_000;

    @Option(names = "--rounds", description = "Passthrough/gate rounds to compare (default ${DEFAULT-VALUE}).")
    int rounds = 5;

    @Option(
            names = "--compare-only",
            description = "Only the passthrough/peer/gate rounds: no latency or scaling phase.")
    boolean compareOnly;

    @Option(
            names = "--scaling-only",
            description = "Only the scaling phase: no passthrough/peer/gate rounds, no latency phase.")
    boolean scalingOnly;

    @Option(names = "--partitions", description = "Partitions of every topic (default ${DEFAULT-VALUE}).")
    int partitions = 3;

    @Option(
            names = "--misplaced",
            description = "Write every record to a partition other than Kafka's default placement for its key, so that"
                    + " the gate re-routes each one (what a CRC32 producer costs).")
    boolean misplaced;

    @Option(names = "--threads", description = "Kafka Streams threads (default ${DEFAULT-VALUE}).")
    int threads = 1;

    @Option(
            names = "--set",
            description = "A gate or Kafka Streams setting for the gate under test, key=value (repeatable).")
    Map<String, String> gateSettings = new HashMap<>();

    @Option(names = "--work-dir", description = "Where the broker and state live (default ${DEFAULT-VALUE}).")
    Path workDir = Path.of("target", "benchmark-run");
}
