package io.agreementgate.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/** Confluent's compatibility levels, checked with Avro's own reader/writer resolution rules. */
enum RegistryCompatibility {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    /** Confluent's default when neither the registry nor the subject has a level set. */
    static final RegistryCompatibility DEFAULT = BACKWARD;

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    RegistryCompatibility(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** Confluent accepts the level in any letter case. */
    static RegistryCompatibility parse(String text) throws RegistryError {
        if (text == null) {
            throw RegistryError.invalidCompatibilityLevel();
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw RegistryError.invalidCompatibilityLevel();
        }
    }

    /**
     * Why {@code candidate} may not follow {@code earlier} (oldest first, each with its version), empty when it may.
     * A non-transitive level looks at the latest earlier version only.
     */
    List<String> problems(Schema candidate, List<VersionedSchema> earlier) {
        List<String> problems = new ArrayList<>();
        List<VersionedSchema> checked =
                transitive || earlier.isEmpty() ? earlier : earlier.subList(earlier.size() - 1, earlier.size());
        for (VersionedSchema old : checked) {
            if (backward) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, old.schema()), old, problems);
            }
            if (forward) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(old.schema(), candidate), old, problems);
            }
        }
        return problems;
    }

    /** An earlier schema of a subject. */
    record VersionedSchema(int version, Schema schema) {}

    private void describe(SchemaPairCompatibility result, VersionedSchema old, List<String> problems) {
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        result.getResult()
                .getIncompatibilities()
                .forEach(i -> problems.add("{errorType:'" + i.getType() + "', description:'" + i.getMessage()
                        + "', location:'" + i.getLocation() + "', oldSchemaVersion: " + old.version()
                        + ", compatibility: '" + name() + "'}"));
    }
}
