package io.agreementgate.serde;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * What {@link SpecificAvroDeserializer} tells the code that receives a record about a record written with a newer
 * version of the contract than the reader's: Avro's schema resolution reads an enum symbol the reader does not know
 * as the reader's default and drops fields the reader does not have, so the decoded value alone cannot tell.
 *
 * <p>The deserializer puts these headers on the record's own {@link Headers} (in Kafka Streams the processor sees
 * them as {@code record.headers()}); it first removes any a producer may have set under these names, so only the
 * deserializer's own finding is ever read. A record written with a schema the reader reads completely carries none.
 *
 * <ul>
 *   <li>{@value #WRITER_SCHEMA_ID}: the writer schema id, when that schema has fields or enum symbols the reader lacks;
 *   <li>{@value #UNKNOWN_FIELDS}: the fields of the writer schema the reader lacks (comma-separated paths);
 *   <li>{@value #UNKNOWN_SYMBOL}: one per enum value in this record that the reader does not know, {@code
 *       path=SYMBOL}, e.g. {@code lineItems[2].productType=COPILOT_CREDITS}.
 * </ul>
 */
public final class ContractHeaders {
    public static final String WRITER_SCHEMA_ID = "agreement-gate.newer-writer-schema-id";
    public static final String UNKNOWN_FIELDS = "agreement-gate.unknown-fields";
    public static final String UNKNOWN_SYMBOL = "agreement-gate.unknown-symbol";

    /**
     * An enum value the reader does not know.
     *
     * @param field where, with list positions counted from 1: {@code lineItems[2].productType}
     * @param symbol the writer's symbol
     */
    public record UnknownSymbol(String field, String symbol) {
        /** The field without list positions, {@code lineItems.productType}: a label of bounded cardinality. */
        public String fieldName() {
            return field.replaceAll("\\[\\d+]", "");
        }
    }

    private ContractHeaders() {}

    /** The id of the newer writer schema the record was written with, or empty when the reader reads it completely. */
    public static OptionalInt newerWriterSchemaId(Headers headers) {
        String value = last(headers, WRITER_SCHEMA_ID);
        return value == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(value));
    }

    /** The record's enum values the reader does not know, in the order they occur in the record. */
    public static List<UnknownSymbol> unknownSymbols(Headers headers) {
        List<UnknownSymbol> symbols = new ArrayList<>(0);
        if (headers == null) {
            return symbols;
        }
        for (Header header : headers.headers(UNKNOWN_SYMBOL)) {
            String value = new String(header.value(), StandardCharsets.UTF_8);
            int eq = value.lastIndexOf('=');
            symbols.add(new UnknownSymbol(value.substring(0, eq), value.substring(eq + 1)));
        }
        return symbols;
    }

    /** The fields of the record's writer schema that the reader does not have. */
    public static List<String> unknownFields(Headers headers) {
        String value = last(headers, UNKNOWN_FIELDS);
        return value == null || value.isEmpty() ? List.of() : List.of(value.split(","));
    }

    /** Removes whatever a producer set under the deserializer's names: only the deserializer's finding counts. */
    static void clear(Headers headers) {
        if (headers != null && hasAny(headers)) {
            headers.remove(WRITER_SCHEMA_ID);
            headers.remove(UNKNOWN_FIELDS);
            headers.remove(UNKNOWN_SYMBOL);
        }
    }

    static void add(Headers headers, String key, String value) {
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean hasAny(Headers headers) {
        return headers.lastHeader(WRITER_SCHEMA_ID) != null
                || headers.lastHeader(UNKNOWN_FIELDS) != null
                || headers.lastHeader(UNKNOWN_SYMBOL) != null;
    }

    private static String last(Headers headers, String key) {
        Header header = headers == null ? null : headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
