package io.agreementgate.serde;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The shared core of the serializers: finds the schema id of a (topic, writer schema) once, then frames each datum as
 * magic byte, id, Avro binary. Thread-safe: Kafka Streams shares one serializer between its stream threads, and a
 * KafkaProducer serializes in its callers' threads.
 */
final class FramedAvroWriter<T> {

    /** A writer schema on one topic, resolved once: its id and the DatumWriter that encodes with it. */
    private record Target<T>(int schemaId, DatumWriter<T> writer) {}

    private record TopicSchema(String topic, Schema schema) {}

    private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(Buffer::new);

    private final SchemaRegistryClient client;
    private final boolean isKey;
    private final boolean autoRegister;
    /** Makes the DatumWriter for the schema of a datum, given the first datum written with that schema. */
    private final Function<T, DatumWriter<T>> writers;

    private final ConcurrentMap<TopicSchema, Target<T>> targets = new ConcurrentHashMap<>();

    FramedAvroWriter(
            SchemaRegistryClient client, boolean isKey, boolean autoRegister, Function<T, DatumWriter<T>> writers) {
        this.client = Objects.requireNonNull(client, "client");
        this.isKey = isKey;
        this.autoRegister = autoRegister;
        this.writers = writers;
    }

    /** Confluent's TopicNameStrategy. */
    static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }

    byte[] write(String topic, Schema schema, T datum) {
        // Schema caches its hash code and equals() starts with ==, so this lookup is cheap for generated classes.
        Target<T> target = targets.get(new TopicSchema(topic, schema));
        if (target == null) {
            target = resolve(topic, schema, datum);
        }
        Buffer buffer = BUFFERS.get();
        try {
            return buffer.frame(target.schemaId(), target.writer(), datum);
        } catch (IOException | RuntimeException e) {
            // The encoder may hold half a datum: give this thread a clean buffer.
            BUFFERS.remove();
            throw new SerializationException(
                    "Cannot serialize " + (isKey ? "key" : "value") + " for topic '" + topic + "' with schema id "
                            + target.schemaId() + " (" + schema.getFullName() + "): " + e,
                    e);
        }
    }

    private Target<T> resolve(String topic, Schema schema, T datum) {
        String subject = subject(topic, isKey);
        int id;
        try {
            id = autoRegister ? client.register(subject, schema) : client.idOf(subject, schema);
        } catch (SchemaRegistryException e) {
            throw new SchemaRegistryException(
                    "Cannot serialize " + (isKey ? "key" : "value") + " for topic '" + topic + "': "
                            + (autoRegister ? "registering " : "looking up (auto-register is off) ")
                            + schema.getFullName() + " in subject '" + subject + "' failed: " + e.getMessage(),
                    e.httpStatus(),
                    e.errorCode(),
                    e.isTransient(),
                    e);
        }
        Target<T> target = new Target<>(id, writers.apply(datum));
        targets.put(new TopicSchema(topic, schema), target);
        return target;
    }

    /** A per-thread growable byte array and the encoder that writes into it, reused record after record. */
    private static final class Buffer extends OutputStream {
        /** Do not keep the memory of one huge record for the rest of the thread's life. */
        private static final int MAX_RETAINED = 1 << 20;

        private byte[] bytes = new byte[512];
        private int size;
        private final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(this, null);

        <T> byte[] frame(int schemaId, DatumWriter<T> writer, T datum) throws IOException {
            size = 0;
            ConfluentWireFormat.writeHeader(this, schemaId);
            writer.write(datum, encoder);
            encoder.flush();
            byte[] framed = Arrays.copyOf(bytes, size);
            if (bytes.length > MAX_RETAINED) {
                bytes = new byte[512];
            }
            return framed;
        }

        @Override
        public void write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
    }
}
