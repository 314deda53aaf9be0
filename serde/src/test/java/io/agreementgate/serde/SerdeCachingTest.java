package io.agreementgate.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.Order;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** The hot path: after the first record of a topic, serdes do not call the registry again. */
class SerdeCachingTest {

    /** Counts the calls that reach the registry. */
    private static final class CountingRegistry implements SchemaRegistryClient {
        final InMemorySchemaRegistry delegate = new InMemorySchemaRegistry();
        final AtomicInteger registers = new AtomicInteger();
        final AtomicInteger lookups = new AtomicInteger();
        final AtomicInteger fetches = new AtomicInteger();

        @Override
        public int register(String subject, Schema schema) {
            registers.incrementAndGet();
            return delegate.register(subject, schema);
        }

        @Override
        public int idOf(String subject, Schema schema) {
            lookups.incrementAndGet();
            return delegate.idOf(subject, schema);
        }

        @Override
        public Schema schemaById(int id) {
            fetches.incrementAndGet();
            return delegate.schemaById(id);
        }

        @Override
        public List<String> subjectsOf(int id) {
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

    private final CountingRegistry registry = new CountingRegistry();

    @Test
    void shouldRegisterOncePerTopicAndFetchEachWriterSchemaOnce() {
        SpecificAvroSerde<Order> serde = new SpecificAvroSerde<>(Order.class, registry, false, true);

        for (int i = 0; i < 5; i++) {
            byte[] bytes = serde.serializer().serialize("csp.orders", Fixtures.order("o-" + i));
            assertThat(serde.deserializer().deserialize("csp.orders", bytes).getOrderId())
                    .isEqualTo("o-" + i);
        }
        serde.serializer().serialize("csp.orders.replay", Fixtures.order());

        assertThat(registry.registers).hasValue(2);
        assertThat(registry.fetches).hasValue(1);
        assertThat(registry.delegate.subjects()).containsExactly("csp.orders-value", "csp.orders.replay-value");
    }

    @Test
    void shouldLookUpOnceWhenAutoRegisterIsOff() {
        registry.delegate.register("csp.orders-value", Order.getClassSchema());
        SpecificAvroSerializer<Order> serializer = new SpecificAvroSerializer<>(registry, false, false);

        for (int i = 0; i < 3; i++) {
            serializer.serialize("csp.orders", Fixtures.order());
        }

        assertThat(registry.lookups).hasValue(1);
        assertThat(registry.registers).hasValue(0);
    }

    @Test
    void shouldHandOutOneCachedValueSerdePerTypeSharingTheClient() {
        AvroSerdes serdes = new AvroSerdes(registry, true);

        Serde<Order> orders = serdes.valueSerde(Order.class);

        assertThat(serdes.valueSerde(Order.class)).isSameAs(orders);
        assertThat(serdes.valueSerde(AgreementAttestation.class)).isNotSameAs(orders);
        assertThat(serdes.client()).isSameAs(registry);
        byte[] bytes = orders.serializer().serialize("csp.orders", Fixtures.order());
        assertThat(orders.deserializer().deserialize("csp.orders", bytes)).isEqualTo(Fixtures.order());
        assertThat(registry.delegate.subjects()).containsExactly("csp.orders-value");
    }

    @Test
    void shouldSerializeAndDeserializeCorrectlyFromManyThreadsAtOnce() throws Exception {
        SpecificAvroSerde<Order> serde = new SpecificAvroSerde<>(Order.class, registry, false, true);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        Order order = Fixtures.order("o-" + thread + "-" + i);
                        byte[] bytes = serde.serializer().serialize("csp.orders", order);
                        if (!serde.deserializer()
                                .deserialize("csp.orders", bytes)
                                .equals(order)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
