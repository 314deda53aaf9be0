package io.agreementgate.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.ApprovedOrder;
import io.agreementgate.schema.LineItem;
import io.agreementgate.schema.Order;
import io.agreementgate.schema.ProductType;
import io.agreementgate.schema.RejectedAttestation;
import io.agreementgate.schema.RejectedOrder;
import io.agreementgate.testkit.Samples;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * Writer schemas an attacker (or a careless backend) can choose: used only when registered under the topic's
 * subject and within {@link SchemaLimits}; refused once per id, then from the cache without calling the registry.
 */
class HostileWriterSchemaTest {

    private static final String TOPIC = "csp.orders";
    private static final String SUBJECT = "csp.orders-value";

    private final CountingRegistry registry = new CountingRegistry();
    private final SpecificAvroDeserializer<Order> deserializer =
            new SpecificAvroDeserializer<>(Order.class, registry, false);
    private final byte[] valid =
            new SpecificAvroSerializer<Order>(registry, false, true).serialize(TOPIC, Fixtures.order());

    @Test
    void shouldRejectOrderWhenItsWriterSchemaIsRegisteredOnlyUnderAnotherSubject() {
        Schema foreign = Schemas.withFieldAfter(
                Order.getClassSchema(), "lineItems", "{\"name\": \"x\", \"type\": \"int\", \"default\": 0}");
        int id = registry.register("attacker-value", foreign);
        byte[] record = concat(withId(id, valid), new byte[] {2});

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> deserializer.deserialize(TOPIC, record))
                    .isExactlyInstanceOf(SerializationException.class)
                    .hasMessageContaining("schema id " + id)
                    .hasMessageContaining("not registered under subject '" + SUBJECT + "'");
        }
        assertThat(registry.subjectLookups.get()).isEqualTo(1);
        assertThat(registry.fetches.get()).isZero();
    }

    @Test
    void shouldReadKafkaStreamsOwnTopicsWrittenUnderAnotherApplicationIdsSubject() {
        // State copied byte for byte from the old application id's changelog by the partition migration.
        byte[] state = new SpecificAvroSerializer<Order>(registry, false, true)
                .serialize("old-gate-waiting-orders-changelog", Fixtures.order());

        assertThat(deserializer.deserialize("new-gate-waiting-orders-changelog", state))
                .isEqualTo(Fixtures.order());
        assertThat(deserializer.deserialize("new-gate-orders-by-customer-repartition", state))
                .isEqualTo(Fixtures.order());
    }

    @Test
    void shouldRejectOrderWhenItsWriterSchemaNestsFieldlessRecordsDeeperThanTheLimit() {
        // The reported 52-byte order: a trailing field of records without fields, nested a hundred deep (8.6 KB).
        Schema nested = Schemas.withFieldAfter(
                Order.getClassSchema(), "lineItems", "{\"name\": \"z\", \"type\": " + fieldless(100) + "}");
        assertThat(nested.toString().length()).isGreaterThan(8_000);
        int id = registry.register(SUBJECT, nested);
        byte[] record = withId(id, valid);

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> deserializer.deserialize(TOPIC, record))
                    .isExactlyInstanceOf(SerializationException.class)
                    .hasMessageContaining("schema id " + id + " refused")
                    .hasMessageContaining("deeper than the limit of 32");
        }
        assertThat(registry.fetchesOf(id)).isEqualTo(1);
    }

    @Test
    void shouldRejectOrderWhenItsWriterSchemaHasAnArrayOfItemsThatTakeNoBytes() {
        Schema nulls = Schemas.withFieldAfter(
                Order.getClassSchema(),
                "lineItems",
                "{\"name\": \"z\", \"type\": {\"type\": \"array\", \"items\": \"null\"}, \"default\": []}");
        Schema shallow = Schemas.withFieldAfter(
                Order.getClassSchema(),
                "lineItems",
                "{\"name\": \"z\", \"type\": {\"type\": \"array\", \"items\": " + fieldless(3) + "}, \"default\": []}");

        for (Schema hostile : List.of(nulls, shallow)) {
            int id = registry.register(SUBJECT, hostile);
            // 197 million nulls (or empty records) in a few bytes.
            byte[] record =
                    concat(withId(id, valid), new byte[] {(byte) 0x80, (byte) 0xb5, (byte) 0xf2, (byte) 0xbb, 0x01, 0});

            assertThatThrownBy(() -> deserializer.deserialize(TOPIC, record))
                    .isExactlyInstanceOf(SerializationException.class)
                    .hasMessageContaining("array of items that take no bytes");
        }
    }

    @Test
    void shouldRejectOrderWhenItsWriterSchemaIsLongerThanTheLimit() {
        Schema huge = Schemas.edit(Order.getClassSchema(), node -> node.put("doc", "x".repeat(70_000)));
        int id = registry.register(SUBJECT, huge);

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, withId(id, valid)))
                .isExactlyInstanceOf(SerializationException.class)
                .hasMessageContaining("more than the limit of 65536");
    }

    @Test
    void shouldRejectOrderWhenItsWriterSchemaIsRecursive() {
        Schema recursive = Schemas.withFieldAfter(
                Order.getClassSchema(),
                "lineItems",
                "{\"name\": \"z\", \"type\": [\"null\", {\"type\": \"record\", \"name\": \"Node\", \"fields\": ["
                        + "{\"name\": \"next\", \"type\": [\"null\", \"Node\"]}]}], \"default\": null}");
        int id = registry.register(SUBJECT, recursive);

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, concat(withId(id, valid), new byte[] {0})))
                .isExactlyInstanceOf(SerializationException.class)
                .hasMessageContaining("recursive");
    }

    @Test
    void shouldAcceptEveryContractSchemaWithinTheDefaultLimits() {
        for (Schema schema : List.of(
                Order.getClassSchema(),
                AgreementAttestation.getClassSchema(),
                ApprovedOrder.getClassSchema(),
                RejectedOrder.getClassSchema(),
                RejectedAttestation.getClassSchema(),
                io.agreementgate.schema.internal.CustomerAgreements.getClassSchema(),
                io.agreementgate.schema.internal.WaitingOrders.getClassSchema())) {
            assertThat(SchemaLimits.DEFAULTS.problem(schema, schema.toString().length()))
                    .as(schema.getFullName())
                    .isEmpty();
        }
        assertThat(deserializer.deserialize(TOPIC, valid)).isEqualTo(Fixtures.order());
    }

    @Test
    void shouldKeepAtMostCacheSizeWriterSchemasAndFetchADroppedOneAgain() {
        SchemaLimits limits = new SchemaLimits(64 * 1024, 32, 2);
        SpecificAvroDeserializer<Order> small = new SpecificAvroDeserializer<>(Order.class, registry, false, limits);
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(registry.register(
                    SUBJECT,
                    Schemas.withFieldAfter(
                            Order.getClassSchema(),
                            "lineItems",
                            "{\"name\": \"extra" + i + "\", \"type\": \"int\", \"default\": 0}")));
        }

        for (int round = 0; round < 2; round++) {
            for (int id : ids) {
                assertThat(small.deserialize(TOPIC, concat(withId(id, valid), new byte[] {2})))
                        .isEqualTo(Fixtures.order());
            }
        }

        assertThat(small.cachedWriterSchemas()).isLessThanOrEqualTo(2);
        // Forty reads of twenty schemas through a cache of two: most had to be fetched again.
        assertThat(ids.stream().mapToInt(registry::fetchesOf).sum()).isGreaterThan(20);
    }

    @Test
    void shouldRejectOrderWhenAnArrayHasMoreItemsThanAvrosLimit() {
        Order many = Samples.anOrder()
                .items(java.util.stream.IntStream.range(0, 11)
                        .mapToObj(i -> new LineItem("offer-" + i, ProductType.SOFTWARE, 1))
                        .toArray(LineItem[]::new))
                .build();
        byte[] record = new SpecificAvroSerializer<Order>(registry, false, true).serialize(TOPIC, many);
        try {
            AvroLimits.apply(AvroLimits.DEFAULT_MAX_STRING_LENGTH, 10);
            assertThatThrownBy(() -> deserializer.deserialize(TOPIC, record))
                    .isExactlyInstanceOf(SerializationException.class)
                    .hasMessageContaining("exceeds the maximum allowed of 10");
        } finally {
            AvroLimits.applyDefaults();
        }
        assertThat(deserializer.deserialize(TOPIC, record)).isEqualTo(many);
    }

    /** A record without fields nested {@code depth} deep: {"a1": {"a2": ... {}}}. */
    private static String fieldless(int depth) {
        String json = "{\"type\": \"record\", \"name\": \"Empty" + depth + "\", \"fields\": []}";
        for (int i = depth - 1; i >= 1; i--) {
            json = "{\"type\": \"record\", \"name\": \"Nest" + i + "\", \"fields\": [{\"name\": \"inner\", \"type\": "
                    + json + "}]}";
        }
        return json;
    }

    private static byte[] withId(int id, byte[] framed) {
        byte[] copy = Arrays.copyOf(framed, framed.length);
        ByteBuffer.wrap(copy, 1, 4).putInt(id);
        return copy;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return Fixtures.concat(a, b);
    }

    /** Counts what reaches the registry. */
    private static final class CountingRegistry implements SchemaRegistryClient {
        private final InMemorySchemaRegistry delegate = new InMemorySchemaRegistry(300);
        final AtomicInteger fetches = new AtomicInteger();
        final AtomicInteger subjectLookups = new AtomicInteger();
        private final java.util.Map<Integer, AtomicInteger> fetchesById =
                new java.util.concurrent.ConcurrentHashMap<>();

        int fetchesOf(int id) {
            return fetchesById.getOrDefault(id, new AtomicInteger()).get();
        }

        @Override
        public int register(String subject, Schema schema) {
            return delegate.register(subject, schema);
        }

        @Override
        public int idOf(String subject, Schema schema) {
            return delegate.idOf(subject, schema);
        }

        @Override
        public Schema schemaById(int id) {
            fetches.incrementAndGet();
            fetchesById.computeIfAbsent(id, i -> new AtomicInteger()).incrementAndGet();
            return delegate.schemaById(id);
        }

        @Override
        public List<String> subjectsOf(int id) {
            subjectLookups.incrementAndGet();
            return delegate.subjectsOf(id);
        }

        @Override
        public Optional<RegisteredSchema> latest(String subject) {
            return delegate.latest(subject);
        }

        @Override
        public List<String> subjects() {
            return delegate.subjects();
        }
    }
}
