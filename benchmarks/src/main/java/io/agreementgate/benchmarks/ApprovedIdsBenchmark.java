package io.agreementgate.benchmarks;

import io.agreementgate.testkit.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The approved-id store's work per approved order, on Kafka Streams' own RocksDB store (changelog off: that cost is the
 * end-to-end benchmark's): ask whether a new order id was approved, then remember it, each on its own too. A fresh store
 * each iteration (about as many ids as one benchmark round), so that RocksDB's compactions do not dominate. A whole-key
 * memtable bloom filter ({@code RocksDBConfigSetter}) was tried here and changed nothing (BENCHMARKS.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 8, time = 2)
@Fork(1)
public class ApprovedIdsBenchmark {
    private Path stateDir;
    private KeyValueStore<String, Long> store;
    private long next;

    @Setup(Level.Iteration)
    public void open() throws IOException {
        stateDir = Files.createTempDirectory("approved-ids-benchmark");
        store = BenchStore.open(stateDir, "approved-order-ids", Serdes.Long(), Map.of());
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
        store.close();
        TestFiles.deleteRecursively(stateDir);
    }

    /** What the gate does for each order it approves: a lookup that misses, then a put. */
    @Benchmark
    public boolean approveNewOrderId() {
        long n = next++;
        String orderId = orderId(n);
        boolean known = store.get(orderId) != null;
        if (!known) {
            store.put(orderId, n);
        }
        return known;
    }

    /** The lookup alone. */
    @Benchmark
    public Long lookUpNewOrderId() {
        return store.get(orderId(next++));
    }

    /** The put alone. */
    @Benchmark
    public long rememberNewOrderId() {
        long n = next++;
        store.put(orderId(n), n);
        return n;
    }

    /**
     * A thousand puts in one RocksDB write batch ({@code putAll}): what buffering the ids until the commit would cost
     * per id. Cheaper here, but a store doing so did not lower the gate's CPU per decision (BENCHMARKS.md).
     */
    @Benchmark
    @OperationsPerInvocation(1000)
    public long rememberNewOrderIdsInOneBatch() {
        List<KeyValue<String, Long>> batch = new ArrayList<>(1000);
        for (int i = 0; i < 1000; i++) {
            long n = next++;
            batch.add(KeyValue.pair(orderId(n), n));
        }
        store.putAll(batch);
        return next;
    }

    /** Order ids as backends make them: random-looking UUIDs, so that the store's keys arrive in no order. */
    private static String orderId(long n) {
        return new UUID(n * 0x9E3779B97F4A7C15L, n).toString();
    }
}
