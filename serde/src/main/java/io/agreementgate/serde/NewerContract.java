package io.agreementgate.serde;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.header.Headers;

/**
 * What a writer schema has that the reader schema lacks: fields, and enum symbols. Computed once per writer schema id.
 * Avro's resolving decoder reads an unknown enum symbol as the reader's default without a word, so a record of a
 * writer schema that has such symbols is decoded a second time, as the writer wrote it, to find the symbols it really
 * carries (only those records pay for it; a writer schema with nothing new costs nothing per record).
 */
final class NewerContract {
    private final int schemaId;
    private final List<String> unknownFields;
    /** Writer enum full name to the writer's symbols the reader lacks; empty when there are none. */
    private final Map<String, Set<String>> unknownSymbols;
    /** Reads a record as written, without resolution; shared like the deserializer's own reader. */
    private final GenericDatumReader<Object> asWritten;

    private NewerContract(
            int schemaId, Schema writerSchema, List<String> unknownFields, Map<String, Set<String>> unknownSymbols) {
        this.schemaId = schemaId;
        this.unknownFields = List.copyOf(unknownFields);
        this.unknownSymbols = Map.copyOf(unknownSymbols);
        this.asWritten = new GenericDatumReader<>(writerSchema);
    }

    /** @return what the writer has that the reader lacks, or null when the reader reads it completely. */
    static NewerContract compare(int schemaId, Schema writer, Schema reader) {
        List<String> fields = new ArrayList<>();
        Map<String, Set<String>> symbols = new HashMap<>();
        walk("", writer, reader, fields, symbols, new HashSet<>());
        return fields.isEmpty() && symbols.isEmpty() ? null : new NewerContract(schemaId, writer, fields, symbols);
    }

    /** Puts the finding on the record's headers (see {@link ContractHeaders}). */
    void annotate(Headers headers, byte[] data, int offset, int length) throws IOException {
        ContractHeaders.add(headers, ContractHeaders.WRITER_SCHEMA_ID, Integer.toString(schemaId));
        if (!unknownFields.isEmpty()) {
            ContractHeaders.add(headers, ContractHeaders.UNKNOWN_FIELDS, String.join(",", unknownFields));
        }
        if (!unknownSymbols.isEmpty()) {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, offset, length, null);
            find("", asWritten.read(null, decoder), headers);
        }
    }

    private void find(String path, Object value, Headers headers) {
        if (value instanceof GenericData.EnumSymbol symbol) {
            Set<String> unknown = unknownSymbols.get(symbol.getSchema().getFullName());
            if (unknown != null && unknown.contains(symbol.toString())) {
                ContractHeaders.add(headers, ContractHeaders.UNKNOWN_SYMBOL, path + "=" + symbol);
            }
        } else if (value instanceof IndexedRecord record) {
            for (Schema.Field field : record.getSchema().getFields()) {
                find(path.isEmpty() ? field.name() : path + "." + field.name(), record.get(field.pos()), headers);
            }
        } else if (value instanceof List<?> items) {
            for (int i = 0; i < items.size(); i++) {
                find(path + "[" + (i + 1) + "]", items.get(i), headers);
            }
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> find(path + "[" + key + "]", item, headers));
        }
    }

    private static void walk(
            String path,
            Schema writer,
            Schema reader,
            List<String> fields,
            Map<String, Set<String>> symbols,
            Set<String> visited) {
        if (reader.getType() == Schema.Type.UNION && writer.getType() != Schema.Type.UNION) {
            Schema branch = matchingBranch(writer, reader);
            if (branch != null) {
                walk(path, writer, branch, fields, symbols, visited);
            }
            return;
        }
        switch (writer.getType()) {
            case RECORD -> {
                if (reader.getType() != Schema.Type.RECORD
                        || !visited.add(writer.getFullName() + "->" + reader.getFullName())) {
                    return;
                }
                for (Schema.Field field : writer.getFields()) {
                    String fieldPath = path.isEmpty() ? field.name() : path + "." + field.name();
                    Schema.Field known = readerField(reader, field);
                    if (known == null) {
                        fields.add(fieldPath);
                    } else {
                        walk(fieldPath, field.schema(), known.schema(), fields, symbols, visited);
                    }
                }
            }
            case ENUM -> {
                if (reader.getType() == Schema.Type.ENUM) {
                    Set<String> missing = new HashSet<>(writer.getEnumSymbols());
                    missing.removeAll(reader.getEnumSymbols());
                    if (!missing.isEmpty()) {
                        symbols.merge(writer.getFullName(), missing, (a, b) -> {
                            Set<String> both = new HashSet<>(a);
                            both.addAll(b);
                            return both;
                        });
                    }
                }
            }
            case ARRAY -> {
                if (reader.getType() == Schema.Type.ARRAY) {
                    walk(path, writer.getElementType(), reader.getElementType(), fields, symbols, visited);
                }
            }
            case MAP -> {
                if (reader.getType() == Schema.Type.MAP) {
                    walk(path, writer.getValueType(), reader.getValueType(), fields, symbols, visited);
                }
            }
            case UNION -> {
                for (Schema branch : writer.getTypes()) {
                    walk(path, branch, reader, fields, symbols, visited);
                }
            }
            default -> {}
        }
    }

    /** The reader's field for a writer field: by name, or by one of the reader field's aliases. */
    private static Schema.Field readerField(Schema reader, Schema.Field writerField) {
        Schema.Field byName = reader.getField(writerField.name());
        if (byName != null) {
            return byName;
        }
        for (Schema.Field field : reader.getFields()) {
            if (field.aliases().contains(writerField.name())) {
                return field;
            }
        }
        return null;
    }

    /** The reader union's branch a writer type resolves to: the same type, and for named types the same name. */
    private static Schema matchingBranch(Schema writer, Schema readerUnion) {
        for (Schema branch : readerUnion.getTypes()) {
            if (branch.getType() == writer.getType()
                    && (!isNamed(writer) || branch.getFullName().equals(writer.getFullName()))) {
                return branch;
            }
        }
        return null;
    }

    private static boolean isNamed(Schema schema) {
        return schema.getType() == Schema.Type.RECORD
                || schema.getType() == Schema.Type.ENUM
                || schema.getType() == Schema.Type.FIXED;
    }
}
