package io.agreementgate.serde;

import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serializer;

/** Writes any {@link GenericRecord} in the Confluent wire format with its own schema as writer schema. */
public final class GenericAvroSerializer implements Serializer<GenericRecord> {

    private final FramedAvroWriter<GenericRecord> writer;

    public GenericAvroSerializer(SchemaRegistryClient client, boolean isKey, boolean autoRegister) {
        this.writer = new FramedAvroWriter<>(
                client, isKey, autoRegister, datum -> new GenericDatumWriter<>(datum.getSchema(), GenericData.get()));
    }

    @Override
    public byte[] serialize(String topic, GenericRecord data) {
        return data == null ? null : writer.write(topic, data.getSchema(), data);
    }
}
