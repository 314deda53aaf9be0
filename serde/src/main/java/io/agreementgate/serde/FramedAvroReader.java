package io.agreementgate.serde;

import java.io.EOFException;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;

/**
 * The shared core of the deserializers: checks the Confluent header, fetches the writer schema by id (once per id),
 * decodes the Avro binary, and turns every failure into a {@link SerializationException} naming topic, schema id and
 * cause, which is what Kafka Streams' deserialization exception handler acts on (dead-letter topic). Thread-safe.
 */
final class FramedAvroReader<T> {

    /**
     * How records written with one writer schema are read; {@code incompatibility} explains, when the reader schema
     * cannot resolve every record of the writer schema, why (shown only if a record actually fails).
     */
    private record Decoding<T>(
            Schema writerSchema, DatumReader<T> reader, String incompatibility, NewerContract newerContract) {}

    private static final ThreadLocal<BinaryDecoder> DECODERS = new ThreadLocal<>();

    private final SchemaRegistryClient client;
    private final String part;
    private final Schema readerSchema;
    private final Function<Schema, DatumReader<T>> readers;
    private final ConcurrentMap<Integer, Decoding<T>> decodings = new ConcurrentHashMap<>();

    /**
     * @param readerSchema the schema to resolve writer schemas against, or null to read with the writer schema as is
     * @param readers makes the DatumReader for a writer schema
     */
    FramedAvroReader(
            SchemaRegistryClient client, boolean isKey, Schema readerSchema, Function<Schema, DatumReader<T>> readers) {
        this.client = Objects.requireNonNull(client, "client");
        this.part = isKey ? "key" : "value";
        this.readerSchema = readerSchema;
        this.readers = readers;
    }

    T read(String topic, byte[] data) {
        return read(topic, null, data);
    }

    /**
     * @param headers the record's headers, or null: told what the writer schema has that the reader lacks (see {@link
     *     ContractHeaders})
     */
    T read(String topic, Headers headers, byte[] data) {
        ContractHeaders.clear(headers);
        if (data == null) {
            return null;
        }
        int schemaId;
        try {
            schemaId = ConfluentWireFormat.readSchemaId(data);
        } catch (SerializationException e) {
            throw new SerializationException(prefix(topic) + e.getMessage(), e);
        }
        Decoding<T> decoding = decodings.get(schemaId);
        if (decoding == null) {
            decoding = decoding(topic, schemaId);
        }
        BinaryDecoder decoder = DecoderFactory.get()
                .binaryDecoder(
                        data,
                        ConfluentWireFormat.HEADER_SIZE,
                        data.length - ConfluentWireFormat.HEADER_SIZE,
                        DECODERS.get());
        DECODERS.set(decoder);
        T result;
        boolean trailingBytes;
        try {
            result = decoding.reader().read(null, decoder);
            trailingBytes = !decoder.isEnd();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    prefix(topic) + "schema id " + schemaId + " ("
                            + decoding.writerSchema().getFullName() + "): " + describe(e) + incompatibility(decoding),
                    e);
        }
        if (trailingBytes) {
            throw new SerializationException(prefix(topic) + "schema id " + schemaId + " ("
                    + decoding.writerSchema().getFullName()
                    + "): bytes left over after the Avro datum: corrupt, or written with another schema");
        }
        if (headers != null && decoding.newerContract() != null) {
            try {
                decoding.newerContract()
                        .annotate(
                                headers,
                                data,
                                ConfluentWireFormat.HEADER_SIZE,
                                data.length - ConfluentWireFormat.HEADER_SIZE);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException(
                        prefix(topic) + "schema id " + schemaId + " ("
                                + decoding.writerSchema().getFullName() + "): cannot read it as written: "
                                + describe(e),
                        e);
            }
        }
        return result;
    }

    private Decoding<T> decoding(String topic, int schemaId) {
        Schema writerSchema;
        try {
            writerSchema = client.schemaById(schemaId);
        } catch (SchemaRegistryException e) {
            throw new SchemaRegistryException(
                    prefix(topic) + "cannot fetch writer schema id " + schemaId + ": " + e.getMessage(),
                    e.httpStatus(),
                    e.errorCode(),
                    e.isTransient(),
                    e);
        }
        String incompatibility = null;
        if (readerSchema != null) {
            SchemaCompatibility.SchemaPairCompatibility compatibility =
                    SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writerSchema);
            if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                incompatibility = compatibility.getResult().getIncompatibilities().stream()
                        .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
                        .reduce((a, b) -> a + "; " + b)
                        .orElse(compatibility.getDescription());
            }
        }
        Decoding<T> decoding;
        try {
            decoding = new Decoding<>(
                    writerSchema,
                    readers.apply(writerSchema),
                    incompatibility,
                    readerSchema == null ? null : NewerContract.compare(schemaId, writerSchema, readerSchema));
        } catch (RuntimeException e) {
            throw new SerializationException(
                    prefix(topic) + "cannot read writer schema id " + schemaId + " (" + writerSchema.getFullName()
                            + "): " + e.getMessage(),
                    e);
        }
        decodings.put(schemaId, decoding);
        return decoding;
    }

    private String prefix(String topic) {
        return "Cannot deserialize " + part + " of topic '" + topic + "': ";
    }

    private static String describe(Throwable e) {
        if (e instanceof EOFException) {
            return "the Avro data ends early (truncated record?)";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private String incompatibility(Decoding<T> decoding) {
        return decoding.incompatibility() == null
                ? ""
                : "; reader schema " + readerSchema.getFullName() + " cannot read this writer schema: "
                        + decoding.incompatibility();
    }
}
