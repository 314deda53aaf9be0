package io.agreementgate.serde;

import io.agreementgate.schema.LineItem;
import io.agreementgate.schema.Order;
import io.agreementgate.schema.OrderType;
import io.agreementgate.schema.ProductType;
import io.agreementgate.testkit.Samples;
import java.time.Instant;
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

    /** The shared sample order with the values the golden bytes spell out. */
    static Order order(String orderId, String indirectProviderId) {
        Samples.OrderBuilder order = Samples.anOrder()
                .id(orderId)
                .customer("c-1")
                .type(OrderType.CHANGE_LICENSE_QUANTITY)
                .orderedAt(MCA_START)
                .professionalSecrecyIn("DE")
                .items(new LineItem("CFQ7", ProductType.AZURE_PLAN, 300));
        return (indirectProviderId == null ? order.partner("p-1") : order.resellerOf("p-1", indirectProviderId))
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
