package io.agreementgate.topology.policy;

import static io.agreementgate.topology.TestData.CUSTOMER;
import static io.agreementgate.topology.TestData.anAttestation;
import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.AttestationRejectionCode;
import io.agreementgate.schema.AttestationRejectionReason;
import io.agreementgate.schema.AttestationSource;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttestationValidatorTest {
    private final AttestationValidator validator = new AttestationValidator(Policy.DEFAULTS);

    @Test
    void shouldAcceptAWellFormedPartnerAttestation() {
        assertThat(validate(anAttestation().build())).isEmpty();
    }

    @Test
    void shouldToleratePartnerClockSkewUpToFiveMinutes() {
        Instant recorded = Instant.parse("2024-01-10T09:00:00Z");
        assertThat(validate(anAttestation()
                        .recordedAt(recorded)
                        .agreedAt(recorded.plusSeconds(300))
                        .build()))
                .isEmpty();
        assertThat(validate(anAttestation()
                        .recordedAt(recorded)
                        .agreedAt(recorded.plusSeconds(301))
                        .build()))
                .containsExactly(AttestationRejectionCode.DATE_AGREED_IN_FUTURE);
    }

    @Test
    void shouldRejectBlankContactName() {
        assertThat(validate(
                        anAttestation().contact("Ada", "", "ada@contoso.com").build()))
                .containsExactly(AttestationRejectionCode.CONTACT_INCOMPLETE);
    }

    @Test
    void shouldRejectInvalidContactEmail() {
        assertThat(validate(anAttestation().contact("Ada", "Lovelace", "ada@").build()))
                .containsExactly(AttestationRejectionCode.CONTACT_EMAIL_INVALID);
    }

    @Test
    void shouldRejectContactNameMadeOnlyOfNoBreakSpaces() {
        assertThat(validate(anAttestation()
                        .contact("\u00a0\u00a0", "Lovelace", "ada@contoso.com")
                        .build()))
                .containsExactly(AttestationRejectionCode.CONTACT_INCOMPLETE);
    }

    @Test
    void shouldAcceptWellFormedEmailAtAReservedTopLevelDomain() {
        assertThat(validate(anAttestation()
                        .contact("Ada", "Lovelace", "name@contoso.example")
                        .build()))
                .isEmpty();
    }

    @Test
    void shouldNameTheEmailProblemWithoutRepeatingTheAddress() {
        List<AttestationRejectionReason> reasons = validator.validate(
                CUSTOMER,
                anAttestation().contact("Ada", "Lovelace", "ada.private@@home").build());

        assertThat(reasons).singleElement().satisfies(reason -> {
            assertThat(reason.getCode()).isEqualTo(AttestationRejectionCode.CONTACT_EMAIL_INVALID);
            assertThat(reason.getMessage()).doesNotContain("ada.private").doesNotContain("home");
        });
    }

    @Test
    void shouldRejectUnknownTemplate() {
        assertThat(validate(anAttestation().template("f00").build()))
                .containsExactly(AttestationRejectionCode.TEMPLATE_UNKNOWN);
    }

    @Test
    void shouldRejectMissingTemplateForAMicrosoftAgreement() {
        assertThat(validate(anAttestation().template(null).build()))
                .containsExactly(AttestationRejectionCode.TEMPLATE_UNKNOWN);
    }

    @Test
    void shouldRejectTemplateOfAnotherAgreementType() {
        assertThat(validate(anAttestation()
                        .template(Policy.CLOUD_AGREEMENT_TEMPLATE)
                        .build()))
                .containsExactly(AttestationRejectionCode.TEMPLATE_MISMATCH);
    }

    @Test
    void shouldAcceptProfessionalSecrecyAgreementWithoutTemplate() {
        assertThat(validate(anAttestation().professionalSecrecy().build())).isEmpty();
    }

    @Test
    void shouldRejectCloudAgreementRecordedFromFebruary2020() {
        assertThat(validate(anAttestation()
                        .cloudAgreement()
                        .agreedAt(Instant.parse("2020-01-20T00:00:00Z"))
                        .recordedAt(Instant.parse("2020-02-01T00:00:00Z"))
                        .build()))
                .containsExactly(AttestationRejectionCode.AGREEMENT_NO_LONGER_ACCEPTED);
    }

    @Test
    void shouldAllowWithdrawingACloudAgreementAfterItWasRetired() {
        assertThat(validate(anAttestation()
                        .cloudAgreement()
                        .recordedAt(Instant.parse("2021-02-01T00:00:00Z"))
                        .withdrawn()
                        .build()))
                .isEmpty();
    }

    @Test
    void shouldRejectPartnerSourceWithoutPartnerId() {
        assertThat(validate(anAttestation()
                        .by(null)
                        .source(AttestationSource.PARTNER_CENTER_DASHBOARD)
                        .build()))
                .containsExactly(AttestationRejectionCode.INVALID_ATTESTATION);
    }

    @Test
    void shouldAcceptCustomerDirectWithoutPartnerId() {
        assertThat(validate(anAttestation().customerDirect().build())).isEmpty();
    }

    @Test
    void shouldRejectMissingAttestationId() {
        assertThat(validate(anAttestation().id(" ").build()))
                .containsExactly(AttestationRejectionCode.INVALID_ATTESTATION);
    }

    @Test
    void shouldRejectRecordKeyedByAnotherCustomerOrNotKeyed() {
        assertThat(codes(validator.validate("cust-other", anAttestation().build())))
                .containsExactly(AttestationRejectionCode.CUSTOMER_KEY_MISMATCH);
        assertThat(codes(validator.validate(null, anAttestation().build())))
                .containsExactly(AttestationRejectionCode.CUSTOMER_KEY_MISMATCH);
    }

    private List<AttestationRejectionCode> validate(AgreementAttestation attestation) {
        return codes(validator.validate(CUSTOMER, attestation));
    }

    private static List<AttestationRejectionCode> codes(List<AttestationRejectionReason> reasons) {
        reasons.forEach(r -> assertThat(r.getMessage()).isNotBlank());
        return reasons.stream().map(AttestationRejectionReason::getCode).toList();
    }
}
