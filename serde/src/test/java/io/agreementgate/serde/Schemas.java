package io.agreementgate.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import org.apache.avro.Schema;

/** Older and newer variants of a contract schema, made by editing its JSON like a developer would edit the .avsc. */
final class Schemas {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Schemas() {}

    static Schema edit(Schema schema, Consumer<ObjectNode> edit) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(schema.toString());
            edit.accept(node);
            return new Schema.Parser().parse(node.toString());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Schema withoutField(Schema record, String field) {
        return edit(record, node -> {
            ArrayNode fields = (ArrayNode) node.get("fields");
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).get("name").asText().equals(field)) {
                    fields.remove(i);
                    return;
                }
            }
            throw new IllegalArgumentException("No field " + field);
        });
    }

    /** Inserts {@code fieldJson} as a field after the field named {@code after}. */
    static Schema withFieldAfter(Schema record, String after, String fieldJson) {
        return edit(record, node -> {
            ArrayNode fields = (ArrayNode) node.get("fields");
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).get("name").asText().equals(after)) {
                    fields.insert(i + 1, parse(fieldJson));
                    return;
                }
            }
            throw new IllegalArgumentException("No field " + after);
        });
    }

    /** Adds a symbol to the enum type of a top-level field. */
    static Schema withEnumSymbol(Schema record, String field, String symbol) {
        return edit(record, node -> {
            for (JsonNode f : node.get("fields")) {
                if (f.get("name").asText().equals(field)) {
                    ((ArrayNode) f.get("type").get("symbols")).add(symbol);
                    return;
                }
            }
            throw new IllegalArgumentException("No field " + field);
        });
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
