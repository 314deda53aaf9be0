package io.agreementgate.serde;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * What a writer schema may be before a deserializer uses it, and how many writer schemas it keeps. A writer schema is
 * chosen by whoever writes the record: without limits a few bytes of record with a hostile schema cost minutes of
 * stream thread (Avro skipping millions of zero-byte items through a hundred nested records) or megabytes of heap per
 * schema id.
 *
 * @param maxLength the longest schema, in characters of its JSON text; the gate's own largest is about 10 thousand
 * @param maxDepth the deepest nesting of records, arrays, maps and unions; the gate's own deepest is 5
 * @param cacheSize how many writer schemas (and the readers built for them) a deserializer keeps, least recently
 *     used dropped first; a dropped schema is fetched again when a record needs it
 */
public record SchemaLimits(int maxLength, int maxDepth, int cacheSize) {

    /**
     * Far above the gate's own schemas (a 64 KiB limit is six times the largest, ApprovedOrder with its Order; depth
     * 32 is six times the deepest) and small enough that the cache's worst case (1,000 schemas at the limit, about
     * 64 MB of text) stays a small part of the heap.
     */
    public static final SchemaLimits DEFAULTS = new SchemaLimits(64 * 1024, 32, 1_000);

    public SchemaLimits {
        if (maxLength < 1 || maxDepth < 1 || cacheSize < 1) {
            throw new IllegalArgumentException("Schema limits must be positive, got length " + maxLength + ", depth "
                    + maxDepth + ", cache " + cacheSize);
        }
    }

    /**
     * Why {@code schema} (whose JSON text is {@code length} characters long) may not be used, or empty when it may.
     * Refused: beyond the length or depth; recursive (a record that contains itself: no order is); and an array or
     * map of items that take no bytes (null, a record without fields, a zero-size fixed), because a handful of bytes
     * may then claim millions of items and every one of them is walked.
     */
    public Optional<String> problem(Schema schema, int length) {
        if (length > maxLength) {
            return Optional.of("writer schema is " + length + " characters long, more than the limit of " + maxLength);
        }
        return new Walk(maxDepth).problem(schema, 1, new ArrayDeque<>());
    }

    private static final class Walk {
        private final int maxDepth;

        Walk(int maxDepth) {
            this.maxDepth = maxDepth;
        }

        Optional<String> problem(Schema schema, int depth, Deque<String> path) {
            if (depth > maxDepth) {
                return Optional.of("writer schema nests deeper than the limit of " + maxDepth + " (at "
                        + String.join(".", path) + ")");
            }
            switch (schema.getType()) {
                case RECORD -> {
                    if (path.contains(schema.getFullName())) {
                        return Optional.of("writer schema is recursive: " + schema.getFullName() + " contains itself");
                    }
                    path.addLast(schema.getFullName());
                    try {
                        for (Schema.Field field : schema.getFields()) {
                            Optional<String> problem = problem(field.schema(), depth + 1, path);
                            if (problem.isPresent()) {
                                return problem;
                            }
                        }
                    } finally {
                        path.removeLast();
                    }
                    return Optional.empty();
                }
                case ARRAY, MAP -> {
                    Schema items =
                            schema.getType() == Schema.Type.ARRAY ? schema.getElementType() : schema.getValueType();
                    if (schema.getType() == Schema.Type.ARRAY && takesNoBytes(items, new HashSet<>())) {
                        return Optional.of("writer schema has an array of items that take no bytes (" + items.getType()
                                + (items.getType() == Schema.Type.RECORD ? " " + items.getFullName() : "") + ")");
                    }
                    return problem(items, depth + 1, path);
                }
                case UNION -> {
                    for (Schema branch : schema.getTypes()) {
                        Optional<String> problem = problem(branch, depth + 1, path);
                        if (problem.isPresent()) {
                            return problem;
                        }
                    }
                    return Optional.empty();
                }
                default -> {
                    return Optional.empty();
                }
            }
        }

        /** True when a value of {@code schema} can be encoded in zero bytes. */
        private boolean takesNoBytes(Schema schema, Set<String> seen) {
            return switch (schema.getType()) {
                case NULL -> true;
                case FIXED -> schema.getFixedSize() == 0;
                case RECORD ->
                    seen.add(schema.getFullName())
                            && schema.getFields().stream().allMatch(f -> takesNoBytes(f.schema(), seen));
                default -> false;
            };
        }
    }
}
