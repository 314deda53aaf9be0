package io.agreementgate.topology.policy;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Finds the string fields and lists of a record that exceed the policy's bounds, by walking the record itself (every
 * string field of every nested record, so a field added to the schema later is bounded too). The problems name the
 * field and the bound, never the value: an oversized value must not be copied into a rejection message.
 */
final class RecordBounds {
    /** More problems than this are summarised: a record of 10 000 oversized line items gets a short rejection. */
    private static final int MAX_PROBLEMS = 10;

    private final int maxStringLength;
    private final int maxItems;

    RecordBounds(int maxStringLength, int maxItems) {
        this.maxStringLength = maxStringLength;
        this.maxItems = maxItems;
    }

    /** @return one problem per field beyond its bound (at most {@value #MAX_PROBLEMS}, then a count), else empty. */
    List<String> problems(String recordKey, IndexedRecord record) {
        List<String> problems = new ArrayList<>(0);
        int[] more = {0};
        if (recordKey != null && recordKey.length() > maxStringLength) {
            problems.add(tooLong("the record key", recordKey.length()));
        }
        walk("", record, problems, more);
        if (more[0] > 0) {
            problems.add("and " + more[0] + " more fields beyond their bounds");
        }
        return problems;
    }

    /**
     * Checks {@code value} at {@code path}. A nested record's or a list's path is only built when the walk descends
     * into it, and a string's only when it is too long: this runs on every record, and building every field's path
     * was a sixth of an order's decision (BENCHMARKS.md).
     */
    private void walk(String path, Object value, List<String> problems, int[] more) {
        if (value instanceof IndexedRecord nested) {
            for (Schema.Field field : nested.getSchema().getFields()) {
                check(path, field.name(), nested.get(field.pos()), problems, more);
            }
        } else if (value instanceof List<?> items) {
            if (items.size() > maxItems) {
                add(problems, more, path + " has " + items.size() + " items, more than the bound of " + maxItems);
            }
            for (int i = 0; i < items.size(); i++) {
                check(path, "[" + (i + 1) + "]", items.get(i), problems, more);
            }
        } else if (value instanceof CharSequence text && text.length() > maxStringLength) {
            add(problems, more, tooLong(path, text.length()));
        }
    }

    /** {@code value} is the field (or list item) {@code name} of what is at {@code parent}. */
    private void check(String parent, String name, Object value, List<String> problems, int[] more) {
        if (value instanceof CharSequence text) {
            if (text.length() > maxStringLength) {
                add(problems, more, tooLong(pathOf(parent, name), text.length()));
            }
        } else if (value instanceof IndexedRecord || value instanceof List<?>) {
            walk(pathOf(parent, name), value, problems, more);
        }
    }

    private static String pathOf(String parent, String name) {
        return parent.isEmpty() || name.startsWith("[") ? parent + name : parent + "." + name;
    }

    private String tooLong(String field, int length) {
        return field + " is " + length + " characters long, more than the bound of " + maxStringLength;
    }

    private static void add(List<String> problems, int[] more, String problem) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(problem);
        } else {
            more[0]++;
        }
    }
}
