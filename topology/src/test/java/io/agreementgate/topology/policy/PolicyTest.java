package io.agreementgate.topology.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agreementgate.schema.AgreementType;
import io.agreementgate.schema.OrderType;
import io.agreementgate.testkit.Samples;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyTest {
    private final Policy policy = Policy.DEFAULTS;

    @Test
    void shouldAcceptOnlyCloudAgreementBeforeOctober2019() {
        assertThat(policy.acceptedAgreements(Instant.parse("2019-09-30T23:59:59Z"), false))
                .containsExactly(AgreementType.MICROSOFT_CLOUD_AGREEMENT);
    }

    @Test
    void shouldAcceptEitherAgreementInTheTransitionWindow() {
        assertThat(policy.acceptedAgreements(Instant.parse("2019-10-01T00:00:00Z"), false))
                .containsExactlyInAnyOrder(
                        AgreementType.MICROSOFT_CLOUD_AGREEMENT, AgreementType.MICROSOFT_CUSTOMER_AGREEMENT);
        assertThat(policy.acceptedAgreements(Instant.parse("2020-01-31T23:59:59Z"), false))
                .hasSize(2);
    }

    @Test
    void shouldRequireCustomerAgreementForAzurePlanInTheTransitionWindow() {
        assertThat(policy.acceptedAgreements(Instant.parse("2019-11-15T00:00:00Z"), true))
                .containsExactly(AgreementType.MICROSOFT_CUSTOMER_AGREEMENT);
    }

    @Test
    void shouldAcceptOnlyCustomerAgreementFromFebruary2020() {
        assertThat(policy.acceptedAgreements(Instant.parse("2020-02-01T00:00:00Z"), false))
                .containsExactly(AgreementType.MICROSOFT_CUSTOMER_AGREEMENT);
    }

    @Test
    void shouldRequireSecrecyAgreementOnlyForListedCountries() {
        assertThat(policy.requiresProfessionalSecrecyAgreement(true, "de")).isTrue();
        assertThat(policy.requiresProfessionalSecrecyAgreement(true, "AT")).isFalse();
        assertThat(policy.requiresProfessionalSecrecyAgreement(false, "DE")).isFalse();
    }

    @Test
    void shouldListEveryProblemOfAnInvalidPolicy() {
        assertThatThrownBy(() -> new Policy(
                        " ",
                        Duration.ofMinutes(-1),
                        Instant.parse("2020-01-01T00:00:00Z"),
                        Instant.parse("2019-10-01T00:00:00Z"),
                        Instant.parse("2019-01-01T00:00:00Z"),
                        Map.of(),
                        Set.of(OrderType.AUTO_RENEWAL),
                        Set.of("Germany"),
                        Instant.EPOCH,
                        0,
                        -1))
                .isInstanceOfSatisfying(
                        InvalidPolicyException.class,
                        e -> assertThat(e.problems()).hasSize(9))
                .hasMessageContaining("earliest-order-date")
                .hasMessageContaining("max-string-length")
                .hasMessageContaining("max-line-items")
                .hasMessageContaining("version")
                .hasMessageContaining("clock-skew")
                .hasMessageContaining("Germany");
    }

    @Test
    void shouldRefuseATemplateForTheProfessionalSecrecyAgreement() {
        assertThatThrownBy(() -> new Policy(
                        "v",
                        Duration.ZERO,
                        policy.confirmationMandatoryFrom(),
                        policy.customerAgreementFrom(),
                        policy.cloudAgreementRetiredFrom(),
                        Map.of("t-1", AgreementType.PROFESSIONAL_SECRECY_AGREEMENT),
                        Set.of(),
                        Set.of(),
                        policy.earliestOrderDate(),
                        policy.maxStringLength(),
                        policy.maxLineItems()))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("t-1");
    }

    @Test
    void shouldKnowTheTemplatesTheSharedSamplesUse() {
        assertThat(Policy.DEFAULTS.templates())
                .containsEntry(Samples.MCA_TEMPLATE, AgreementType.MICROSOFT_CUSTOMER_AGREEMENT)
                .containsEntry(Samples.CLOUD_AGREEMENT_TEMPLATE, AgreementType.MICROSOFT_CLOUD_AGREEMENT);
    }
}
