package io.agreementgate.runtime.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.avro.AvroTypeException;
import org.apache.avro.UnresolvedUnionException;

/**
 * What is wrong with an input line, without repeating the line: input holds personal data (contact names, e-mail
 * addresses, phone numbers), and error messages end up in terminals, CI logs and tickets. Parser messages quote the
 * offending text, so they are reduced to the position or the schema's expectation.
 */
final class InputErrors {
    private InputErrors() {}

    static String describe(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof JsonProcessingException json) {
                return json.getLocation() == null
                        ? "not valid JSON"
                        : "not valid JSON at column " + json.getLocation().getColumnNr();
            }
            if (e instanceof UnresolvedUnionException) {
                return "a value matches none of its union's types";
            }
            if (e instanceof AvroTypeException avro && avro.getMessage() != null) {
                // The JSON decoder's messages name the schema's expectation and the JSON token kind, not the text:
                // "Expected string. Got VALUE_NUMBER_INT", "Expected field name not found: email".
                return avro.getMessage().replaceAll("'[^']*'", "'…'");
            }
        }
        return "not a record of the schema (" + error.getClass().getSimpleName() + ")";
    }
}
