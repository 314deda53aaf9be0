package io.agreementgate.testkit;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.Order;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * A backend writing with a newer version of the contract than the gate knows, as the issue found it: orders with an
 * order type {@value #ORDER_TYPE}, a product type {@value #PRODUCT_TYPE} and a new field {@value #NEW_FIELD};
 * attestations with an agreement type {@value #AGREEMENT_TYPE}, a source {@value #SOURCE}, a status {@value #STATUS}.
 * Every change is BACKWARD compatible, so a registry accepts the newer schema under the real subject.
 */
public final class NewerWriter {
    public static final String ORDER_TYPE = "MIGRATION";
    public static final String PRODUCT_TYPE = "COPILOT_CREDITS";
    public static final String NEW_FIELD = "salesChannel";
    public static final String AGREEMENT_TYPE = "MICROSOFT_PARTNER_AGREEMENT";
    public static final String SOURCE = "PARTNER_CENTER_CLI";
    public static final String STATUS = "SUSPENDED";

    /** Order with the new symbols and a nullable field {@value #NEW_FIELD} at the end. */
    public static final Schema ORDER = parse(withField(Order.getClassSchema()
            .toString()
            .replace("\"AUTO_RENEWAL\"]", "\"AUTO_RENEWAL\",\"" + ORDER_TYPE + "\"]")
            .replace("\"AZURE_PLAN\"]", "\"AZURE_PLAN\",\"" + PRODUCT_TYPE + "\"]")));
    /** AgreementAttestation with the new symbols and a nullable field {@value #NEW_FIELD} at the end. */
    public static final Schema ATTESTATION = parse(withField(AgreementAttestation.getClassSchema()
            .toString()
            .replace(
                    "\"PROFESSIONAL_SECRECY_AGREEMENT\"]",
                    "\"PROFESSIONAL_SECRECY_AGREEMENT\",\"" + AGREEMENT_TYPE + "\"]")
            .replace("\"CUSTOMER_DIRECT\"]", "\"CUSTOMER_DIRECT\",\"" + SOURCE + "\"]")
            .replace("\"WITHDRAWN\"]", "\"WITHDRAWN\",\"" + STATUS + "\"]")));

    private NewerWriter() {}

    /** The order as the newer writer writes it: same values, {@value #NEW_FIELD} set. */
    public static GenericRecord order(Order order, String salesChannel) {
        GenericRecord newer = convert(order, ORDER);
        newer.put(NEW_FIELD, salesChannel);
        return newer;
    }

    /** Sets an enum field of a record of a newer schema (top level, or {@code lineItems[1].productType}). */
    public static GenericRecord withSymbol(GenericRecord record, String field, String symbol) {
        GenericRecord target = record;
        String name = field;
        if (field.startsWith("lineItems[")) {
            int index = Integer.parseInt(field.substring("lineItems[".length(), field.indexOf(']'))) - 1;
            target = (GenericRecord) ((java.util.List<?>) record.get("lineItems")).get(index);
            name = field.substring(field.indexOf("].") + 2);
        }
        target.put(
                name,
                new GenericData.EnumSymbol(target.getSchema().getField(name).schema(), symbol));
        return record;
    }

    /** The attestation as the newer writer writes it. */
    public static GenericRecord attestation(AgreementAttestation attestation) {
        return convert(attestation, ATTESTATION);
    }

    /** Writes with the record's own schema and reads into the newer one: every value kept, new fields at default. */
    private static GenericRecord convert(SpecificRecord record, Schema newer) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
            return new GenericDatumReader<GenericRecord>(record.getSchema(), newer)
                    .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String withField(String json) {
        int end = json.lastIndexOf("]}");
        return json.substring(0, end) + ",{\"name\":\"" + NEW_FIELD
                + "\",\"type\":[\"null\",\"string\"],\"default\":null}" + json.substring(end);
    }

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }
}
