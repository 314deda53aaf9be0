package io.agreementgate.serde;

import io.agreementgate.schema.LineItem;
import io.agreementgate.schema.Order;
import io.agreementgate.schema.OrderType;
import io.agreementgate.schema.ProductType;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;

/** Records and schemas shared by the tests. */
final class Fixtures {

    /** 2019-10-01T00:00:00Z, the day the Microsoft Customer Agreement arrived. */
    static final Instant MCA_START = Instant.parse("2019-10-01T00:00:00Z");

    /** A tiny local schema that exercises each encoding the golden tests check. */
    static final Schema TINY = new Schema.Parser().parse("""
            {"type": "record", "name": "Tiny", "namespace": "io.agreementgate.serde.test", "fields": [
              {"name": "id", "type": "string"},
              {"name": "count", "type": "int"},
              {"name": "note", "type": ["null", "string"], "default": null},
              {"name": "color", "type": {"type": "enum", "name": "Color", "symbols": ["RED", "GREEN", "BLUE"]}},
              {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}}
            ]}
            """);

    private Fixtures() {}

    /** The order whose bytes the golden tests spell out. */
    static Order order() {
        return order("o-1", null);
    }

    /**
     * Built from scratch rather than with {@code Order.newBuilder(order())}: copying a generated record loads its
     * classes by name, which Avro refuses for untrusted classes (see TrustedAvroClasses).
     */
    static Order order(String orderId, String indirectProviderId) {
        return Order.newBuilder()
                .setOrderId(orderId)
                .setCustomerId("c-1")
                .setPartnerId("p-1")
                .setIndirectProviderId(indirectProviderId)
                .setOrderType(OrderType.CHANGE_LICENSE_QUANTITY)
                .setOrderedAt(MCA_START)
                .setCustomerCountry("DE")
                .setProfessionalSecrecy(true)
                .setLineItems(List.of(LineItem.newBuilder()
                        .setOfferId("CFQ7")
                        .setProductType(ProductType.AZURE_PLAN)
                        .setQuantity(300)
                        .build()))
                .build();
    }

    static Order order(String orderId) {
        return order(orderId, null);
    }

    static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
