package io.agreementgate.runtime.tools;

import io.agreementgate.runtime.config.ConfigurationException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Where the console producer takes a record's key from: a (dotted) field path. By default the customer id, found at
 * the top ({@code customerId}) or in the wrapped order or attestation of an output record, since the gate's topics
 * are keyed by customer.
 */
public final class KeyField {
    private static final List<String> DEFAULTS = List.of("customerId", "order.customerId", "attestation.customerId");

    private final List<String> path;

    private KeyField(List<String> path) {
        this.path = path;
    }

    /**
     * @param option the {@code --key-field} given, null when not given, empty for "no key"
     */
    public static Optional<KeyField> resolve(Schema schema, String option) {
        if (option == null) {
            return DEFAULTS.stream()
                    .map(KeyField::split)
                    .filter(p -> exists(schema, p))
                    .findFirst()
                    .map(KeyField::new);
        }
        if (option.isBlank()) {
            return Optional.empty();
        }
        List<String> path = split(option);
        if (!exists(schema, path)) {
            throw new ConfigurationException(
                    "--key-field " + option + ": " + schema.getFullName() + " has no such field");
        }
        return Optional.of(new KeyField(path));
    }

    /** The field's value as text, or null. */
    public String of(GenericRecord record) {
        Object value = record;
        for (String name : path) {
            if (!(value instanceof GenericRecord r)) {
                return null;
            }
            value = r.get(name);
        }
        return value == null ? null : value.toString();
    }

    public String describe() {
        return String.join(".", path);
    }

    private static List<String> split(String dotted) {
        return Arrays.asList(dotted.split("\\."));
    }

    private static boolean exists(Schema schema, List<String> path) {
        Schema current = schema;
        for (String name : path) {
            current = recordOf(current);
            if (current == null || current.getField(name) == null) {
                return false;
            }
            current = current.getField(name).schema();
        }
        return true;
    }

    /** The record inside a (nullable) record type, else null. */
    private static Schema recordOf(Schema schema) {
        if (schema.getType() == Schema.Type.RECORD) {
            return schema;
        }
        if (schema.getType() == Schema.Type.UNION) {
            return schema.getTypes().stream()
                    .filter(s -> s.getType() == Schema.Type.RECORD)
                    .findFirst()
                    .orElse(null);
        }
        return null;
    }
}
