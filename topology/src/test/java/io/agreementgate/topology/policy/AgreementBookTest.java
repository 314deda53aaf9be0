package io.agreementgate.topology.policy;

import static io.agreementgate.topology.TestData.CUSTOMER;
import static io.agreementgate.topology.TestData.OTHER_PARTNER;
import static io.agreementgate.topology.TestData.anAttestation;
import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.internal.CustomerAgreements;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AgreementBookTest {
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
                .extracting(AgreementAttestation::getAttestationId)
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
    void shouldRemoveTheMatchingAttestationOnWithdrawal() {
        CustomerAgreements current =
                AgreementBook.apply(empty, anAttestation().build()).orElseThrow();
        CustomerAgreements withdrawn = AgreementBook.apply(
                        current,
                        anAttestation()
                                .withdrawn()
                                .recordedAt(Instant.parse("2024-01-01T00:00:00Z"))
                                .build())
                .orElseThrow();

        assertThat(withdrawn.getAttestations()).isEmpty();
    }

    @Test
    void shouldNotLetAWithdrawalRemoveAnotherPartnersAttestation() {
        CustomerAgreements current =
                AgreementBook.apply(empty, anAttestation().build()).orElseThrow();

        assertThat(AgreementBook.apply(
                        current, anAttestation().by(OTHER_PARTNER).withdrawn().build()))
                .isEmpty();
    }
}
