package io.agreementgate.runtime.tools;

import io.agreementgate.serde.AvroJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Parses the console producer's input: one record per line in Avro's JSON encoding, optionally {@code
 * key<separator>json}. Blank lines are skipped. Every line is parsed before anything is sent, so a bad line on line
 * 900 does not leave 899 records behind.
 */
public final class JsonLines {

    /** A parsed line; {@code key} null means "take it from the key field" (or no key). */
    public record Line(int number, String key, boolean keyGiven, GenericRecord value) {}

    /** A line that is not a record of the schema; the message starts with its line number. */
    public static final class BadLineException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        BadLineException(int number, String message, Throwable cause) {
            super("line " + number + ": " + message, cause);
        }
    }

    private JsonLines() {}

    /**
     * @param keySeparator when not null, each line is {@code key<keySeparator>json}
     * @throws BadLineException for the first line that does not parse
     */
    public static List<Line> parse(BufferedReader input, Schema schema, String keySeparator) throws IOException {
        List<Line> lines = new ArrayList<>();
        int number = 0;
        for (String text = input.readLine(); text != null; text = input.readLine()) {
            number++;
            if (text.isBlank()) {
                continue;
            }
            String key = null;
            String json = text;
            if (keySeparator != null) {
                int at = text.indexOf(keySeparator);
                if (at < 0) {
                    throw new BadLineException(
                            number, "no key separator " + printable(keySeparator) + " (--parse-key is on)", null);
                }
                key = text.substring(0, at);
                json = text.substring(at + keySeparator.length());
            }
            try {
                lines.add(new Line(number, key, keySeparator != null, AvroJson.fromJson(json, schema)));
            } catch (IllegalArgumentException e) {
                throw new BadLineException(
                        number, "not Avro JSON of a " + schema.getName() + ": " + InputErrors.describe(e), e);
            }
        }
        return lines;
    }

    private static String printable(String separator) {
        return separator.equals("\t") ? "TAB" : "'" + separator + "'";
    }
}
