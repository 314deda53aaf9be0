package io.agreementgate.embedded;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/** Schema text from a client or the journal, parsed; a client's bad schema becomes Confluent's 42201 error. */
final class RegistrySchemas {
    private RegistrySchemas() {}

    /** Avro's parse errors become a 422 carrying Avro's own message, never a Java class name. */
    static Schema parseOrReject(String schemaText) throws RegistryError {
        if (schemaText == null || schemaText.isBlank()) {
            throw RegistryError.invalidSchema("Empty schema");
        }
        try {
            return parse(schemaText);
        } catch (SchemaParseException | org.apache.avro.AvroTypeException e) {
            // Avro wraps JSON syntax errors and prefixes their class name: keep only Jackson's own words.
            String detail = e.getCause() instanceof JsonProcessingException json
                    ? "not valid JSON: " + json.getOriginalMessage()
                    : e.getMessage();
            throw RegistryError.invalidSchema("Invalid schema: " + detail);
        } catch (RuntimeException e) {
            // Avro lets some malformed input through as Jackson or NPE failures: their text is not for users.
            throw RegistryError.invalidSchema("Invalid schema: not a valid Avro schema");
        }
    }

    static Schema parse(String schemaText) {
        return new Schema.Parser().parse(schemaText);
    }
}
