package io.agreementgate.topology.policy;

import static io.agreementgate.testkit.Samples.CUSTOMER;
import static io.agreementgate.testkit.Samples.anAttestation;
import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.AttestationRejectionCode;
import io.agreementgate.schema.AttestationRejectionReason;
import io.agreementgate.schema.AttestationSource;
import io.agreementgate.testkit.Samples;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AttestationValidatorTest {
    private final AttestationValidator validator = new AttestationValidator(Policy.DEFAULTS);

    @Test
    void shouldNameTheEmailProblemWithoutRepeatingTheAddress() {
        AgreementAttestation attestation =
                anAttestation().contact("Ada", "Lovelace", "ada.private@@home").build();
        List<AttestationRejectionReason> reasons = validator.validate(
                CUSTOMER, attestation, attestation.getRecordedAt().toEpochMilli());

        assertThat(reasons).singleElement().satisfies(reason -> {
            assertThat(reason.getCode()).isEqualTo(AttestationRejectionCode.CONTACT_EMAIL_INVALID);
            assertThat(reason.getMessage()).doesNotContain("ada.private").doesNotContain("home");
        });
    }

    /**
     * The attestation rules as a table: each row changes the sample attestation as its first column says (recorded
     * 2023-05-10 09:05Z, an MCA by a partner through the API) and lists every code the validator must give.
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            as is                                         | VALID
            agreed 5 minutes after recorded               | VALID
            agreed 5 minutes 1 second after recorded      | DATE_AGREED_IN_FUTURE
            first name blank                              | CONTACT_INCOMPLETE
            last name of no-break spaces                  | CONTACT_INCOMPLETE
            email without domain                          | CONTACT_EMAIL_INVALID
            email at a reserved top-level domain          | VALID
            template unknown                              | TEMPLATE_UNKNOWN
            template missing                              | TEMPLATE_UNKNOWN
            template of the Cloud Agreement               | TEMPLATE_MISMATCH
            secrecy agreement without template            | VALID
            secrecy agreement with the MCA template       | TEMPLATE_MISMATCH
            Cloud Agreement recorded 2020-01-31           | VALID
            Cloud Agreement recorded 2020-02-01           | AGREEMENT_NO_LONGER_ACCEPTED
            Cloud Agreement withdrawn 2021-02-01          | VALID
            keyed by another customer                     | CUSTOMER_KEY_MISMATCH
            not keyed                                     | CUSTOMER_KEY_MISMATCH
            attestation id blank                          | INVALID_ATTESTATION
            partner missing from a dashboard confirmation | INVALID_ATTESTATION
            partner missing from a customer's own         | VALID
            blank names, bad email, unknown template      | CONTACT_INCOMPLETE CONTACT_EMAIL_INVALID TEMPLATE_UNKNOWN
            written 5 minutes before recorded             | VALID
            written 5 minutes 1 second before recorded    | INVALID_ATTESTATION
            recorded and agreed 2099-01-01                | DATE_AGREED_IN_FUTURE INVALID_ATTESTATION
            agreed 2099-01-01                             | DATE_AGREED_IN_FUTURE
            agreed 8 minutes after written, recorded 5    | DATE_AGREED_IN_FUTURE
            agreed 6 minutes after written, recorded 10   | DATE_AGREED_IN_FUTURE INVALID_ATTESTATION
            recorded 2099, agreed 2099-01-01T00:06        | DATE_AGREED_IN_FUTURE INVALID_ATTESTATION
            a first name of 600 KB                        | INVALID_ATTESTATION
            a user id of 4097 characters                  | INVALID_ATTESTATION
            a user id of 4096 characters                  | VALID
            """)
    void shouldGiveEveryCodeThatApplies(String change, String expected) {
        Instant recorded = Instant.parse("2023-05-10T09:05:00Z");
        Samples.AttestationBuilder a = anAttestation();
        String key = CUSTOMER;
        // The record's Kafka timestamp: written when it was recorded, unless the row says otherwise.
        Instant written = recorded;
        switch (change) {
            case "as is" -> {}
            case "agreed 5 minutes after recorded" -> a.agreedAt(recorded.plusSeconds(300));
            case "agreed 5 minutes 1 second after recorded" -> a.agreedAt(recorded.plusSeconds(301));
            case "first name blank" -> a.contact(" ", "Lovelace", "ada@contoso.com");
            case "last name of no-break spaces" -> a.contact("Ada", "\u00a0\u2007", "ada@contoso.com");
            case "email without domain" -> a.contact("Ada", "Lovelace", "ada@");
            case "email at a reserved top-level domain" -> a.contact("Ada", "Lovelace", "name@contoso.example");
            case "template unknown" -> a.template("f00");
            case "template missing" -> a.template(null);
            case "template of the Cloud Agreement" -> a.template(Policy.CLOUD_AGREEMENT_TEMPLATE);
            case "secrecy agreement without template" -> a.professionalSecrecy();
            case "secrecy agreement with the MCA template" ->
                a.professionalSecrecy().template(Policy.MCA_TEMPLATE);
            case "Cloud Agreement recorded 2020-01-31" ->
                a.cloudAgreement().recordedAt(Instant.parse("2020-01-31T23:59:59Z"));
            case "Cloud Agreement recorded 2020-02-01" ->
                a.cloudAgreement().recordedAt(Instant.parse("2020-02-01T00:00:00Z"));
            case "Cloud Agreement withdrawn 2021-02-01" ->
                a.cloudAgreement()
                        .recordedAt(Instant.parse("2021-02-01T00:00:00Z"))
                        .withdrawn();
            case "keyed by another customer" -> key = "cust-other";
            case "not keyed" -> key = null;
            case "attestation id blank" -> a.id(" ");
            case "partner missing from a dashboard confirmation" ->
                a.by(null).source(AttestationSource.PARTNER_CENTER_DASHBOARD);
            case "partner missing from a customer's own" -> a.customerDirect();
            case "blank names, bad email, unknown template" ->
                a.contact("", "\u3000", "nobody").template("f00");
            case "written 5 minutes before recorded" -> written = recorded.minusSeconds(300);
            case "written 5 minutes 1 second before recorded" -> written = recorded.minusSeconds(301);
            case "recorded and agreed 2099-01-01" ->
                a.recordedAt(Instant.parse("2099-01-01T00:00:00Z")).agreedAt(Instant.parse("2099-01-01T00:00:00Z"));
            case "agreed 2099-01-01" -> a.agreedAt(Instant.parse("2099-01-01T00:00:00Z"));
            case "agreed 8 minutes after written, recorded 5" ->
                a.agreedAt(recorded.plusSeconds(480)).recordedAt(recorded.plusSeconds(300));
            case "agreed 6 minutes after written, recorded 10" ->
                a.agreedAt(recorded.plusSeconds(360)).recordedAt(recorded.plusSeconds(600));
            case "recorded 2099, agreed 2099-01-01T00:06" ->
                a.recordedAt(Instant.parse("2099-01-01T00:00:00Z")).agreedAt(Instant.parse("2099-01-01T00:06:00Z"));
            case "a first name of 600 KB" -> a.contact("a".repeat(600 * 1024), "Lovelace", "ada@contoso.com");
            case "a user id of 4097 characters" -> a.avro().setUserId("u".repeat(4097));
            case "a user id of 4096 characters" -> a.avro().setUserId("u".repeat(4096));
            default -> throw new IllegalArgumentException(change);
        }
        List<AttestationRejectionCode> codes = codes(validator.validate(key, a.build(), written.toEpochMilli()));

        assertThat(
                        codes.isEmpty()
                                ? "VALID"
                                : String.join(
                                        " ", codes.stream().map(Enum::name).toList()))
                .isEqualTo(expected);
    }

    private static List<AttestationRejectionCode> codes(List<AttestationRejectionReason> reasons) {
        reasons.forEach(r -> assertThat(r.getMessage()).isNotBlank());
        return reasons.stream().map(AttestationRejectionReason::getCode).toList();
    }
}
