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
        walk(Where.ROOT, record, problems, more);
        if (more[0] > 0) {
            problems.add("and " + more[0] + " more fields beyond their bounds");
        }
        return problems;
    }

    /**
     * Where a value sits in the record, built as the walk descends; its text is made only for a problem. This runs on
     * every record: building every field's path text was a sixth of an order's decision (BENCHMARKS.md).
     *
     * @param name the field's name, or null for a list item
     * @param item the list item's number (from 1) when {@code name} is null
     */
    private record Where(Where parent, String name, int item) {
        static final Where ROOT = new Where(null, null, 0);

        @Override
        public String toString() {
            if (parent == null) {
                return "";
            }
            String above = parent.toString();
            if (name == null) {
                return above + "[" + item + "]";
            }
            return above.isEmpty() ? name : above + "." + name;
        }
    }

    /** Checks the fields of a record, or the items of a list, at {@code where}. */
    private void walk(Where where, Object value, List<String> problems, int[] more) {
        if (value instanceof IndexedRecord nested) {
            for (Schema.Field field : nested.getSchema().getFields()) {
                visit(where, field.name(), 0, nested.get(field.pos()), problems, more);
            }
        } else if (value instanceof List<?> items) {
            if (items.size() > maxItems) {
                add(problems, more, where + " has " + items.size() + " items, more than the bound of " + maxItems);
            }
            for (int i = 0; i < items.size(); i++) {
                visit(where, null, i + 1, items.get(i), problems, more);
            }
        }
    }

    /** One field ({@code name}) or list item (number {@code item}) below {@code parent}. */
    private void visit(Where parent, String name, int item, Object value, List<String> problems, int[] more) {
        if (value instanceof CharSequence text) {
            if (text.length() > maxStringLength) {
                add(problems, more, tooLong(new Where(parent, name, item).toString(), text.length()));
            }
        } else if (value instanceof IndexedRecord || value instanceof List<?>) {
            walk(new Where(parent, name, item), value, problems, more);
        }
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
