package io.agreementgate.serde;

import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-framed Avro into a generated class: the writer schema comes from the registry by id, the reader
 * schema is the class's own, and Avro's schema resolution bridges the two (defaults for fields the writer did not
 * have, skipping fields the reader does not know; what was skipped or read as a default is told in the record's
 * headers, {@link ContractHeaders}). Every undecodable record throws
 * {@link org.apache.kafka.common.errors.SerializationException}.
 */
public final class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final FramedAvroReader<T> reader;

    public SpecificAvroDeserializer(Class<T> type, SchemaRegistryClient client, boolean isKey) {
        this(type, client, isKey, SchemaLimits.DEFAULTS);
    }

    /** @param limits what a writer schema may be, and how many are kept */
    public SpecificAvroDeserializer(Class<T> type, SchemaRegistryClient client, boolean isKey, SchemaLimits limits) {
        Objects.requireNonNull(type, "type");
        SpecificData model = SpecificData.getForClass(type);
        Schema readerSchema = model.getSchema(type);
        // Avro instantiates the generated classes by name while reading: they must be trusted (see there).
        TrustedAvroClasses.trust(readerSchema);
        this.reader = new FramedAvroReader<>(
                client,
                isKey,
                readerSchema,
                writerSchema -> new SpecificDatumReader<>(writerSchema, readerSchema, model),
                limits);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return reader.read(topic, data);
    }

    /** How many writer schemas this deserializer keeps now (for tests of the bound). */
    long cachedWriterSchemas() {
        return reader.cachedWriterSchemas();
    }

    /**
     * As {@link #deserialize(String, byte[])}, and tells through the record's headers what its writer schema has that
     * the generated class lacks: see {@link ContractHeaders}.
     */
    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
        return reader.read(topic, headers, data);
    }
}
