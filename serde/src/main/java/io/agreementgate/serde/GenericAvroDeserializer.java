package io.agreementgate.serde;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Deserializer;

/** Reads Confluent-framed Avro records as {@link GenericRecord}s of their writer schema, for tools that show them. */
public final class GenericAvroDeserializer implements Deserializer<GenericRecord> {

    private final FramedAvroReader<GenericRecord> reader;

    public GenericAvroDeserializer(SchemaRegistryClient client, boolean isKey) {
        this(client, isKey, SchemaLimits.DEFAULTS);
    }

    /** @param limits what a writer schema may be, and how many are kept */
    public GenericAvroDeserializer(SchemaRegistryClient client, boolean isKey, SchemaLimits limits) {
        this.reader = new FramedAvroReader<>(
                client,
                isKey,
                null,
                writerSchema -> {
                    if (writerSchema.getType() != Schema.Type.RECORD) {
                        throw new IllegalArgumentException(
                                "the writer schema is a " + writerSchema.getType() + ", not a record");
                    }
                    return new GenericDatumReader<>(writerSchema, writerSchema, GenericData.get());
                },
                limits);
    }

    @Override
    public GenericRecord deserialize(String topic, byte[] data) {
        return reader.read(topic, data);
    }
}
