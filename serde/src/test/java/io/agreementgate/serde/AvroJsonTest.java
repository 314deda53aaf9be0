package io.agreementgate.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agreementgate.schema.Order;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/** The JSON that Confluent's console producer reads and console consumer prints: Avro's JSON encoding. */
class AvroJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Order order = Fixtures.order("o-1", "ip-1");

    @Test
    void shouldWriteUnionsWrappedInTheirBranchAndTimestampsAsEpochMillis() throws Exception {
        JsonNode json = JSON.readTree(AvroJson.toJson(order));

        assertThat(json.get("indirectProviderId").toString()).isEqualTo("{\"string\":\"ip-1\"}");
        assertThat(json.get("orderedAt").asLong()).isEqualTo(Fixtures.MCA_START.toEpochMilli());
        assertThat(json.get("orderType").asText()).isEqualTo("CHANGE_LICENSE_QUANTITY");
        assertThat(json.get("lineItems").get(0).get("quantity").asInt()).isEqualTo(300);
        assertThat(AvroJson.toJson(Fixtures.order())).contains("\"indirectProviderId\":null");
    }

    @Test
    void shouldRoundTripTheOrderContractThroughJson() {
        String json = AvroJson.toJson(order);

        GenericRecord parsed = AvroJson.fromJson(json, Order.getClassSchema());

        assertThat(AvroJson.toJson(parsed)).isEqualTo(json);
        // And byte for byte through the wire format into the generated class again.
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        byte[] bytes = new GenericAvroSerializer(registry, false, true).serialize("csp.orders", parsed);
        assertThat(new SpecificAvroDeserializer<>(Order.class, registry, false).deserialize("csp.orders", bytes))
                .isEqualTo(order);
    }

    @Test
    void shouldReadWhatAPersonTypesForTheConsoleProducer() {
        String typed = """
                {"orderId": "o-9", "customerId": "c-9", "partnerId": "p-9", "indirectProviderId": {"string": "ip-9"},
                 "orderType": "NEW_PURCHASE", "orderedAt": 1580515200000, "customerCountry": "AT",
                 "professionalSecrecy": false,
                 "lineItems": [{"offerId": "X", "productType": "SOFTWARE", "quantity": 2}]}
                """;

        GenericRecord parsed = AvroJson.fromJson(typed, Order.getClassSchema());

        assertThat(parsed.get("indirectProviderId")).hasToString("ip-9");
        assertThat(parsed.get("orderedAt")).isEqualTo(1580515200000L);
    }

    @Test
    void shouldExplainJsonThatDoesNotFitTheSchema() {
        String bareUnion = AvroJson.toJson(order).replace("{\"string\":\"ip-1\"}", "\"ip-1\"");

        assertThatThrownBy(() -> AvroJson.fromJson(bareUnion, Order.getClassSchema()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("io.agreementgate.schema.Order");
        assertThatThrownBy(() -> AvroJson.fromJson("{\"orderId\": ", Order.getClassSchema()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Not Avro JSON");
        assertThatThrownBy(() -> AvroJson.fromJson("{\"orderId\": \"o\"}", Order.getClassSchema()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AvroJson.fromJson("  ", Order.getClassSchema()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
