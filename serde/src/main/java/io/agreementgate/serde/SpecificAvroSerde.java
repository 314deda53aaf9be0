package io.agreementgate.serde;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** {@link SpecificAvroSerializer} and {@link SpecificAvroDeserializer} of one generated class, as a Serde. */
public final class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final SpecificAvroSerializer<T> serializer;
    private final SpecificAvroDeserializer<T> deserializer;

    public SpecificAvroSerde(Class<T> type, SchemaRegistryClient client, boolean isKey, boolean autoRegister) {
        this(type, client, isKey, autoRegister, SchemaLimits.DEFAULTS);
    }

    /** @param limits what a writer schema may be, and how many are kept, for the deserializer */
    public SpecificAvroSerde(
            Class<T> type, SchemaRegistryClient client, boolean isKey, boolean autoRegister, SchemaLimits limits) {
        this.serializer = new SpecificAvroSerializer<>(client, isKey, autoRegister);
        this.deserializer = new SpecificAvroDeserializer<>(type, client, isKey, limits);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }
}
