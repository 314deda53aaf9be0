package io.agreementgate.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.schema.Order;
import io.agreementgate.schema.OrderType;
import io.agreementgate.schema.ProductType;
import io.agreementgate.serde.ContractHeaders.UnknownSymbol;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * Avro reads a symbol the reader does not know as the reader's enum default; the deserializer tells, in the record's
 * headers, which symbols were unknown and that the writer schema had fields the reader lacks.
 */
class NewerContractTest {
    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final GenericAvroSerializer producer = new GenericAvroSerializer(registry, false, true);
    private final SpecificAvroDeserializer<Order> gate = new SpecificAvroDeserializer<>(Order.class, registry, false);

    private static final Schema NEWER = Schemas.withFieldAfter(
            Schemas.withEnumSymbol(Order.getClassSchema(), "orderType", "MIGRATION"),
            "customerCountry",
            "{\"name\": \"salesChannel\", \"type\": [\"null\", \"string\"], \"default\": null}");

    @Test
    void shouldNameEveryUnknownSymbolOfTheRecordWithItsField() {
        GenericRecord record = SchemaEvolutionTest.order(withProductSymbol(NEWER, "COPILOT_CREDITS"), "MIGRATION");
        Schema itemSchema = record.getSchema().getField("lineItems").schema().getElementType();
        GenericRecord item = (GenericRecord) ((java.util.List<?>) record.get("lineItems")).get(0);
        item.put(
                "productType",
                new GenericData.EnumSymbol(itemSchema.getField("productType").schema(), "COPILOT_CREDITS"));
        Headers headers = new RecordHeaders();

        Order read = gate.deserialize("csp.orders", headers, producer.serialize("csp.orders", record));

        assertThat(read.getOrderType()).isEqualTo(OrderType.NEW_PURCHASE); // Avro's silent default
        assertThat(read.getLineItems().get(0).getProductType()).isEqualTo(ProductType.LICENSE_SUBSCRIPTION);
        assertThat(ContractHeaders.unknownSymbols(headers))
                .containsExactly(
                        new UnknownSymbol("orderType", "MIGRATION"),
                        new UnknownSymbol("lineItems[1].productType", "COPILOT_CREDITS"));
        assertThat(ContractHeaders.unknownSymbols(headers).get(1).fieldName()).isEqualTo("lineItems.productType");
        assertThat(ContractHeaders.newerWriterSchemaId(headers)).isPresent();
        assertThat(ContractHeaders.unknownFields(headers)).containsExactly("salesChannel");
    }

    @Test
    void shouldTellNoUnknownSymbolWhenTheNewerWriterUsedOnlyKnownOnes() {
        Headers headers = new RecordHeaders();

        gate.deserialize(
                "csp.orders",
                headers,
                producer.serialize("csp.orders", SchemaEvolutionTest.order(NEWER, "AUTO_RENEWAL")));

        assertThat(ContractHeaders.unknownSymbols(headers)).isEmpty();
        assertThat(ContractHeaders.newerWriterSchemaId(headers)).isPresent();
        assertThat(ContractHeaders.unknownFields(headers)).containsExactly("salesChannel");
    }

    @Test
    void shouldAddNothingForARecordOfTheReadersOwnSchema() {
        Headers headers = new RecordHeaders();

        gate.deserialize(
                "csp.orders",
                headers,
                new SpecificAvroSerializer<Order>(registry, false, true).serialize("csp.orders", Fixtures.order()));

        assertThat(headers.toArray()).isEmpty();
    }

    @Test
    void shouldDropWhatAProducerPutUnderTheDeserializersHeaderNames() {
        Headers headers = new RecordHeaders();
        headers.add(ContractHeaders.UNKNOWN_SYMBOL, "orderType=FORGED".getBytes(StandardCharsets.UTF_8));
        headers.add(ContractHeaders.WRITER_SCHEMA_ID, "99".getBytes(StandardCharsets.UTF_8));
        headers.add("trace-id", "kept".getBytes(StandardCharsets.UTF_8));

        gate.deserialize(
                "csp.orders",
                headers,
                new SpecificAvroSerializer<Order>(registry, false, true).serialize("csp.orders", Fixtures.order()));

        assertThat(ContractHeaders.unknownSymbols(headers)).isEmpty();
        assertThat(ContractHeaders.newerWriterSchemaId(headers)).isEmpty();
        assertThat(headers.lastHeader("trace-id")).isNotNull();
    }

    private static Schema withProductSymbol(Schema order, String symbol) {
        return new Schema.Parser()
                .parse(order.toString().replace("\"AZURE_PLAN\"]", "\"AZURE_PLAN\",\"" + symbol + "\"]"));
    }
}
