package io.agreementgate.topology;

import static io.agreementgate.testkit.Samples.CUSTOMER;
import static io.agreementgate.testkit.Samples.anOrder;
import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.schema.Order;
import io.agreementgate.serde.InMemorySchemaRegistry;
import io.agreementgate.serde.RegisteredSchema;
import io.agreementgate.serde.SchemaRegistryClient;
import io.agreementgate.serde.SchemaRegistryException;
import io.agreementgate.topology.config.GateConfig;
import io.agreementgate.topology.config.Topics;
import io.agreementgate.topology.streams.DeadLetterOrRetryHandler;
import io.agreementgate.topology.streams.HandledRecords;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A registry outage is not a bad record: the gate parks the record at the end of its partition and decides it once
 * the registry answers, never dead-letters a good order.
 */
class RegistryOutageTest {
    private final FlakyRegistry registry = new FlakyRegistry();
    private final GateDriver gate = new GateDriver(GateConfig.defaults().withMaxWait(Duration.ZERO), registry);

    @AfterEach
    void close() {
        gate.close();
    }

    @Test
    void shouldParkTheRecordAndDecideItOnceTheRegistryIsBackInsteadOfDeadLetteringIt() {
        byte[] order = gate.serdes
                .valueSerde(Order.class)
                .serializer()
                .serialize("csp.orders", anOrder().build());
        // Down for the first three look-ups: the order is parked (written again to its partition) three times.
        registry.failures.set(3);

        gate.rawOrders.pipeInput(CUSTOMER, order);

        assertThat(registry.failures.get()).isZero();
        assertThat(gate.rejectedRecords().size() + gate.approvedRecords().size())
                .isEqualTo(1);
        assertThat(gate.driver
                        .createOutputTopic(
                                Topics.DEFAULTS.deadLetter(),
                                Serdes.ByteArray().deserializer(),
                                Serdes.ByteArray().deserializer())
                        .isEmpty())
                .isTrue();
    }

    /**
     * The counts behind the gate's parked and dead-lettered metrics and its health belong to the gate that passed them
     * in its settings: a second gate with the same application id in the same JVM counts its own.
     */
    @Test
    void shouldCountParkedAndDeadLetteredRecordsForTheGateWhoseSettingsCarryTheCounts() {
        HandledRecords counts = new HandledRecords();
        HandledRecords otherCounts = new HandledRecords();
        FlakyRegistry otherRegistry = new FlakyRegistry();
        GateConfig config = GateConfig.defaults().withMaxWait(Duration.ZERO);
        try (GateDriver counted = new GateDriver(config.withStreams(counts.streamsSettings()), registry);
                GateDriver other = new GateDriver(config.withStreams(otherCounts.streamsSettings()), otherRegistry)) {
            byte[] order = counted.serdes
                    .valueSerde(Order.class)
                    .serializer()
                    .serialize("csp.orders", anOrder().build());
            registry.failures.set(2);

            counted.rawOrders.pipeInput(CUSTOMER, order);
            counted.rawOrders.pipeInput(CUSTOMER, new byte[] {42, 1, 2});
            other.send(anOrder().build());

            assertThat(counts.parked()).isEqualTo(2);
            assertThat(counts.deadLettered()).isEqualTo(1);
            assertThat(otherCounts.parked()).isZero();
            assertThat(otherCounts.deadLettered()).isZero();
            assertThat(other.rejectedRecords()).hasSize(1);
        }
    }

    @Test
    void shouldCountTheRetriesInTheParkedCopyAndKeepEverythingElse() {
        ConsumerRecord<byte[], byte[]> original = new ConsumerRecord<>(
                "csp.orders",
                2,
                41L,
                1_700_000_000_000L,
                TimestampType.CREATE_TIME,
                1,
                5,
                new byte[] {1},
                new byte[] {0, 0, 0, 0, 7},
                new RecordHeaders(),
                Optional.empty());
        original.headers().add("trace", new byte[] {9});

        ProducerRecord<byte[], byte[]> first = DeadLetterOrRetryHandler.parked(original, 1);
        ConsumerRecord<byte[], byte[]> read = new ConsumerRecord<>("csp.orders", 2, 97L, first.key(), first.value());
        first.headers().forEach(h -> read.headers().add(h));
        ProducerRecord<byte[], byte[]> second = DeadLetterOrRetryHandler.parked(read, 2);

        assertThat(first.topic()).isEqualTo("csp.orders");
        assertThat(first.partition()).isEqualTo(2);
        assertThat(first.timestamp()).isEqualTo(original.timestamp());
        assertThat(first.value()).isEqualTo(original.value());
        assertThat(first.headers().lastHeader("trace").value()).containsExactly(9);
        assertThat(DeadLetterOrRetryHandler.retries(read.headers())).isEqualTo(1);
        assertThat(second.headers().headers(DeadLetterOrRetryHandler.PARKED_HEADER))
                .hasSize(1);
        assertThat(DeadLetterOrRetryHandler.retries(second.headers())).isEqualTo(2);
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
        /** How many of the next calls fail as if the registry were down. */
        final AtomicInteger failures = new AtomicInteger();

        private void check() {
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
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
        public List<String> subjectsOf(int id) {
            check();
            return inner.subjectsOf(id);
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
