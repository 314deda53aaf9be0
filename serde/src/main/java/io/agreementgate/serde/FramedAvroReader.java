package io.agreementgate.serde;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;

/**
 * The shared core of the deserializers: checks the Confluent header, checks that the writer schema is registered under
 * the topic's subject (once per schema id and subject), fetches the writer schema by id and checks it against the
 * {@link SchemaLimits} (once per id), decodes the Avro binary, and turns every failure into a
 * {@link SerializationException} naming topic, schema id and cause, which is what Kafka Streams' deserialization
 * exception handler acts on (dead-letter topic). Refusals are cached like schemas, so a hostile record costs
 * microseconds after the first of its id. Every cache is bounded ({@link SchemaLimits#cacheSize()}). A registry that
 * cannot be reached throws a transient {@link SchemaRegistryException} and caches nothing. Thread-safe.
 */
final class FramedAvroReader<T> {

    /**
     * How records written with one writer schema are read; {@code incompatibility} explains, when the reader schema
     * cannot resolve every record of the writer schema, why (shown only if a record actually fails).
     */
    private record Decoding<T>(
            Schema writerSchema, DatumReader<T> reader, String incompatibility, NewerContract newerContract) {}

    private static final ThreadLocal<BinaryDecoder> DECODERS = new ThreadLocal<>();
    private static final Duration UNKNOWN_ID_MEMORY = Duration.ofMinutes(1);

    private final SchemaRegistryClient client;
    private final String part;
    private final Schema readerSchema;
    private final Function<Schema, DatumReader<T>> readers;
    private final SchemaLimits limits;
    private final boolean isKey;
    /** Writer schemas in use, by id, with the readers built for them. */
    private final Cache<Integer, Decoding<T>> decodings;
    /** Writer schema ids refused by the limits, with the reason. */
    private final Cache<Integer, String> refused;
    /**
     * Schema ids the registry does not know, for a minute: long enough that a flood of records with made-up ids costs
     * one registry call per id and minute, short enough that an id registered just after a record named it (a
     * registry replica behind its leader) is used soon.
     */
    private final Cache<Integer, SchemaRegistryException> unknown;
    /** Whether a schema id is registered under a subject, per (id, subject). */
    private final Cache<IdInSubject, Boolean> registered;

    private record IdInSubject(int id, String subject) {}

    /**
     * @param readerSchema the schema to resolve writer schemas against, or null to read with the writer schema as is
     * @param readers makes the DatumReader for a writer schema
     */
    FramedAvroReader(
            SchemaRegistryClient client,
            boolean isKey,
            Schema readerSchema,
            Function<Schema, DatumReader<T>> readers,
            SchemaLimits limits) {
        this.client = Objects.requireNonNull(client, "client");
        this.isKey = isKey;
        this.part = isKey ? "key" : "value";
        this.readerSchema = readerSchema;
        this.readers = readers;
        this.limits = Objects.requireNonNull(limits, "limits");
        this.decodings = Caffeine.newBuilder().maximumSize(limits.cacheSize()).build();
        this.refused = Caffeine.newBuilder().maximumSize(limits.cacheSize()).build();
        this.registered = Caffeine.newBuilder().maximumSize(limits.cacheSize()).build();
        this.unknown = Caffeine.newBuilder()
                .maximumSize(limits.cacheSize())
                .expireAfterWrite(UNKNOWN_ID_MEMORY)
                .build();
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
        checkRegistered(topic, schemaId);
        Decoding<T> decoding = decodings.getIfPresent(schemaId);
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

    /**
     * Refuses a writer schema that is not registered under the topic's subject (Confluent's TopicNameStrategy): a
     * writer may not pick any schema the registry holds, such as one registered under a subject of its own.
     */
    private void checkRegistered(String topic, int schemaId) {
        if (isKafkaStreamsInternal(topic)) {
            return;
        }
        String subject = FramedAvroWriter.subject(topic, isKey);
        IdInSubject key = new IdInSubject(schemaId, subject);
        Boolean known = registered.getIfPresent(key);
        if (known == null) {
            SchemaRegistryException notFound = unknown.getIfPresent(schemaId);
            if (notFound != null) {
                throw notFound(topic, schemaId, notFound);
            }
            try {
                known = client.subjectsOf(schemaId).contains(subject);
            } catch (SchemaRegistryException e) {
                if (!e.isTransient() && e.httpStatus() == 404) {
                    unknown.put(schemaId, e);
                }
                throw notFound(topic, schemaId, e);
            }
            registered.put(key, known);
        }
        if (!known) {
            throw new SerializationException(prefix(topic) + "writer schema id " + schemaId
                    + " is not registered under subject '" + subject + "' (only under other subjects): refused");
        }
    }

    /**
     * Kafka Streams' own topics ({@code <application.id>-<name>-changelog} and {@code -repartition}): only the gate
     * writes them (its principal alone holds the application id's prefix), with its own schemas, and the partition
     * migration copies their bytes unchanged to another application id, whose subjects do not list those schemas until
     * the gate writes again. The limits still apply.
     */
    private static boolean isKafkaStreamsInternal(String topic) {
        return topic.endsWith("-changelog") || topic.endsWith("-repartition");
    }

    private SchemaRegistryException notFound(String topic, int schemaId, SchemaRegistryException e) {
        return new SchemaRegistryException(
                prefix(topic) + "cannot look up writer schema id " + schemaId + ": " + e.getMessage(),
                e.httpStatus(),
                e.errorCode(),
                e.isTransient(),
                e);
    }

    private Decoding<T> decoding(String topic, int schemaId) {
        String refusal = refused.getIfPresent(schemaId);
        if (refusal != null) {
            throw new SerializationException(prefix(topic) + "schema id " + schemaId + " refused: " + refusal);
        }
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
        Optional<String> problem =
                limits.problem(writerSchema, writerSchema.toString().length());
        if (problem.isPresent()) {
            refused.put(schemaId, problem.get());
            throw new SerializationException(prefix(topic) + "schema id " + schemaId + " refused: " + problem.get());
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

    long cachedWriterSchemas() {
        decodings.cleanUp();
        return decodings.estimatedSize();
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
