package io.agreementgate.benchmarks;

import io.agreementgate.schema.Order;
import io.agreementgate.serde.AvroSerdes;
import io.agreementgate.serde.InMemorySchemaRegistry;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
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

/** The Confluent-wire Avro serde on the hot path (schema ids cached after the first record). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SerdeBenchmark {
    private static final String TOPIC = "csp.orders";
    private Serializer<Order> serializer;
    private Deserializer<Order> deserializer;
    private Order order;
    private byte[] bytes;

    @Setup
    public void setUp() {
        Serde<Order> serde = new AvroSerdes(new InMemorySchemaRegistry(), true).valueSerde(Order.class);
        serializer = serde.serializer();
        deserializer = serde.deserializer();
        order = Samples.order(1, 7, Instant.parse("2024-03-01T10:00:00Z"));
        bytes = serializer.serialize(TOPIC, order);
    }

    @Benchmark
    public byte[] serializeOrder() {
        return serializer.serialize(TOPIC, order);
    }

    @Benchmark
    public Order deserializeOrder() {
        return deserializer.deserialize(TOPIC, bytes);
    }
}
