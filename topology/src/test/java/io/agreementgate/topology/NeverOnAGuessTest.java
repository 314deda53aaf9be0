package io.agreementgate.topology;

import static io.agreementgate.testkit.Samples.CUSTOMER;
import static io.agreementgate.testkit.Samples.MCA_ERA;
import static io.agreementgate.testkit.Samples.anAttestation;
import static io.agreementgate.testkit.Samples.anOrder;
import static org.assertj.core.api.Assertions.assertThat;

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
import io.agreementgate.topology.config.GateTopics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gate never approves on a guess, through the topology: implausible dates (judged against the record's own Kafka
 * timestamp and the policy's floor), symbols of a newer contract the gate does not know, and oversized fields.
 */
class NeverOnAGuessTest {
    private static final String GROUP = "stream-agreement-gate-metrics";

    private final GateDriver gate = GateDriver.withoutWaiting();
    private final GenericAvroSerializer newerWriter = new GenericAvroSerializer(gate.serdes.client(), false, true);
    private final TestInputTopic<String, byte[]> rawAttestations = gate.driver.createInputTopic(
            GateTopics.ATTESTATIONS.defaultName(),
            Serdes.String().serializer(),
            Serdes.ByteArray().serializer());

    @AfterEach
    void close() {
        gate.close();
    }

    @Test
    void shouldRejectOrderWhenOrderedAtIsUnsetInsteadOfExemptingIt() {
        gate.orders.pipeInput(CUSTOMER, anOrder().orderedAt(Instant.EPOCH).build(), MCA_ERA);

        RejectedOrder rejected = onlyRejected();
        assertThat(rejected.getReasons()).singleElement().satisfies(reason -> {
            assertThat(reason.getCode()).isEqualTo(OrderRejectionCode.INVALID_ORDER);
            assertThat(reason.getMessage()).contains("orderedAt 1970-01-01T00:00:00Z", "2015-01-01T00:00:00Z");
        });
        assertThat(gate.approvedRecords()).isEmpty();
    }

    @Test
    void shouldRejectOrderWhenOrderedAfterItsRecordWasWritten() {
        gate.send(anAttestation().build());
        gate.orders.pipeInput(
                CUSTOMER,
                anOrder().orderedAt(Instant.parse("2099-01-01T00:00:00Z")).build(),
                MCA_ERA);

        assertThat(onlyRejected().getReasons()).singleElement().satisfies(reason -> {
            assertThat(reason.getCode()).isEqualTo(OrderRejectionCode.INVALID_ORDER);
            assertThat(reason.getMessage()).contains("later than the record's own timestamp " + MCA_ERA);
        });
    }

    @Test
    void shouldRejectFutureDatedWithdrawalSoThatItCannotBlockLaterConfirmations() {
        Instant now = Instant.parse("2026-11-25T08:00:00Z");
        gate.attestations.pipeInput(
                CUSTOMER,
                anAttestation()
                        .id("att-2099")
                        .agreedAt(Instant.parse("2099-01-01T00:00:00Z"))
                        .recordedAt(Instant.parse("2099-01-01T00:00:00Z"))
                        .withdrawn()
                        .build(),
                now);
        gate.send(anAttestation().id("att-real").build());
        gate.orders.pipeInput(CUSTOMER, anOrder().orderedAt(now).build(), now);

        List<AttestationRejectionCode> codes = gate.rejectedAttestations.readValuesToList().stream()
                .flatMap(r -> r.getReasons().stream())
                .map(AttestationRejectionReason::getCode)
                .toList();
        assertThat(codes)
                .containsExactly(
                        AttestationRejectionCode.DATE_AGREED_IN_FUTURE, AttestationRejectionCode.INVALID_ATTESTATION);
        assertThat(gate.approvedRecords())
                .singleElement()
                .satisfies(r -> assertThat(r.value().getEvidence())
                        .singleElement()
                        .satisfies(e -> assertThat(e.getAttestationId()).isEqualTo("att-real")));
    }

    @Test
    void shouldRejectOrderWithAnOrderTypeTheGateDoesNotKnowNamingFieldAndSymbol() {
        gate.send(anAttestation().build());
        sendNewer(
                NewerWriter.withSymbol(NewerWriter.order(anOrder().build(), null), "orderType", "MIGRATION"), CUSTOMER);

        RejectedOrder rejected = onlyRejected();
        assertThat(rejected.getReasons()).singleElement().satisfies(reason -> {
            assertThat(reason.getCode()).isEqualTo(OrderRejectionCode.INVALID_ORDER);
            assertThat(reason.getMessage()).startsWith("orderType 'MIGRATION' is not a symbol this gate knows");
        });
        assertThat(gate.approvedRecords()).isEmpty();
        assertThat(newerContractCount("csp.orders", "orderType")).isEqualTo(1);
    }

    @Test
    void shouldRejectOrderWithAProductTypeTheGateDoesNotKnowWhateverItsKey() {
        gate.send(anAttestation().build());
        // Keyed by the order id: rejected where it is read, not re-keyed (the finding would not cross the topic).
        sendNewer(
                NewerWriter.withSymbol(
                        NewerWriter.order(anOrder().build(), "web"), "lineItems[1].productType", "COPILOT_CREDITS"),
                "order-1");

        assertThat(onlyRejected().getReasons())
                .extracting(OrderRejectionReason::getMessage)
                .singleElement()
                .asString()
                .startsWith("lineItems[1].productType 'COPILOT_CREDITS' is not a symbol this gate knows");
        assertThat(newerContractCount("csp.orders", "lineItems.productType")).isEqualTo(1);
        assertThat(newerContractCount("csp.orders", NewerContractSeries.UNKNOWN_FIELDS))
                .isEqualTo(1);
    }

    @Test
    void shouldApproveOrderWithANewFieldAndKnownSymbolsTellingFulfilmentItIsTheGatesReading() {
        gate.send(anAttestation().build());
        sendNewer(NewerWriter.order(anOrder().id("o-newer").build(), "marketplace"), CUSTOMER);
        gate.send(anOrder().id("o-current").build());

        List<ApprovedOrder> approved = gate.approved.readValuesToList();
        assertThat(approved).hasSize(2);
        assertThat(approved.get(0).getOrder()).isEqualTo(anOrder().id("o-newer").build());
        assertThat(approved.get(0).getOrderWriterSchemaId())
                .isEqualTo(gate.serdes.client().idOf("csp.orders-value", NewerWriter.ORDER));
        assertThat(approved.get(0).getOrderSource()).isEqualTo("csp.orders-0@0");
        assertThat(approved.get(1).getOrderWriterSchemaId()).isNull();
        assertThat(approved.get(1).getOrderSource()).isNull();
    }

    @Test
    void shouldIgnoreAnOriginHeaderAProducerSetItself() {
        gate.send(anAttestation().build());
        RecordHeaders forged = new RecordHeaders();
        forged.add(OrderOrigin.REKEYED_HEADER, "7|elsewhere-0@0".getBytes(StandardCharsets.UTF_8));
        gate.orders.pipeInput(new TestRecord<>("order-1", anOrder().build(), forged, MCA_ERA));

        assertThat(gate.approvedRecords())
                .singleElement()
                .satisfies(r -> assertThat(r.value().getOrderWriterSchemaId()).isNull());
    }

    @Test
    void shouldRejectAttestationWithAnAgreementTypeTheGateDoesNotKnowAndKeepNoState() {
        AgreementAttestation base = anAttestation().build();
        sendNewer(NewerWriter.withSymbol(NewerWriter.attestation(base), "agreementType", NewerWriter.AGREEMENT_TYPE));
        sendNewer(NewerWriter.withSymbol(NewerWriter.attestation(base), "source", NewerWriter.SOURCE));

        List<RejectedAttestation> rejected = gate.rejectedAttestations.readValuesToList();
        assertThat(rejected)
                .flatExtracting(RejectedAttestation::getReasons)
                .extracting(AttestationRejectionReason::getCode, AttestationRejectionReason::getMessage)
                .allSatisfy(t -> assertThat(t.toList().get(0)).isEqualTo(AttestationRejectionCode.INVALID_ATTESTATION))
                .hasSize(2);
        assertThat(rejected.get(0).getReasons().get(0).getMessage())
                .startsWith("agreementType 'MICROSOFT_PARTNER_AGREEMENT' is not a symbol this gate knows");
        assertThat(rejected.get(1).getReasons().get(0).getMessage())
                .startsWith("source 'PARTNER_CENTER_CLI' is not a symbol this gate knows");
        assertThat(gate.<Object>store(GateNames.AGREEMENTS_STORE).get(CUSTOMER)).isNull();
        assertThat(newerContractCount("csp.agreement-attestations", "agreementType"))
                .isEqualTo(1);
        assertThat(newerContractCount("csp.agreement-attestations", "source")).isEqualTo(1);
    }

    @Test
    void shouldCountAnUnknownAttestationStatusAsWithdrawn() {
        gate.send(anAttestation().id("att-active").build());
        AgreementAttestation later = anAttestation()
                .id("att-suspended")
                .recordedAt(Instant.parse("2023-06-01T00:00:00Z"))
                .build();
        sendNewer(NewerWriter.withSymbol(NewerWriter.attestation(later), "status", NewerWriter.STATUS));
        gate.send(anOrder().build());

        assertThat(onlyRejected().getReasons())
                .extracting(OrderRejectionReason::getCode)
                .containsExactly(OrderRejectionCode.ACCEPTANCE_MISSING);
        assertThat(newerContractCount("csp.agreement-attestations", "status")).isEqualTo(1);
    }

    @Test
    void shouldRejectOrderWithA600KilobyteFieldNamingTheFieldAndTheBound() {
        gate.send(anAttestation().build());
        gate.send(anOrder().partner("p".repeat(600 * 1024)).build());

        assertThat(onlyRejected().getReasons()).singleElement().satisfies(reason -> {
            assertThat(reason.getCode()).isEqualTo(OrderRejectionCode.INVALID_ORDER);
            assertThat(reason.getMessage())
                    .startsWith("partnerId is 614400 characters long, more than the bound of 4096")
                    .hasSizeLessThan(500);
        });
    }

    private void sendNewer(GenericRecord order, String key) {
        gate.rawOrders.pipeInput(key, newerWriter.serialize("csp.orders", order), MCA_ERA);
    }

    private void sendNewer(GenericRecord attestation) {
        rawAttestations.pipeInput(
                CUSTOMER,
                newerWriter.serialize("csp.agreement-attestations", attestation),
                Instant.parse("2026-11-25T08:00:00Z"));
    }

    private RejectedOrder onlyRejected() {
        List<TestRecord<String, RejectedOrder>> rejected = gate.rejectedRecords();
        assertThat(rejected).hasSize(1);
        return rejected.get(0).value();
    }

    private double newerContractCount(String topic, String field) {
        Map<String, String> tags = Map.of(NewerContractSeries.TOPIC_TAG, topic, NewerContractSeries.FIELD_TAG, field);
        return gate.driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals(GROUP)
                        && e.getKey().name().endsWith("-total")
                        && e.getKey().tags().entrySet().containsAll(tags.entrySet()))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .sum();
    }
}
