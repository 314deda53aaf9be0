package io.agreementgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.schema.Order;
import io.agreementgate.schema.RejectedOrder;
import io.agreementgate.serde.SpecificAvroSerializer;
import io.agreementgate.topology.config.Topics;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records an attacker can write to csp.orders with a writer schema of their choosing, on the real broker and registry:
 * each is dead-lettered with the reason, while ordinary orders written before, between and after them are all
 * decided.
 */
@ExtendWith(SharedCluster.class)
class HostileSchemaTest {
    private static final String PREFIX = "hostile";

    @TempDir
    Path dir;

    @Test
    void shouldDeadLetterHostileWriterSchemasWhileOrdinaryOrdersKeepBeingDecided() {
        try (RunningGate running = RunningGate.start(PREFIX, dir, 0, Duration.ofSeconds(90))) {
            GateClient client = running.client();
            Topics topics = TestSettings.topics(PREFIX);
            String subject = topics.orders() + "-value";
            byte[] ordinary = new SpecificAvroSerializer<Order>(client.registry(), false, true)
                    .serialize(topics.orders(), TestRecords.order("c-0").build());
            byte[] body = Arrays.copyOfRange(ordinary, 5, ordinary.length);

            // hostile record -> the reason the dead letter must give
            // (a list of pairs, not a map: arrays have identity equality, so no map of them is a lookup)
            List<Map.Entry<byte[], String>> hostile = new ArrayList<>();
            Schema withInt = field("{\"name\": \"x\", \"type\": \"int\", \"default\": 0}");
            hostile.add(Map.entry(
                    frame(client.registry().register("someone-else-value", withInt), body, 2),
                    "is not registered under subject '" + subject + "'"));
            hostile.add(Map.entry(
                    frame(
                            client.registry()
                                    .register(
                                            subject,
                                            edit(
                                                    Order.getClassSchema(),
                                                    "\"x-padding\": \"" + "x".repeat(70_000) + "\",")),
                            body),
                    "more than the limit of 65536"));
            // The reported 52-byte order: a trailing field of records without fields nested a hundred deep (8.6 KB).
            hostile.add(Map.entry(
                    frame(
                            client.registry()
                                    .register(
                                            subject,
                                            field("{\"name\": \"deep\", \"type\": [\"null\", " + fieldless(100)
                                                    + "], \"default\": null}")),
                            body,
                            2),
                    "deeper than the limit of 32"));
            // 197 million nulls in a handful of bytes.
            hostile.add(Map.entry(
                    frame(
                            client.registry()
                                    .register(
                                            subject,
                                            field(
                                                    "{\"name\": \"nulls\", \"type\": {\"type\": \"array\", \"items\": \"null\"}, \"default\": []}")),
                            body,
                            0x80,
                            0xb5,
                            0xf2,
                            0xbb,
                            0x01,
                            0),
                    "array of items that take no bytes"));
            // The order's own schema, claiming 197 million line items: Avro's collection limit, set by the gate.
            hostile.add(Map.entry(lineItemsClaiming(client, topics.orders()), "exceeds the maximum allowed of 100000"));

            List<String> ids = new ArrayList<>();
            for (Map.Entry<byte[], String> entry : hostile) {
                ids.addAll(sendOrdinary(client, 5));
                client.sendRaw(topics.orders(), TestRecords.unique("attacker"), entry.getKey());
            }
            ids.addAll(sendOrdinary(client, 5));

            hostile.forEach(entry -> assertThat(client.awaitDeadLetter(entry.getKey(), Duration.ofSeconds(90)))
                    .as(entry.getValue())
                    .hasEntrySatisfying(
                            "__streams.errors.message",
                            message -> assertThat(message).contains(entry.getValue())));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        Set<String> decided = client.readAll(topics.rejectedOrders(), RejectedOrder.class).stream()
                                .map(r -> r.getOrder().getOrderId())
                                .collect(Collectors.toSet());
                        return decided.containsAll(ids);
                    });
        }
    }

    /** Ordinary orders of new customers (so of every partition); none has an attestation, each is rejected at once. */
    private static List<String> sendOrdinary(GateClient client, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String customer = TestRecords.unique("cust");
            Order order = TestRecords.order(customer).build();
            client.order(order, customer);
            ids.add(order.getOrderId());
        }
        return ids;
    }

    /**
     * An order without line items, its (empty, last) line-item array replaced by a count of 197 million and nothing
     * after it: the order's own schema, so only Avro's collection limit stops it.
     */
    private static byte[] lineItemsClaiming(GateClient client, String topic) {
        Order none = TestRecords.order("c-1").setLineItems(List.of()).build();
        byte[] framed = new SpecificAvroSerializer<Order>(client.registry(), false, true).serialize(topic, none);
        byte[] claim = Arrays.copyOf(framed, framed.length - 1 + 5);
        byte[] count = {(byte) 0x80, (byte) 0xed, (byte) 0xef, (byte) 0xbb, 0x01};
        System.arraycopy(count, 0, claim, framed.length - 1, count.length);
        return claim;
    }

    private static Schema field(String fieldJson) {
        String text = Order.getClassSchema().toString();
        int end = text.lastIndexOf("]}");
        return new Schema.Parser().parse(text.substring(0, end) + "," + fieldJson + text.substring(end));
    }

    private static Schema edit(Schema schema, String insertAfterBrace) {
        String text = schema.toString();
        return new Schema.Parser().parse("{" + insertAfterBrace + text.substring(1));
    }

    private static String fieldless(int depth) {
        String json = "{\"type\": \"record\", \"name\": \"Empty" + depth + "\", \"fields\": []}";
        for (int i = depth - 1; i >= 1; i--) {
            json = "{\"type\": \"record\", \"name\": \"Nest" + i + "\", \"fields\": [{\"name\": \"inner\", \"type\": "
                    + json + "}]}";
        }
        return json;
    }

    private static byte[] frame(int schemaId, byte[] body, int... tail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.writeBytes(ByteBuffer.allocate(4).putInt(schemaId).array());
        out.writeBytes(body);
        for (int b : tail) {
            out.write(b);
        }
        return out.toByteArray();
    }
}
