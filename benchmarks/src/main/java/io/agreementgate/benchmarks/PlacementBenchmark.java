package io.agreementgate.benchmarks;

import io.agreementgate.testkit.Population;
import io.agreementgate.topology.Placement;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the placement check adds to every well-placed order and attestation: the customer id's UTF-8 bytes, their
 * murmur2 and a compare (the records the gate re-routes cost a trip through Kafka instead, measured end to end).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PlacementBenchmark {
    private final Placement placement = new Placement(3);
    private String customer;
    private int home;

    @Setup
    public void setUp() {
        customer = Population.customerId(4711);
        home = Placement.home(customer, 3);
    }

    @Benchmark
    public boolean checkWellPlacedRecord() {
        return placement.misplaced(customer, home);
    }
}
