package io.agreementgate.serde;

import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry API that the gate's serdes and tools need. Implementations are
 * thread-safe: one client is shared by every serializer and deserializer of an application.
 */
public interface SchemaRegistryClient {

    /**
     * Registers {@code schema} under {@code subject} (a no-op when it is already there) and returns its global id.
     *
     * @throws SchemaRegistryException when the registry refuses the schema or cannot be reached
     */
    int register(String subject, Schema schema);

    /**
     * Returns the global id of {@code schema} in {@code subject} without registering it.
     *
     * @throws SchemaRegistryException when the subject or the schema in it is unknown, or the registry cannot be
     *     reached
     */
    int idOf(String subject, Schema schema);

    /**
     * Returns the schema with this global id.
     *
     * @throws SchemaRegistryException when no schema has this id, or the registry cannot be reached
     */
    Schema schemaById(int id);

    /**
     * Returns the subjects that hold the schema with this global id (Confluent's {@code GET
     * /schemas/ids/{id}/subjects}): a deserializer uses a writer schema only when it is registered under the topic's
     * subject.
     *
     * @throws SchemaRegistryException when no schema has this id, or the registry cannot be reached
     */
    List<String> subjectsOf(int id);

    /** Returns the newest version of {@code subject}, or empty when the subject does not exist. */
    Optional<RegisteredSchema> latest(String subject);

    /** Returns the names of all subjects. */
    List<String> subjects();
}
