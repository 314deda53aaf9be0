package io.agreementgate.runtime.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;

/**
 * Avro data as plain JSON for people and HTTP clients: unions unwrapped (a nullable string is a string or null, not
 * {@code {"string": ...}} as in Avro's JSON encoding) and timestamps as ISO-8601 instants.
 */
public final class AvroJsonNodes {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private AvroJsonNodes() {}

    public static JsonNode toNode(IndexedRecord record) {
        return toNode(record, record.getSchema());
    }

    public static JsonNode toNode(Object datum, Schema schema) {
        if (datum == null) {
            return JSON.nullNode();
        }
        return switch (schema.getType()) {
            case RECORD -> record((IndexedRecord) datum, schema);
            case UNION -> toNode(datum, branch(datum, schema));
            case ARRAY -> array((Collection<?>) datum, schema.getElementType());
            case MAP -> map((Map<?, ?>) datum, schema.getValueType());
            case LONG -> timestamp(schema) ? JSON.textNode(instant(datum).toString()) : JSON.numberNode((Long) datum);
            case INT -> JSON.numberNode((Integer) datum);
            case FLOAT -> JSON.numberNode((Float) datum);
            case DOUBLE -> JSON.numberNode((Double) datum);
            case BOOLEAN -> JSON.booleanNode((Boolean) datum);
            case BYTES -> JSON.textNode(base64((ByteBuffer) datum));
            case FIXED -> JSON.textNode(Base64.getEncoder().encodeToString(((GenericFixed) datum).bytes()));
            case NULL -> JSON.nullNode();
            case STRING, ENUM -> JSON.textNode(datum.toString());
        };
    }

    private static ObjectNode record(IndexedRecord record, Schema schema) {
        ObjectNode node = JSON.objectNode();
        for (Schema.Field field : schema.getFields()) {
            node.set(field.name(), toNode(record.get(field.pos()), field.schema()));
        }
        return node;
    }

    private static ArrayNode array(Collection<?> items, Schema itemSchema) {
        ArrayNode node = JSON.arrayNode();
        items.forEach(item -> node.add(toNode(item, itemSchema)));
        return node;
    }

    private static ObjectNode map(Map<?, ?> entries, Schema valueSchema) {
        ObjectNode node = JSON.objectNode();
        entries.forEach((k, v) -> node.set(k.toString(), toNode(v, valueSchema)));
        return node;
    }

    /** The gate's unions are all "null or one type"; anything else is resolved the way Avro would. */
    private static Schema branch(Object datum, Schema union) {
        List<Schema> nonNull = union.getTypes().stream()
                .filter(s -> s.getType() != Schema.Type.NULL)
                .toList();
        if (nonNull.size() == 1) {
            return nonNull.get(0);
        }
        return union.getTypes().get(SpecificData.get().resolveUnion(union, datum));
    }

    private static boolean timestamp(Schema schema) {
        return schema.getLogicalType() instanceof LogicalTypes.TimestampMillis;
    }

    private static Instant instant(Object datum) {
        return datum instanceof Instant instant ? instant : Instant.ofEpochMilli((Long) datum);
    }

    private static String base64(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
