package io.agreementgate.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonDecoder;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro's JSON encoding of records, the text that Confluent's console producer reads and console consumer prints:
 * unions are wrapped in their branch, e.g. {@code {"string": "x"}} or {@code null}, timestamps are longs.
 */
public final class AvroJson {

    private AvroJson() {}

    /** A generated class or a generic record as one line of Avro JSON. */
    public static String toJson(GenericContainer record) {
        Schema schema = record.getSchema();
        // A generated class needs its own model: it holds the conversions of its logical types (Instant etc.).
        GenericData model =
                record instanceof SpecificRecord ? SpecificData.getForClass(record.getClass()) : GenericData.get();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            JsonEncoder encoder = EncoderFactory.get().jsonEncoder(schema, out);
            new GenericDatumWriter<Object>(schema, model).write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Cannot write " + schema.getFullName() + " as Avro JSON: " + e, e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Parses Avro JSON of a record with {@code schema}.
     *
     * @throws IllegalArgumentException when the text is not JSON or does not match the schema
     */
    public static GenericRecord fromJson(String json, Schema schema) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("Schema " + schema.getFullName() + " is not a record schema");
        }
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException("No JSON given for a " + schema.getFullName());
        }
        try {
            JsonDecoder decoder = DecoderFactory.get().jsonDecoder(schema, json);
            return new GenericDatumReader<GenericRecord>(schema, schema, GenericData.get()).read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "Not Avro JSON of a " + schema.getFullName() + ": " + e.getMessage() + " in: " + abbreviate(json),
                    e);
        }
    }

    private static String abbreviate(String json) {
        return json.length() <= 200 ? json : json.substring(0, 200) + "...";
    }
}
