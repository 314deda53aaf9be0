package io.agreementgate.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.Order;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryTest {

    private static final Schema ORDER = Order.getClassSchema();
    private static final Schema ORDER_V0 = Schemas.withoutField(ORDER, "professionalSecrecy");

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    @Test
    void shouldReturnTheSameIdWhenTheSameSchemaIsRegisteredAgain() {
        int id = registry.register("csp.orders-value", ORDER);

        assertThat(registry.register("csp.orders-value", new Schema.Parser().parse(ORDER.toString())))
                .isEqualTo(id);
        assertThat(registry.latest("csp.orders-value"))
                .map(RegisteredSchema::version)
                .contains(1);
    }

    @Test
    void shouldShareOneGlobalIdForTheSameSchemaInTwoSubjects() {
        int first = registry.register("csp.orders-value", ORDER);
        int second = registry.register("orders-copy-value", ORDER);
        int other = registry.register("csp.agreement-attestations-value", AgreementAttestation.getClassSchema());

        assertThat(second).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        assertThat(registry.schemaById(first)).isEqualTo(ORDER);
        assertThat(registry.subjects())
                .containsExactly("csp.agreement-attestations-value", "csp.orders-value", "orders-copy-value");
    }

    @Test
    void shouldCountVersionsPerSubject() {
        int v1 = registry.register("csp.orders-value", ORDER_V0);
        int v2 = registry.register("csp.orders-value", ORDER);

        assertThat(registry.latest("csp.orders-value"))
                .contains(new RegisteredSchema("csp.orders-value", 2, v2, ORDER));
        assertThat(registry.idOf("csp.orders-value", ORDER_V0)).isEqualTo(v1);
        assertThat(registry.register("other-value", ORDER)).isEqualTo(v2);
        assertThat(registry.latest("other-value"))
                .map(RegisteredSchema::version)
                .contains(1);
    }

    @Test
    void shouldRefuseToLookUpWhatWasNeverRegistered() {
        registry.register("csp.orders-value", ORDER_V0);

        assertThatThrownBy(() -> registry.idOf("csp.orders-value", ORDER))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(40403))
                .hasMessageContaining("csp.orders-value");
        assertThatThrownBy(() -> registry.idOf("nope-value", ORDER))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(40401));
        assertThatThrownBy(() -> registry.schemaById(12345))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("12345");
        assertThat(registry.latest("nope-value")).isEmpty();
    }

    @Test
    void shouldHandOutOneIdPerSchemaUnderConcurrentRegistration() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Set<Integer> ids = ConcurrentHashMap.newKeySet();
            List<Future<?>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String subject = "s" + (i % 4) + "-value";
                futures.add(pool.submit(() -> ids.add(registry.register(subject, ORDER))));
            }
            for (Future<?> future : futures) {
                future.get();
            }
            assertThat(ids).hasSize(1);
            assertThat(registry.subjects()).hasSize(4);
        } finally {
            pool.shutdownNow();
        }
    }
}
