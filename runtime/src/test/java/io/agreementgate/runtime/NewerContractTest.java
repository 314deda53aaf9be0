package io.agreementgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.runtime.config.GateSettings;
import io.agreementgate.runtime.gate.GateProcess;
import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.ApprovedOrder;
import io.agreementgate.schema.AttestationRejectionCode;
import io.agreementgate.schema.AttestationRejectionReason;
import io.agreementgate.schema.OrderRejectionCode;
import io.agreementgate.schema.OrderRejectionReason;
import io.agreementgate.schema.RejectedAttestation;
import io.agreementgate.schema.RejectedOrder;
import io.agreementgate.serde.GenericAvroSerializer;
import io.agreementgate.testkit.NewerWriter;
import io.agreementgate.topology.config.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backend writes with a newer version of the contract than the gate knows: the newer schema is registered under the
 * real subject {@code csp.orders-value} (and {@code csp.agreement-attestations-value}) in the embedded registry, and
 * its records go through the embedded broker to a gate on the default topic names.
 */
@ExtendWith(SharedCluster.class)
class NewerContractTest {
    private static final Duration DECISION = Duration.ofSeconds(60);

    @TempDir
    static Path dataDir;

    private static GateProcess gate;
    private static GateClient client;
    private static GenericAvroSerializer newerWriter;

    @BeforeAll
    static void startGate() {
        Map<String, String> settings = TestSettings.onSharedCluster("newer", dataDir, 30_000);
        settings.putAll(Topics.DEFAULTS.settings());
        gate = GateProcess.start(GateSettings.of(settings), new PrintStream(new ByteArrayOutputStream(), true));
        gate.runner().awaitRunning(Duration.ofSeconds(90));
        client = new GateClient(
                SharedCluster.get().bootstrapServers(), SharedCluster.get().schemaRegistryUrl(), Topics.DEFAULTS);
        newerWriter = new GenericAvroSerializer(client.registry(), false, true);
    }

    @AfterAll
    static void stopGate() {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            if (gate != null) {
                gate.close();
            }
        }
    }

    @Test
    void shouldRejectOrdersWithSymbolsTheGateDoesNotKnowAndApproveOneWithOnlyANewField() {
        String customer = TestRecords.unique("cust");
        client.attest(TestRecords.mca(customer), customer);
        GenericRecord migration = NewerWriter.withSymbol(
                NewerWriter.order(TestRecords.order(customer).build(), "web"), "orderType", NewerWriter.ORDER_TYPE);
        GenericRecord copilot = NewerWriter.withSymbol(
                NewerWriter.order(TestRecords.order(customer).build(), "web"),
                "lineItems[1].productType",
                NewerWriter.PRODUCT_TYPE);
        GenericRecord newField = NewerWriter.order(TestRecords.order(customer).build(), "marketplace");
        sendOrder(customer, migration);
        sendOrder(customer, copilot);
        sendOrder(customer, newField);

        assertThat(onlyReason(client.awaitRejected(orderId(migration), DECISION)))
                .satisfies(r -> assertThat(r.getCode()).isEqualTo(OrderRejectionCode.INVALID_ORDER))
                .extracting(OrderRejectionReason::getMessage)
                .asString()
                .startsWith("orderType 'MIGRATION' is not a symbol this gate knows");
        assertThat(onlyReason(client.awaitRejected(orderId(copilot), DECISION)))
                .extracting(OrderRejectionReason::getMessage)
                .asString()
                .startsWith("lineItems[1].productType 'COPILOT_CREDITS' is not a symbol this gate knows");
        ApprovedOrder approved = client.awaitApproved(orderId(newField), DECISION);
        assertThat(approved.getOrderWriterSchemaId())
                .isEqualTo(client.registry().idOf("csp.orders-value", NewerWriter.ORDER));
        assertThat(approved.getOrderSource()).matches("csp\\.orders-\\d+@\\d+");
        assertThat(approved.getOrder().getOrderId()).isEqualTo(orderId(newField));

        Awaitility.await().atMost(DECISION).untilAsserted(() -> {
            PrometheusText metrics = GateMetricsTest.scrape(gate.runner().httpUrl());
            assertThat(metrics.value(
                            "agreement_gate_newer_contract_records_total",
                            Map.of("topic", "csp.orders", "field", "orderType")))
                    .isGreaterThanOrEqualTo(1);
            assertThat(metrics.value(
                            "agreement_gate_newer_contract_records_total",
                            Map.of("topic", "csp.orders", "field", "lineItems.productType")))
                    .isGreaterThanOrEqualTo(1);
            assertThat(metrics.value(
                            "agreement_gate_newer_contract_records_total",
                            Map.of("topic", "csp.orders", "field", "(unknown fields)")))
                    .isGreaterThanOrEqualTo(3);
        });
    }

    @Test
    void shouldRejectAnAttestationWithAnAgreementTypeTheGateDoesNotKnow() {
        String customer = TestRecords.unique("cust");
        AgreementAttestation attestation = TestRecords.mca(customer);
        GenericRecord newer = NewerWriter.withSymbol(
                NewerWriter.attestation(attestation), "agreementType", NewerWriter.AGREEMENT_TYPE);
        client.sendRaw(
                Topics.DEFAULTS.attestations(), customer, newerWriter.serialize(Topics.DEFAULTS.attestations(), newer));

        RejectedAttestation rejected = client.awaitRejectedAttestation(attestation.getAttestationId(), DECISION);
        assertThat(rejected.getReasons()).singleElement().satisfies(r -> {
            assertThat(r.getCode()).isEqualTo(AttestationRejectionCode.INVALID_ATTESTATION);
            assertThat(r.getMessage()).startsWith("agreementType 'MICROSOFT_PARTNER_AGREEMENT' is not a symbol");
        });
        assertThat(rejected.getReasons())
                .extracting(AttestationRejectionReason::getCode)
                .hasSize(1);
    }

    private static void sendOrder(String customer, GenericRecord order) {
        client.sendRaw(Topics.DEFAULTS.orders(), customer, newerWriter.serialize(Topics.DEFAULTS.orders(), order));
    }

    private static String orderId(GenericRecord order) {
        return order.get("orderId").toString();
    }

    private static OrderRejectionReason onlyReason(RejectedOrder rejected) {
        assertThat(rejected.getReasons()).hasSize(1);
        return rejected.getReasons().get(0);
    }
}
