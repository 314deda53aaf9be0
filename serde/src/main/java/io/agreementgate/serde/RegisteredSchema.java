package io.agreementgate.serde;

import java.util.Objects;
import org.apache.avro.Schema;

/** One version of a subject: its number within the subject, and the schema with its global id. */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {
    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
    }
}
