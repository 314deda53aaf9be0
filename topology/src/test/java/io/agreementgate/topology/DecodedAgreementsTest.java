package io.agreementgate.topology;

import static io.agreementgate.testkit.Samples.CUSTOMER;
import static io.agreementgate.testkit.Samples.anAttestation;
import static io.agreementgate.testkit.Samples.anOrder;
import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.Order;
import io.agreementgate.schema.internal.CustomerAgreements;
import io.agreementgate.schema.internal.WaitingOrders;
import io.agreementgate.serde.AvroSerdes;
import io.agreementgate.serde.InMemorySchemaRegistry;
import io.agreementgate.topology.config.GateConfig;
import io.agreementgate.topology.policy.AgreementBook;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-task cache of decoded agreement state never decides an order on an outdated state: not after the other
 * processor of the task applied an attestation, nor after the store changed while the task's processors were closed
 * (restoration, standby updates, migration).
 */
class DecodedAgreementsTest {
    private final AvroSerdes serdes = new AvroSerdes(new InMemorySchemaRegistry(), true);
    private final GateConfig config = GateConfig.defaults().withMaxWait(Duration.ZERO);
    private final MockProcessorContext<String, Decision> context = new MockProcessorContext<>(properties());
    private KeyValueStore<String, CustomerAgreements> agreements;

    private static Properties properties() {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "decoded-agreements-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return properties;
    }

    @BeforeEach
    void taskStores() {
        context.setCurrentSystemTimeMs(GateDriver.WALL_CLOCK_START.toEpochMilli());
        agreements = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(GateNames.AGREEMENTS_STORE),
                        Serdes.String(),
                        serdes.valueSerde(CustomerAgreements.class))
                .withLoggingDisabled()
                .build();
        register(agreements);
        register(Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(GateNames.WAITING_STORE),
                        Serdes.String(),
                        serdes.valueSerde(WaitingOrders.class))
                .withLoggingDisabled()
                .build());
        register(Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(GateNames.APPROVED_IDS_STORE), Serdes.String(), Serdes.Long())
                .withLoggingDisabled()
                .build());
        register(DecodedAgreements.builder(GateNames.DECODED_AGREEMENTS_STORE, new AgreementCache(1 << 20))
                .build());
    }

    private void register(StateStore store) {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }

    @Test
    void shouldApproveOrderOnceTheTasksAttestationProcessorAppliedTheAttestation() {
        DecideOrders orders = new DecideOrders(config, new MisplacementReports());
        orders.init(context);
        ApplyAttestations attestations = new ApplyAttestations(config, new MisplacementReports());
        attestations.init(context);

        orders.process(order("order-1")); // decodes the customer's (empty) state
        attestations.process(attestation(anAttestation().build()));
        orders.process(order("order-2"));

        assertThat(decisions()).containsExactly(Decision.OrderRejected.class, Decision.Approved.class);
    }

    @Test
    void shouldDecideByStateThatChangedWhileTheTasksProcessorsWereClosed() {
        DecideOrders before = new DecideOrders(config, new MisplacementReports());
        before.init(context);
        before.process(order("order-1"));
        before.close();

        // Restoration from the changelog, a standby update or another instance's writes before a migration: all of
        // them change the store without going through the processors.
        agreements.put(
                CUSTOMER,
                AgreementBook.apply(
                                AgreementBook.empty(CUSTOMER), anAttestation().build())
                        .orElseThrow());
        DecideOrders after = new DecideOrders(config, new MisplacementReports());
        after.init(context);
        after.process(order("order-2"));

        assertThat(decisions()).containsExactly(Decision.OrderRejected.class, Decision.Approved.class);
    }

    /** Stamped with its order date, as a backend writes it: the date rules compare the two. */
    private static Record<String, Order> order(String orderId) {
        Order order = anOrder().id(orderId).build();
        return new Record<>(CUSTOMER, order, order.getOrderedAt().toEpochMilli());
    }

    /** Written when recorded: an attestation recorded after its record is invalid. */
    private static Record<String, AgreementAttestation> attestation(AgreementAttestation attestation) {
        return new Record<>(CUSTOMER, attestation, attestation.getRecordedAt().toEpochMilli());
    }

    private List<Class<?>> decisions() {
        return context.forwarded().stream()
                .<Class<?>>map(f -> f.record().value().getClass())
                .toList();
    }
}
