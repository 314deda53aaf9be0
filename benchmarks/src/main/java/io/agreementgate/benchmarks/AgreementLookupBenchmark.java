package io.agreementgate.benchmarks;

import io.agreementgate.schema.AgreementType;
import io.agreementgate.schema.internal.CustomerAgreements;
import io.agreementgate.serde.AvroSerdes;
import io.agreementgate.serde.InMemorySchemaRegistry;
import io.agreementgate.testkit.Population;
import io.agreementgate.testkit.TestFiles;
import io.agreementgate.topology.GateNames;
import io.agreementgate.topology.policy.AgreementBook;
import io.agreementgate.topology.streams.BoundedRocksDB;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.KeyValueStore;
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
 * What reading one customer's agreement state costs when no cache above RocksDB holds it, by the size of a task's
 * store: Kafka Streams' own RocksDB store as the gate configures it ({@link BoundedRocksDB}, changelog off), every
 * customer's state written, flushed and read once before measuring (warm: the blocks are in RocksDB's cache). A task
 * of a three-partition gate holds a third of the customers: 3,334 at ten thousand, 333,334 at a million.
 *
 * <ul>
 *   <li>{@code readState}: the store's {@code get} (RocksDB's point lookup through JNI, then the Avro decode), as
 *       the gate did for every order of a customer outside its decoded cache;
 *   <li>{@code decodeState}: the decode alone, so that the difference is RocksDB's part.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AgreementLookupBenchmark {
    @Param({"3334", "333334"})
    public int customers;

    private Path stateDir;
    private KeyValueStore<String, CustomerAgreements> store;
    private Serde<CustomerAgreements> serde;
    private byte[] encoded;
    private long next;

    @Setup(Level.Trial)
    public void open() throws IOException {
        stateDir = Files.createTempDirectory("agreement-lookup-benchmark");
        serde = new AvroSerdes(new InMemorySchemaRegistry(), true).valueSerde(CustomerAgreements.class);
        store = BenchStore.open(
                stateDir,
                GateNames.AGREEMENTS_STORE,
                serde,
                Map.of(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDB.class));
        for (long c = 0; c < customers; c++) {
            CustomerAgreements state = AgreementBook.apply(
                            AgreementBook.empty(Population.customerId(c)),
                            Population.attestation(c, AgreementType.MICROSOFT_CUSTOMER_AGREEMENT))
                    .orElseThrow();
            store.put(state.getCustomerId(), state);
        }
        store.flush();
        for (long c = 0; c < customers; c++) {
            store.get(Population.customerId(c));
        }
        encoded = serde.serializer().serialize("agreements", store.get(Population.customerId(0)));
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        TestFiles.deleteRecursively(stateDir);
    }

    @Benchmark
    public CustomerAgreements readState() {
        long customer = (next++ * 7919) % customers; // as the benchmark's loader spreads orders
        return store.get(Population.customerId(customer));
    }

    @Benchmark
    public CustomerAgreements decodeState() {
        next++;
        return serde.deserializer().deserialize("agreements", encoded);
    }
}
