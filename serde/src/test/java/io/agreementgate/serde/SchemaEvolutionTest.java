package io.agreementgate.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.schema.Order;
import io.agreementgate.schema.OrderType;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.junit.jupiter.api.Test;

/** Records written with an older or newer schema than the reader's are resolved the Avro way, by the registry id. */
class SchemaEvolutionTest {

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final GenericAvroSerializer producer = new GenericAvroSerializer(registry, false, true);
    private final SpecificAvroDeserializer<Order> gate = new SpecificAvroDeserializer<>(Order.class, registry, false);

    @Test
    void shouldFillTheDefaultOfAFieldTheOlderWriterDidNotHave() {
        Schema older = Schemas.withoutField(Order.getClassSchema(), "professionalSecrecy");

        Order read = gate.deserialize("csp.orders", producer.serialize("csp.orders", order(older, "NEW_PURCHASE")));

        assertThat(read.getProfessionalSecrecy()).isFalse();
        assertThat(read.getOrderId()).isEqualTo("o-1");
        assertThat(read.getCustomerCountry()).isEqualTo("DE");
        assertThat(read.getLineItems())
                .singleElement()
                .satisfies(item -> assertThat(item.getQuantity()).isEqualTo(300));
    }

    @Test
    void shouldSkipAFieldOnlyTheNewerWriterHas() {
        Schema newer = Schemas.withFieldAfter(
                Order.getClassSchema(),
                "customerCountry",
                "{\"name\": \"salesChannel\", \"type\": \"string\", \"default\": \"web\"}");
        GenericRecord record = order(newer, "AUTO_RENEWAL");
        record.put("salesChannel", "marketplace");

        Order read = gate.deserialize("csp.orders", producer.serialize("csp.orders", record));

        assertThat(read.getCustomerCountry()).isEqualTo("DE");
        assertThat(read.getProfessionalSecrecy()).isTrue(); // the field after the skipped one is still in place
        assertThat(read.getOrderType()).isEqualTo(OrderType.AUTO_RENEWAL);
        assertThat(read.getLineItems()).hasSize(1);
    }

    @Test
    void shouldReadAnEnumSymbolOnlyTheNewerWriterKnowsAsTheEnumDefault() {
        Schema newer = Schemas.withEnumSymbol(Order.getClassSchema(), "orderType", "MIGRATION");

        Order read = gate.deserialize("csp.orders", producer.serialize("csp.orders", order(newer, "MIGRATION")));

        assertThat(read.getOrderType()).isEqualTo(OrderType.NEW_PURCHASE);
    }

    @Test
    void shouldReadRecordsOfSeveralWriterSchemaVersionsOnOneTopic() {
        Schema older = Schemas.withoutField(Order.getClassSchema(), "professionalSecrecy");
        byte[] fromOlder = producer.serialize("csp.orders", order(older, "NEW_PURCHASE"));
        byte[] fromCurrent =
                new SpecificAvroSerializer<Order>(registry, false, true).serialize("csp.orders", Fixtures.order());

        assertThat(registry.latest("csp.orders-value"))
                .map(RegisteredSchema::version)
                .contains(2);
        assertThat(gate.deserialize("csp.orders", fromOlder).getProfessionalSecrecy())
                .isFalse();
        assertThat(gate.deserialize("csp.orders", fromCurrent)).isEqualTo(Fixtures.order());
        assertThat(gate.deserialize("csp.orders", fromOlder).getProfessionalSecrecy())
                .isFalse();
    }

    /** Fixtures.order() as a generic record of another version of the Order schema. */
    static GenericRecord order(Schema orderSchema, String orderType) {
        Schema lineItem = orderSchema.getField("lineItems").schema().getElementType();
        GenericRecord item = new GenericRecordBuilder(lineItem)
                .set("offerId", "CFQ7")
                .set(
                        "productType",
                        new GenericData.EnumSymbol(
                                lineItem.getField("productType").schema(), "AZURE_PLAN"))
                .set("quantity", 300)
                .build();
        GenericRecordBuilder order = new GenericRecordBuilder(orderSchema)
                .set("orderId", "o-1")
                .set("customerId", "c-1")
                .set("partnerId", "p-1")
                .set(
                        "orderType",
                        new GenericData.EnumSymbol(
                                orderSchema.getField("orderType").schema(), orderType))
                .set("orderedAt", Fixtures.MCA_START.toEpochMilli())
                .set("customerCountry", "DE")
                .set("lineItems", List.of(item));
        if (orderSchema.getField("professionalSecrecy") != null) {
            order.set("professionalSecrecy", true);
        }
        if (orderSchema.getField("salesChannel") != null) {
            order.set("salesChannel", "web");
        }
        return order.build();
    }
}
