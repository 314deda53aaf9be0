package io.agreementgate.serde;

import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes generated Avro classes in the Confluent wire format, under subject {@code <topic>-value} (or {@code -key}).
 * The schema id is registered (or looked up) once per topic and writer schema, then cached.
 */
public final class SpecificAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private final FramedAvroWriter<T> writer;

    /**
     * @param autoRegister register the record's schema if needed; when false the schema must already be registered
     *     in the subject, as in production where schemas are registered by CI
     */
    public SpecificAvroSerializer(SchemaRegistryClient client, boolean isKey, boolean autoRegister) {
        // The generated class's own SpecificData carries its logical type conversions (timestamp-millis as Instant);
        // getForClass, unlike getForSchema, needs no class lookup by name, which Avro's class validator would refuse.
        this.writer = new FramedAvroWriter<>(
                client,
                isKey,
                autoRegister,
                datum -> new SpecificDatumWriter<>(datum.getSchema(), SpecificData.getForClass(datum.getClass())));
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return data == null ? null : writer.write(topic, data.getSchema(), data);
    }
}
