package io.agreementgate.benchmarks;

import io.agreementgate.schema.Order;
import io.agreementgate.serde.AvroSerdes;
import io.agreementgate.serde.GenericAvroSerializer;
import io.agreementgate.serde.InMemorySchemaRegistry;
import io.agreementgate.testkit.Population;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.header.internals.RecordHeaders;
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
    private byte[] newerWithField;
    private byte[] newerWithSymbol;

    @Setup
    public void setUp() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        Serde<Order> serde = new AvroSerdes(registry, true).valueSerde(Order.class);
        serializer = serde.serializer();
        deserializer = serde.deserializer();
        order = Population.order(1, 7, Instant.parse("2024-03-01T10:00:00Z"));
        bytes = serializer.serialize(TOPIC, order);
        // Backends on newer contracts: one with a new field only; one with a new order type as well, which every
        // record of that schema pays for (the gate looks at each record's symbols), whichever type it carries.
        Schema newField =
                new Schema.Parser().parse(withField(Order.getClassSchema().toString()));
        Schema newer = new Schema.Parser()
                .parse(withField(Order.getClassSchema()
                        .toString()
                        .replace("\"AUTO_RENEWAL\"]", "\"AUTO_RENEWAL\",\"MIGRATION\"]")));
        GenericAvroSerializer newerWriter = new GenericAvroSerializer(registry, false, true);
        newerWithField = newerWriter.serialize(TOPIC, asNewer(order, newField));
        GenericRecord withSymbol = asNewer(order, newer);
        withSymbol.put(
                "orderType",
                new GenericData.EnumSymbol(newer.getField("orderType").schema(), "MIGRATION"));
        newerWithSymbol = newerWriter.serialize(TOPIC, withSymbol);
    }

    /** The deserializer as Kafka Streams calls it, with the record's headers (empty, as most records' are). */
    @Benchmark
    public Order deserializeOrderWithHeaders() {
        return deserializer.deserialize(TOPIC, new RecordHeaders(), bytes);
    }

    /** A newer writer schema with a field the gate lacks: the finding is per schema, no second decode. */
    @Benchmark
    public Order deserializeNewerOrderWithNewField() {
        return deserializer.deserialize(TOPIC, new RecordHeaders(), newerWithField);
    }

    /** A newer writer schema with a symbol the gate lacks: each record is read a second time, as written. */
    @Benchmark
    public Order deserializeNewerOrderWithUnknownSymbol() {
        return deserializer.deserialize(TOPIC, new RecordHeaders(), newerWithSymbol);
    }

    private static String withField(String json) {
        int end = json.lastIndexOf("]}");
        return json.substring(0, end) + ",{\"name\":\"salesChannel\",\"type\":[\"null\",\"string\"],\"default\":null}"
                + json.substring(end);
    }

    /** Writes the order with its own schema and reads it into the newer one: every value kept, new fields null. */
    private static GenericRecord asNewer(Order order, Schema newer) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<Order>(Order.getClassSchema()).write(order, encoder);
            encoder.flush();
            return new GenericDatumReader<GenericRecord>(Order.getClassSchema(), newer)
                    .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
