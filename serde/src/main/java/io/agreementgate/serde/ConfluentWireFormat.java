package io.agreementgate.serde;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Confluent Schema Registry framing of a record: one magic byte {@code 0}, the schema id as a 4-byte big-endian int,
 * then the Avro binary encoding of the datum with that schema.
 */
public final class ConfluentWireFormat {

    public static final byte MAGIC_BYTE = 0;
    /** Magic byte plus schema id. */
    public static final int HEADER_SIZE = 5;

    private ConfluentWireFormat() {}

    /** The 5 header bytes for {@code schemaId}. */
    public static byte[] header(int schemaId) {
        return new byte[] {
            MAGIC_BYTE, (byte) (schemaId >>> 24), (byte) (schemaId >>> 16), (byte) (schemaId >>> 8), (byte) schemaId
        };
    }

    public static void writeHeader(OutputStream out, int schemaId) throws IOException {
        out.write(header(schemaId));
    }

    /**
     * Checks the header of a framed record and returns its schema id.
     *
     * @throws SerializationException when {@code data} is shorter than the header or does not start with the magic
     *     byte (then it is not Schema Registry framed Avro at all)
     */
    public static int readSchemaId(byte[] data) {
        if (data == null) {
            throw new SerializationException(
                    "No data: expected at least " + HEADER_SIZE + " bytes of Confluent header");
        }
        if (data.length > 0 && data[0] != MAGIC_BYTE) {
            throw new SerializationException(String.format(
                    "Unknown magic byte 0x%02x (expected 0x00): not Schema Registry framed Avro", data[0] & 0xff));
        }
        if (data.length < HEADER_SIZE) {
            throw new SerializationException("Too short for Schema Registry framed Avro: " + data.length
                    + " byte(s), the header alone (magic byte and 4-byte schema id) takes " + HEADER_SIZE);
        }
        return ((data[1] & 0xff) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
    }
}
