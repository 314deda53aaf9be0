package io.agreementgate.serde;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.Schema;

/**
 * A schema registry held in memory, for tests and for {@code mock://} URLs. It numbers like Confluent's: one global id
 * per distinct schema (the same schema in two subjects shares its id), versions counted per subject from 1. It does
 * not check compatibility.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {

    private final Map<String, Integer> idsBySchemaText = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, List<RegisteredSchema>> versionsBySubject = new TreeMap<>();
    private int nextId;

    /** A registry whose first schema gets id 1, as in a fresh Confluent registry. */
    public InMemorySchemaRegistry() {
        this(1);
    }

    /** A registry whose first schema gets {@code firstId}: tests use it to get ids that span several bytes. */
    public InMemorySchemaRegistry(int firstId) {
        if (firstId < 0) {
            throw new IllegalArgumentException("Schema ids are non-negative, got " + firstId);
        }
        this.nextId = firstId;
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        Objects.requireNonNull(subject, "subject");
        // Confluent tells schemas apart by their canonical JSON text: equal text, equal id.
        String text = schema.toString();
        List<RegisteredSchema> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        for (RegisteredSchema existing : versions) {
            if (existing.schema().toString().equals(text)) {
                return existing.id();
            }
        }
        Integer id = idsBySchemaText.get(text);
        if (id == null) {
            id = nextId++;
            idsBySchemaText.put(text, id);
            schemasById.put(id, schema);
        }
        versions.add(new RegisteredSchema(subject, versions.size() + 1, id, schemasById.get(id)));
        return id;
    }

    @Override
    public synchronized int idOf(String subject, Schema schema) {
        List<RegisteredSchema> versions = versionsBySubject.get(subject);
        if (versions == null) {
            throw notFound("Subject '" + subject + "' not found", 40401);
        }
        String text = schema.toString();
        return versions.stream()
                .filter(v -> v.schema().toString().equals(text))
                .findFirst()
                .orElseThrow(() ->
                        notFound("Schema " + schema.getFullName() + " not found in subject '" + subject + "'", 40403))
                .id();
    }

    @Override
    public synchronized Schema schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw notFound("Schema id " + id + " not found", 40403);
        }
        return schema;
    }

    @Override
    public synchronized List<String> subjectsOf(int id) {
        schemaById(id);
        return versionsBySubject.entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(v -> v.id() == id))
                .map(Map.Entry::getKey)
                .toList();
    }

    @Override
    public synchronized Optional<RegisteredSchema> latest(String subject) {
        List<RegisteredSchema> versions = versionsBySubject.get(subject);
        return versions == null || versions.isEmpty()
                ? Optional.empty()
                : Optional.of(versions.get(versions.size() - 1));
    }

    @Override
    public synchronized List<String> subjects() {
        return List.copyOf(versionsBySubject.keySet());
    }

    private static SchemaRegistryException notFound(String message, int errorCode) {
        return new SchemaRegistryException(
                "In-memory schema registry: " + message + " (error_code " + errorCode + ")",
                404,
                errorCode,
                false,
                null);
    }
}
