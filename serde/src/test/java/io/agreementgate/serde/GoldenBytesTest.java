package io.agreementgate.serde;

import static io.agreementgate.serde.Fixtures.TINY;
import static io.agreementgate.serde.Fixtures.bytes;
import static io.agreementgate.serde.Fixtures.concat;
import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.schema.Contact;
import io.agreementgate.schema.LineItem;
import io.agreementgate.schema.Order;
import io.agreementgate.schema.ProductType;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/**
 * Expected bytes written by hand from the published formats, not by Avro: Confluent's framing (magic byte 0, schema id
 * as 4-byte big-endian int) and the Avro binary encoding (int/long as zigzag varint, string as length then UTF-8,
 * union as branch index then value, enum as symbol index, record as its fields in order, array as blocks of count
 * then items, ended by a 0 count, boolean as one byte).
 */
class GoldenBytesTest {

    /** Tiny{id="ab", count=-3, note="x", color=BLUE, at=1000 ms} in Avro binary. */
    private static final byte[] TINY_AVRO = bytes(
            0x04, 'a', 'b', // id: length 2 (zigzag 4), "ab"
            0x05, // count: -3 zigzags to 5
            0x02, 0x02, 'x', // note: union branch 1 (string), length 1, "x"
            0x04, // color: BLUE is symbol 2
            0xD0, 0x0F); // at: 1000 zigzags to 2000 = 0b1111_1010000: low 7 bits 0x50|0x80, then 0x0F

    /** Fixtures.order() in Avro binary. */
    private static final byte[] ORDER_AVRO = bytes(
            0x06,
            'o',
            '-',
            '1', // orderId
            0x06,
            'c',
            '-',
            '1', // customerId
            0x06,
            'p',
            '-',
            '1', // partnerId
            0x00, // indirectProviderId: union branch 0, null
            0x02, // orderType: CHANGE_LICENSE_QUANTITY is symbol 1
            // orderedAt: 1569888000000 ms zigzags to 3139776000000 = 0x2DB093BB000, in 7-bit groups low first
            0x80,
            0xE0,
            0xEE,
            0xC9,
            0xB0,
            0x5B,
            0x04,
            'D',
            'E', // customerCountry
            0x01, // professionalSecrecy: true
            0x02, // lineItems: a block of 1 item
            0x08,
            'C',
            'F',
            'Q',
            '7', // offerId
            0x08, // productType: AZURE_PLAN is symbol 4
            0xD8,
            0x04, // quantity: 300 zigzags to 600 = 0b100_1011000: 0x58|0x80, then 0x04
            0x00); // end of lineItems

    @Test
    void shouldWriteMagicByteThenBigEndianSchemaIdThenAvroBinary() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry(0x01020304);
        GenericRecord tiny = new GenericData.Record(TINY);
        tiny.put("id", "ab");
        tiny.put("count", -3);
        tiny.put("note", "x");
        tiny.put("color", new GenericData.EnumSymbol(TINY.getField("color").schema(), "BLUE"));
        tiny.put("at", 1000L);

        byte[] written = new GenericAvroSerializer(registry, false, true).serialize("tiny", tiny);

        assertThat(written).containsExactly(concat(bytes(0x00, 0x01, 0x02, 0x03, 0x04), TINY_AVRO));
        assertThat(registry.idOf("tiny-value", TINY)).isEqualTo(0x01020304);
    }

    @Test
    void shouldWriteAGeneratedContractClassWithLogicalTimestampAndUnionsByteForByte() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry(0x01020304);

        byte[] written =
                new SpecificAvroSerializer<Order>(registry, false, true).serialize("csp.orders", Fixtures.order());

        assertThat(written).containsExactly(concat(bytes(0x00, 0x01, 0x02, 0x03, 0x04), ORDER_AVRO));
    }

    @Test
    void shouldUseTheIdTheRegistryGaveTheSubjectAcrossTwoHeaderBytes() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry(299);
        registry.register("something-else-value", TINY); // takes 299, so Contact gets 300 = 0x012C
        Contact contact = Contact.newBuilder()
                .setFirstName("Jo")
                .setLastName("Li")
                .setEmail("j@x.io")
                .setPhoneNumber(null)
                .build();

        byte[] written = new SpecificAvroSerializer<Contact>(registry, false, true).serialize("contacts", contact);

        assertThat(written)
                .containsExactly(bytes(
                        0x00, 0x00, 0x00, 0x01, 0x2C, // magic byte, id 300
                        0x04, 'J', 'o', // firstName
                        0x04, 'L', 'i', // lastName
                        0x0C, 'j', '@', 'x', '.', 'i', 'o', // email: length 6 zigzags to 12
                        0x00)); // phoneNumber: union branch 0, null
        assertThat(registry.latest("contacts-value")).map(RegisteredSchema::id).contains(300);
    }

    @Test
    void shouldWriteKeysUnderTheKeySubject() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry(7);
        LineItem item = LineItem.newBuilder()
                .setOfferId("o")
                .setProductType(ProductType.SOFTWARE)
                .setQuantity(-1)
                .build();

        byte[] written = new SpecificAvroSerializer<LineItem>(registry, true, true).serialize("items", item);

        assertThat(written).containsExactly(bytes(0x00, 0x00, 0x00, 0x00, 0x07, 0x02, 'o', 0x02, 0x01));
        assertThat(registry.subjects()).containsExactly("items-key");
    }

    @Test
    void shouldDecodeHandWrittenGoldenBytesIntoTheContractClass() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry(0x01020304);
        registry.register("csp.orders-value", Order.getClassSchema());

        Order read = new SpecificAvroDeserializer<>(Order.class, registry, false)
                .deserialize("csp.orders", concat(bytes(0x00, 0x01, 0x02, 0x03, 0x04), ORDER_AVRO));

        assertThat(read).isEqualTo(Fixtures.order());
        assertThat(read.getOrderedAt()).isEqualTo(Fixtures.MCA_START);
    }

    @Test
    void shouldDecodeHandWrittenGoldenBytesIntoAGenericRecordOfTheWriterSchema() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry(0x01020304);
        registry.register("tiny-value", TINY);

        GenericRecord read = new GenericAvroDeserializer(registry, false)
                .deserialize("tiny", concat(bytes(0x00, 0x01, 0x02, 0x03, 0x04), TINY_AVRO));

        assertThat(read.getSchema()).isEqualTo(TINY);
        assertThat(read.get("id")).hasToString("ab");
        assertThat(read.get("count")).isEqualTo(-3);
        assertThat(read.get("note")).hasToString("x");
        assertThat(read.get("color")).hasToString("BLUE");
        assertThat(read.get("at")).isEqualTo(1000L);
    }

    @Test
    void shouldTurnNullIntoNullBothWays() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        assertThat(new SpecificAvroSerializer<Order>(registry, false, true).serialize("t", null))
                .isNull();
        assertThat(new SpecificAvroDeserializer<>(Order.class, registry, false).deserialize("t", null))
                .isNull();
        assertThat(new GenericAvroSerializer(registry, false, true).serialize("t", null))
                .isNull();
        assertThat(new GenericAvroDeserializer(registry, false).deserialize("t", null))
                .isNull();
        assertThat(registry.subjects()).isEmpty();
    }

    @Test
    void shouldRegisterTheSchemaTextAConfluentSerializerWouldRegister() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        new SpecificAvroSerializer<Order>(registry, false, true).serialize("csp.orders", Fixtures.order());

        Schema registered = registry.latest("csp.orders-value").orElseThrow().schema();
        assertThat(registered.toString()).isEqualTo(Order.getClassSchema().toString());
    }
}
