package io.agreementgate.topology.policy;

import static io.agreementgate.testkit.Samples.CUSTOMER;
import static io.agreementgate.testkit.Samples.OTHER_PARTNER;
import static io.agreementgate.testkit.Samples.anAttestation;
import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.internal.AgreementOnRecord;
import io.agreementgate.schema.internal.CustomerAgreements;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgreementBookTest {
    private static final Instant JAN = Instant.parse("2024-01-10T10:00:00Z");
    private static final Instant FEB = Instant.parse("2024-02-01T10:00:00Z");
    private static final Instant MAR = Instant.parse("2024-03-01T10:00:00Z");
    private final CustomerAgreements empty = AgreementBook.empty(CUSTOMER);

    @Test
    void shouldKeepTheLatestAttestationPerPartnerAndAgreementType() {
        CustomerAgreements first =
                AgreementBook.apply(empty, anAttestation().id("a1").build()).orElseThrow();
        CustomerAgreements second = AgreementBook.apply(
                        first,
                        anAttestation()
                                .id("a2")
                                .recordedAt(Instant.parse("2024-01-01T00:00:00Z"))
                                .build())
                .orElseThrow();

        assertThat(second.getAttestations())
                .extracting(AgreementOnRecord::getAttestationId)
                .containsExactly("a2");
    }

    @Test
    void shouldKeepAttestationsOfDifferentPartnersApart() {
        CustomerAgreements first =
                AgreementBook.apply(empty, anAttestation().id("a1").build()).orElseThrow();
        CustomerAgreements second = AgreementBook.apply(
                        first, anAttestation().id("a2").by(OTHER_PARTNER).build())
                .orElseThrow();

        assertThat(second.getAttestations()).hasSize(2);
    }

    @Test
    void shouldChangeNothingForAResentIdenticalAttestation() {
        CustomerAgreements first =
                AgreementBook.apply(empty, anAttestation().build()).orElseThrow();

        assertThat(AgreementBook.apply(first, anAttestation().build())).isEmpty();
    }

    @Test
    void shouldIgnoreAnOlderAttestationArrivingLate() {
        CustomerAgreements current = AgreementBook.apply(
                        empty,
                        anAttestation()
                                .id("new")
                                .recordedAt(Instant.parse("2024-01-01T00:00:00Z"))
                                .build())
                .orElseThrow();

        assertThat(AgreementBook.apply(current, anAttestation().id("old").build()))
                .isEmpty();
    }

    @Test
    void shouldRemoveTheMatchingAttestationOnWithdrawalAndKeepTheWithdrawalAsAMarker() {
        CustomerAgreements current =
                AgreementBook.apply(empty, anAttestation().build()).orElseThrow();
        CustomerAgreements withdrawn = AgreementBook.apply(
                        current,
                        anAttestation().id("w1").withdrawn().recordedAt(FEB).build())
                .orElseThrow();

        assertThat(withdrawn.getAttestations()).isEmpty();
        assertThat(ids(withdrawn.getWithdrawals())).containsExactly("w1");
    }

    @Test
    void shouldNotLetAWithdrawalRemoveAnotherPartnersAttestation() {
        CustomerAgreements current =
                AgreementBook.apply(empty, anAttestation().id("a1").build()).orElseThrow();
        CustomerAgreements after = AgreementBook.apply(
                        current,
                        anAttestation().id("w1").by(OTHER_PARTNER).withdrawn().build())
                .orElseThrow();

        assertThat(ids(after.getAttestations())).containsExactly("a1");
    }

    @Test
    void shouldNotReviveAWithdrawnPairWhenTheOlderConfirmationIsResent() {
        AgreementAttestation confirmation =
                anAttestation().id("a1").recordedAt(JAN).build();
        CustomerAgreements confirmed = AgreementBook.apply(empty, confirmation).orElseThrow();
        CustomerAgreements withdrawn = AgreementBook.apply(
                        confirmed,
                        anAttestation().id("a2").withdrawn().recordedAt(FEB).build())
                .orElseThrow();

        assertThat(AgreementBook.apply(withdrawn, confirmation)).isEmpty();
    }

    @Test
    void shouldIgnoreAnOlderConfirmationArrivingAfterANewerWithdrawal() {
        CustomerAgreements withdrawn = AgreementBook.apply(
                        empty,
                        anAttestation().id("a2").withdrawn().recordedAt(FEB).build())
                .orElseThrow();

        assertThat(AgreementBook.apply(
                        withdrawn, anAttestation().id("a1").recordedAt(JAN).build()))
                .isEmpty();
    }

    @Test
    void shouldLetANewerConfirmationReplaceAWithdrawal() {
        CustomerAgreements withdrawn = AgreementBook.apply(
                        empty,
                        anAttestation().id("a2").withdrawn().recordedAt(FEB).build())
                .orElseThrow();
        CustomerAgreements reconfirmed = AgreementBook.apply(
                        withdrawn, anAttestation().id("a3").recordedAt(MAR).build())
                .orElseThrow();

        assertThat(ids(reconfirmed.getAttestations())).containsExactly("a3");
        assertThat(reconfirmed.getWithdrawals()).isEmpty();
    }

    @Test
    void shouldLetAWithdrawalWinATieWithAConfirmationWhicheverArrivesFirst() {
        AgreementAttestation confirmation =
                anAttestation().id("a1").recordedAt(FEB).build();
        AgreementAttestation withdrawal =
                anAttestation().id("w1").withdrawn().recordedAt(FEB).build();

        CustomerAgreements confirmationFirst = applyAll(confirmation, withdrawal);
        CustomerAgreements withdrawalFirst = applyAll(withdrawal, confirmation);

        assertThat(confirmationFirst.getAttestations()).isEmpty();
        assertThat(withdrawalFirst).isEqualTo(confirmationFirst);
    }

    @Test
    void shouldLetTheLaterArrivalWinATieBetweenTwoConfirmations() {
        CustomerAgreements state = applyAll(
                anAttestation().id("a1").recordedAt(FEB).build(),
                anAttestation().id("a1-corrected").recordedAt(FEB).build());

        assertThat(ids(state.getAttestations())).containsExactly("a1-corrected");
    }

    private CustomerAgreements applyAll(AgreementAttestation... attestations) {
        CustomerAgreements state = empty;
        for (AgreementAttestation a : attestations) {
            state = AgreementBook.apply(state, a).orElse(state);
        }
        return state;
    }

    private static List<String> ids(List<AgreementOnRecord> attestations) {
        return attestations.stream().map(AgreementOnRecord::getAttestationId).toList();
    }
}
