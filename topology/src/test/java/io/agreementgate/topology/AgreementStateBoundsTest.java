package io.agreementgate.topology;

import static io.agreementgate.testkit.Samples.CUSTOMER;
import static io.agreementgate.testkit.Samples.anAttestation;
import static io.agreementgate.testkit.Samples.anOrder;
import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.AttestationRejectionCode;
import io.agreementgate.schema.AttestationRejectionReason;
import io.agreementgate.schema.RejectedAttestation;
import io.agreementgate.schema.internal.CustomerAgreements;
import io.agreementgate.topology.policy.AgreementBook;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The agreement state keeps no contact data and never grows past its bounds, whatever a backend sends. */
class AgreementStateBoundsTest {
    private final GateDriver gate = GateDriver.withoutWaiting();

    @AfterEach
    void close() {
        gate.close();
    }

    @Test
    void shouldKeepNoContactDataInTheAgreementState() {
        AgreementAttestation attestation = anAttestation()
                .contact("Ada", "Lovelace-Byron", "ada.lovelace@contoso.example")
                .build();
        gate.send(attestation);

        CustomerAgreements state = agreements();
        assertThat(state.getAttestations()).containsExactly(AgreementBook.onRecord(attestation));
        assertThat(state.toString()).doesNotContain("Lovelace-Byron").doesNotContain("ada.lovelace");
    }

    @Test
    void shouldRejectTheAttestationBeyondThePairBoundNamingItAndKeepDecidingOnTheState() {
        for (int p = 0; p < AgreementBook.MAX_PAIRS; p++) {
            gate.send(anAttestation().id("a-" + p).by("partner-" + p).build());
        }
        assertThat(gate.rejectedAttestations.isEmpty()).isTrue();

        gate.send(anAttestation().id("one-too-many").by("partner-extra").build());

        RejectedAttestation rejected = onlyRejectedAttestation();
        assertThat(rejected.getAttestation().getAttestationId()).isEqualTo("one-too-many");
        assertThat(rejected.getReasons()).singleElement().satisfies(r -> {
            assertThat(r.getCode()).isEqualTo(AttestationRejectionCode.INVALID_ATTESTATION);
            assertThat(r.getMessage()).contains("at most " + AgreementBook.MAX_PAIRS);
        });
        assertThat(agreements().getAttestations()).hasSize(AgreementBook.MAX_PAIRS);

        gate.send(anOrder().partner("partner-7").build());
        assertThat(gate.approvedRecords())
                .singleElement()
                .satisfies(r -> assertThat(r.value().getEvidence().get(0).getAttestationId())
                        .isEqualTo("a-7"));
        gate.send(anOrder().id("order-extra").partner("partner-extra").build());
        assertThat(gate.rejectedRecords())
                .singleElement()
                .satisfies(r -> assertThat(r.value().getReasons().get(0).getMessage())
                        .contains("and " + (AgreementBook.MAX_PAIRS - 10) + " other partners"));
    }

    @Test
    void shouldApplyAWithdrawalToACustomerAtThePairBound() {
        for (int p = 0; p < AgreementBook.MAX_PAIRS; p++) {
            gate.send(anAttestation().id("a-" + p).by("partner-" + p).build());
        }

        gate.send(anAttestation()
                .id("w-3")
                .by("partner-3")
                .withdrawn()
                .recordedAt(Instant.parse("2024-02-01T00:00:00Z"))
                .build());

        assertThat(gate.rejectedAttestations.isEmpty()).isTrue();
        assertThat(agreements().getWithdrawals())
                .singleElement()
                .satisfies(w -> assertThat(w.getAttestationId()).isEqualTo("w-3"));
    }

    @Test
    void shouldRejectTheAttestationThatWouldMakeTheStateLargerThanItsByteBound() {
        String longId = "x".repeat(4_000);
        int sent = 0;
        while (gate.rejectedAttestations.isEmpty() && sent < 100) {
            gate.send(anAttestation()
                    .id(longId + "-a" + sent)
                    .by(longId + "-p" + sent)
                    .build());
            sent++;
        }

        List<AttestationRejectionReason> reasons = onlyRejectedAttestation().getReasons();
        assertThat(reasons).singleElement().satisfies(r -> {
            assertThat(r.getCode()).isEqualTo(AttestationRejectionCode.INVALID_ATTESTATION);
            assertThat(r.getMessage()).contains("at most " + AgreementBook.MAX_STATE_BYTES);
        });
        assertThat(agreements().getAttestations()).hasSize(sent - 1);
        assertThat(sent - 1).isBetween(10, 30);
    }

    private CustomerAgreements agreements() {
        return gate.<CustomerAgreements>store(GateNames.AGREEMENTS_STORE).get(CUSTOMER);
    }

    private RejectedAttestation onlyRejectedAttestation() {
        List<TestRecord<String, RejectedAttestation>> records = gate.rejectedAttestations.readRecordsToList();
        assertThat(records).hasSize(1);
        return records.get(0).value();
    }
}
