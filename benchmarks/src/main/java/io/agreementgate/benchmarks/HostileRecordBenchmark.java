package io.agreementgate.benchmarks;

import io.agreementgate.schema.Order;
import io.agreementgate.serde.AvroLimits;
import io.agreementgate.serde.InMemorySchemaRegistry;
import io.agreementgate.serde.SchemaLimits;
import io.agreementgate.serde.SpecificAvroDeserializer;
import io.agreementgate.serde.SpecificAvroSerializer;
import io.agreementgate.testkit.Population;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
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
 * What refusing a hostile record costs the stream thread once its schema id is known (README "Hostile schemas refused
 * in microseconds"): the deserializer as Kafka Streams calls it, up to the {@link SerializationException} the
 * dead-letter handler gets (building the dead letter and writing it are not included). The first record of an id also
 * pays one or two registry calls; every later one is what is measured here. {@code deserializeOrder} is the ordinary
 * order for comparison.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HostileRecordBenchmark {
    private static final String TOPIC = "csp.orders";
    private static final String SUBJECT = TOPIC + "-value";

    private SpecificAvroDeserializer<Order> deserializer;
    private byte[] ordinary;
    private byte[] otherSubject;
    private byte[] tooDeep;
    private byte[] tooLong;
    private byte[] hugeCollection;

    @Setup
    public void setUp() {
        AvroLimits.applyDefaults();
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        deserializer = new SpecificAvroDeserializer<>(Order.class, registry, false, SchemaLimits.DEFAULTS);
        Order order = Population.order(1, 7, Instant.parse("2024-03-01T10:00:00Z"));
        ordinary = new SpecificAvroSerializer<Order>(registry, false, true).serialize(TOPIC, order);

        // A compatible schema (one more int field), registered only under a subject of the writer's own.
        otherSubject = append(
                withId(
                        registry.register(
                                "attacker-value", withLastField("{\"name\":\"x\",\"type\":\"int\",\"default\":0}")),
                        ordinary),
                new byte[] {2});
        // The reported schema: a trailing field of records without fields, nested a hundred deep (8.6 KB).
        tooDeep = withId(
                registry.register(SUBJECT, withLastField("{\"name\":\"z\",\"type\":" + fieldless(100) + "}")),
                ordinary);
        // 70,000 characters of doc: over the 64 Ki limit on a schema's length.
        Schema longSchema =
                withLastField("{\"name\":\"x\",\"type\":\"int\",\"default\":0,\"doc\":\"" + "x".repeat(70_000) + "\"}");
        tooLong = withId(registry.register(SUBJECT, longSchema), ordinary);
        // The order's own schema; its (last, empty) line-item array claims 197 million items: Avro's collection limit.
        Order none = Population.order(2, 7, Instant.parse("2024-03-01T10:00:00Z"));
        none.setLineItems(List.of());
        byte[] framed = new SpecificAvroSerializer<Order>(registry, false, true).serialize(TOPIC, none);
        hugeCollection = append(
                Arrays.copyOf(framed, framed.length - 1),
                new byte[] {(byte) 0x80, (byte) 0xed, (byte) 0xef, (byte) 0xbb, 0x01});

        List<byte[]> hostile = List.of(otherSubject, tooDeep, tooLong, hugeCollection);
        for (int i = 0; i < hostile.size(); i++) {
            if (refusal(hostile.get(i)) == null) {
                throw new IllegalStateException("hostile record " + i + " was not refused");
            }
        }
    }

    @Benchmark
    public Order deserializeOrder() {
        return deserializer.deserialize(TOPIC, new RecordHeaders(), ordinary);
    }

    @Benchmark
    public Object refuseWriterSchemaOfAnotherSubject() {
        return refusal(otherSubject);
    }

    @Benchmark
    public Object refuseWriterSchemaTooDeep() {
        return refusal(tooDeep);
    }

    @Benchmark
    public Object refuseWriterSchemaTooLong() {
        return refusal(tooLong);
    }

    @Benchmark
    public Object refuseHugeCollectionCount() {
        return refusal(hugeCollection);
    }

    private SerializationException refusal(byte[] record) {
        try {
            deserializer.deserialize(TOPIC, new RecordHeaders(), record);
            return null;
        } catch (SerializationException e) {
            return e;
        }
    }

    private static Schema withLastField(String fieldJson) {
        String text = Order.getClassSchema().toString();
        int end = text.lastIndexOf("]}");
        return new Schema.Parser().parse(text.substring(0, end) + "," + fieldJson + text.substring(end));
    }

    private static String fieldless(int depth) {
        String json = "{\"type\":\"record\",\"name\":\"Empty" + depth + "\",\"fields\":[]}";
        for (int i = depth - 1; i >= 1; i--) {
            json = "{\"type\":\"record\",\"name\":\"Nest" + i + "\",\"fields\":[{\"name\":\"inner\",\"type\":" + json
                    + "}]}";
        }
        return json;
    }

    private static byte[] withId(int id, byte[] framed) {
        byte[] copy = framed.clone();
        ByteBuffer.wrap(copy, 1, 4).putInt(id);
        return copy;
    }

    private static byte[] append(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
