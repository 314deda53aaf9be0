package io.agreementgate.topology;

import static io.agreementgate.topology.TestData.CUSTOMER;
import static io.agreementgate.topology.TestData.anOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agreementgate.schema.Order;
import io.agreementgate.serde.InMemorySchemaRegistry;
import io.agreementgate.serde.RegisteredSchema;
import io.agreementgate.serde.SchemaRegistryClient;
import io.agreementgate.serde.SchemaRegistryException;
import io.agreementgate.topology.config.GateConfig;
import io.agreementgate.topology.config.Topics;
import io.agreementgate.topology.streams.DeadLetterOrRetryHandler;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A registry outage is not a bad record: the gate must retry, never dead-letter a good order. */
class RegistryOutageTest {
    private final FlakyRegistry registry = new FlakyRegistry();
    private final GateDriver gate = new GateDriver(GateConfig.defaults().withMaxWait(Duration.ZERO), registry);

    @AfterEach
    void close() {
        gate.close();
    }

    @Test
    void shouldFailTheTaskInsteadOfDeadLetteringWhenTheRegistryIsDown() {
        byte[] order = gate.serdes
                .valueSerde(Order.class)
                .serializer()
                .serialize("csp.orders", anOrder().build());
        registry.down = true;

        assertThatThrownBy(() -> gate.rawOrders.pipeInput(CUSTOMER, order))
                .hasRootCauseInstanceOf(SchemaRegistryException.class);
        assertThat(gate.driver
                        .createOutputTopic(
                                Topics.DEFAULTS.deadLetter(),
                                Serdes.ByteArray().deserializer(),
                                Serdes.ByteArray().deserializer())
                        .isEmpty())
                .isTrue();
    }

    @Test
    void shouldRecogniseOnlyTransientRegistryFailuresAsOutages() {
        assertThat(DeadLetterOrRetryHandler.isRegistryOutage(new RuntimeException(outage())))
                .isTrue();
        assertThat(DeadLetterOrRetryHandler.isRegistryOutage(
                        new SchemaRegistryException("schema 99 not found", 404, 40403, false, null)))
                .isFalse();
    }

    private static SchemaRegistryException outage() {
        return new SchemaRegistryException("connection refused", SchemaRegistryException.NONE, -1, true, null);
    }

    /** An in-memory registry that can be switched off like a crashed registry server. */
    static final class FlakyRegistry implements SchemaRegistryClient {
        private final InMemorySchemaRegistry inner = new InMemorySchemaRegistry();
        volatile boolean down;

        private void check() {
            if (down) {
                throw outage();
            }
        }

        @Override
        public int register(String subject, Schema schema) {
            check();
            return inner.register(subject, schema);
        }

        @Override
        public int idOf(String subject, Schema schema) {
            check();
            return inner.idOf(subject, schema);
        }

        @Override
        public Schema schemaById(int id) {
            check();
            return inner.schemaById(id);
        }

        @Override
        public Optional<RegisteredSchema> latest(String subject) {
            check();
            return inner.latest(subject);
        }

        @Override
        public List<String> subjects() {
            check();
            return inner.subjects();
        }
    }
}
