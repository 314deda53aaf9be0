package io.agreementgate.serde;

import static io.agreementgate.serde.Fixtures.bytes;
import static io.agreementgate.serde.Fixtures.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agreementgate.schema.Order;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * Every kind of undecodable record throws Kafka's SerializationException with topic, schema id and cause in the
 * message: Kafka Streams' deserialization exception handler sends such records to the dead-letter topic.
 */
class UndecodableRecordTest {

    private static final String TOPIC = "csp.orders";

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry(500);
    private final SpecificAvroDeserializer<Order> deserializer =
            new SpecificAvroDeserializer<>(Order.class, registry, false);
    private final byte[] valid =
            new SpecificAvroSerializer<Order>(registry, false, true).serialize(TOPIC, Fixtures.order());

    @Test
    void shouldRejectPlainJsonAsNotSchemaRegistryFramedAvro() {
        byte[] json = "{\"orderId\": \"o-1\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, json))
                .isExactlyInstanceOf(SerializationException.class)
                .hasMessageContaining("value of topic 'csp.orders'")
                .hasMessageContaining("magic byte 0x7b");
    }

    @Test
    void shouldRejectRecordsShorterThanTheHeader() {
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, bytes(0x00, 0x00, 0x01)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'csp.orders'")
                .hasMessageContaining("Too short");
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[0]))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'csp.orders'");
    }

    @Test
    void shouldRejectAnUnknownSchemaIdNamingIt() {
        byte[] unknownId = concat(bytes(0x00, 0x00, 0x00, 0x03, 0xE7), Arrays.copyOfRange(valid, 5, valid.length));

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, unknownId))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("topic 'csp.orders'")
                .hasMessageContaining("schema id 999")
                .hasMessageContaining("40403")
                .satisfies(e ->
                        assertThat(((SchemaRegistryException) e).isTransient()).isFalse());
    }

    @Test
    void shouldRejectTruncatedRecords() {
        byte[] truncated = Arrays.copyOf(valid, valid.length - 4);

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'csp.orders'")
                .hasMessageContaining("schema id 500")
                .hasMessageContaining("truncated");
    }

    @Test
    void shouldRejectTrailingBytesAfterTheDatum() {
        byte[] padded = concat(valid, bytes(0x00));

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, padded))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'csp.orders'")
                .hasMessageContaining("schema id 500")
                .hasMessageContaining("left over");
    }

    @Test
    void shouldRejectAWriterSchemaThatLacksAFieldTheReaderNeedsWithoutDefault() {
        Schema withoutCustomer = Schemas.withoutField(Order.getClassSchema(), "customerId");
        GenericRecord full = SchemaEvolutionTest.order(Order.getClassSchema(), "NEW_PURCHASE");
        GenericRecord incomplete = new GenericData.Record(withoutCustomer);
        for (Schema.Field field : withoutCustomer.getFields()) {
            incomplete.put(field.name(), full.get(field.name()));
        }
        byte[] bytes = new GenericAvroSerializer(registry, false, true).serialize(TOPIC, incomplete);

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'csp.orders'")
                .hasMessageContaining("schema id 501")
                .hasMessageContaining("customerId");
    }

    @Test
    void shouldRejectARecordOfAnotherTypeEntirely() {
        GenericRecord tiny = new GenericData.Record(Fixtures.TINY);
        tiny.put("id", "x");
        tiny.put("count", 1);
        tiny.put(
                "color",
                new GenericData.EnumSymbol(Fixtures.TINY.getField("color").schema(), "RED"));
        tiny.put("at", 0L);
        byte[] bytes = new GenericAvroSerializer(registry, false, true).serialize(TOPIC, tiny);

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'csp.orders'")
                .hasMessageContaining("schema id 501")
                .hasMessageContaining("Tiny");
    }

    @Test
    void shouldRejectAnUnionBranchOrEnumIndexOutOfRange() {
        // Byte 17 is indirectProviderId's union branch (after the 5-byte header and three 4-byte strings).
        assertThat(valid[17]).isZero();
        byte[] badBranch = valid.clone();
        badBranch[17] = 0x06; // branch 3 of a 2-branch union
        byte[] badEnum = valid.clone();
        badEnum[18] = 0x0A; // orderType symbol 5 of 3

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, badBranch))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'csp.orders'")
                .hasMessageContaining("schema id 500");
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, badEnum))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema id 500");
    }

    @Test
    void shouldRejectAStringLengthBeyondTheRecordWithoutReadingPastIt() {
        byte[] corrupt = valid.clone();
        corrupt[5] = (byte) 0xFE; // orderId length varint: now 0x7E | 0x80, then the next bytes as a huge length
        corrupt[6] = (byte) 0xFF;
        corrupt[7] = (byte) 0xFF;
        corrupt[8] = (byte) 0x0F;

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, corrupt))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema id 500");
    }

    @Test
    void shouldNameTheKeyWhenAKeyCannotBeDecoded() {
        SpecificAvroDeserializer<Order> keys = new SpecificAvroDeserializer<>(Order.class, registry, true);

        assertThatThrownBy(() -> keys.deserialize(TOPIC, bytes(1, 2, 3, 4, 5, 6)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Cannot deserialize key of topic 'csp.orders'");
    }

    @Test
    void shouldMarkARegistryOutageAsTransientSoItNeedNotBeDeadLettered() {
        SchemaRegistryClient down = new SchemaRegistryClient() {
            @Override
            public int register(String subject, Schema schema) {
                throw outage();
            }

            @Override
            public int idOf(String subject, Schema schema) {
                throw outage();
            }

            @Override
            public Schema schemaById(int id) {
                throw outage();
            }

            @Override
            public List<String> subjectsOf(int id) {
                throw outage();
            }

            @Override
            public Optional<RegisteredSchema> latest(String subject) {
                throw outage();
            }

            @Override
            public List<String> subjects() {
                throw outage();
            }

            private SchemaRegistryException outage() {
                return new SchemaRegistryException(
                        "unreachable", SchemaRegistryException.NONE, SchemaRegistryException.NONE, true, null);
            }
        };

        assertThatThrownBy(() -> new SpecificAvroDeserializer<>(Order.class, down, false).deserialize(TOPIC, valid))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.isTransient()).isTrue())
                .hasMessageContaining("topic 'csp.orders'")
                .hasMessageContaining("schema id 500");
        assertThatThrownBy(
                        () -> new SpecificAvroSerializer<Order>(down, false, true).serialize(TOPIC, Fixtures.order()))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.isTransient()).isTrue())
                .hasMessageContaining("topic 'csp.orders'")
                .hasMessageContaining("csp.orders-value");
    }

    @Test
    void shouldRefuseToWriteWithASchemaNotRegisteredWhenAutoRegisterIsOff() {
        SpecificAvroSerializer<Order> strict = new SpecificAvroSerializer<>(new InMemorySchemaRegistry(), false, false);

        assertThatThrownBy(() -> strict.serialize(TOPIC, Fixtures.order()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'csp.orders'")
                .hasMessageContaining("auto-register is off")
                .hasMessageContaining("40401");
    }
}
