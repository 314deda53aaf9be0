package io.agreementgate.topology.policy;

import io.agreementgate.schema.AgreementType;
import io.agreementgate.schema.OrderType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The agreement rules an operator may change by configuration. The defaults encode Microsoft's CSP timeline: partner
 * confirmation mandatory from 2018-11-07, the Microsoft Customer Agreement available from 2019-10-01 and the only one
 * accepted from 2020-02-01.
 */
public record Policy(
        String version,
        Duration clockSkewTolerance,
        Instant confirmationMandatoryFrom,
        Instant customerAgreementFrom,
        Instant cloudAgreementRetiredFrom,
        Map<String, AgreementType> templates,
        Set<OrderType> exemptOrderTypes,
        Set<String> professionalSecrecyCountries) {

    public static final String MCA_TEMPLATE = "117a77b0-9360-443b-8795-c6dedc750cf9";
    public static final String CLOUD_AGREEMENT_TEMPLATE = "998b88de-aa99-4388-a42c-1b3517d49490";

    private static final Set<AgreementType> CLOUD_AGREEMENT_ONLY =
            Collections.unmodifiableSet(EnumSet.of(AgreementType.MICROSOFT_CLOUD_AGREEMENT));
    private static final Set<AgreementType> EITHER_AGREEMENT = Collections.unmodifiableSet(
            EnumSet.of(AgreementType.MICROSOFT_CLOUD_AGREEMENT, AgreementType.MICROSOFT_CUSTOMER_AGREEMENT));
    private static final Set<AgreementType> CUSTOMER_AGREEMENT_ONLY =
            Collections.unmodifiableSet(EnumSet.of(AgreementType.MICROSOFT_CUSTOMER_AGREEMENT));

    public static final Policy DEFAULTS = new Policy(
            "csp-agreement-policy/2020-02-01",
            Duration.ofMinutes(5),
            Instant.parse("2018-11-07T00:00:00Z"),
            Instant.parse("2019-10-01T00:00:00Z"),
            Instant.parse("2020-02-01T00:00:00Z"),
            Map.of(
                    MCA_TEMPLATE, AgreementType.MICROSOFT_CUSTOMER_AGREEMENT,
                    CLOUD_AGREEMENT_TEMPLATE, AgreementType.MICROSOFT_CLOUD_AGREEMENT),
            EnumSet.of(OrderType.AUTO_RENEWAL),
            Set.of("DE"));

    public Policy {
        List<String> problems = new ArrayList<>();
        if (version == null || version.isBlank()) {
            problems.add("policy version must not be blank");
        }
        if (clockSkewTolerance == null || clockSkewTolerance.isNegative()) {
            problems.add("clock-skew tolerance must be zero or positive, was " + clockSkewTolerance);
        }
        if (confirmationMandatoryFrom == null || customerAgreementFrom == null || cloudAgreementRetiredFrom == null) {
            problems.add("the policy dates confirmation-mandatory-from, customer-agreement-from and "
                    + "cloud-agreement-retired-from are all required");
        } else {
            if (!confirmationMandatoryFrom.isBefore(customerAgreementFrom)) {
                problems.add("confirmation-mandatory-from (" + confirmationMandatoryFrom
                        + ") must be before customer-agreement-from (" + customerAgreementFrom + ")");
            }
            if (cloudAgreementRetiredFrom.isBefore(customerAgreementFrom)) {
                problems.add("cloud-agreement-retired-from (" + cloudAgreementRetiredFrom
                        + ") must not be before customer-agreement-from (" + customerAgreementFrom + ")");
            }
        }
        if (templates == null || templates.isEmpty()) {
            problems.add("at least one agreement template must be configured");
        } else {
            templates.forEach((id, type) -> {
                if (id == null || id.isBlank()) {
                    problems.add("a template id must not be blank");
                }
                if (type == AgreementType.PROFESSIONAL_SECRECY_AGREEMENT) {
                    problems.add("template " + id + ": the professional-secrecy agreement is the partner's own and "
                            + "has no Microsoft template");
                }
            });
        }
        if (exemptOrderTypes == null) {
            problems.add("exempt order types must be given (may be empty)");
        }
        if (professionalSecrecyCountries == null) {
            problems.add("professional-secrecy countries must be given (may be empty)");
        } else {
            for (String country : professionalSecrecyCountries) {
                if (country == null || !country.matches("[A-Z]{2}")) {
                    problems.add("professional-secrecy country '" + country
                            + "' is not an upper-case ISO 3166-1 alpha-2 code");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidPolicyException(problems);
        }
        templates = Map.copyOf(templates);
        exemptOrderTypes = exemptOrderTypes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(exemptOrderTypes));
        professionalSecrecyCountries = Set.copyOf(professionalSecrecyCountries);
    }

    /** The agreement types that an order dated {@code orderedAt} may rely on. */
    public Set<AgreementType> acceptedAgreements(Instant orderedAt, boolean hasAzurePlan) {
        if (orderedAt.isBefore(customerAgreementFrom)) {
            return CLOUD_AGREEMENT_ONLY;
        }
        if (orderedAt.isBefore(cloudAgreementRetiredFrom) && !hasAzurePlan) {
            return EITHER_AGREEMENT;
        }
        return CUSTOMER_AGREEMENT_ONLY;
    }

    public boolean requiresProfessionalSecrecyAgreement(boolean professionalSecrecy, String country) {
        return professionalSecrecy
                && country != null
                && professionalSecrecyCountries.contains(country.trim().toUpperCase(Locale.ROOT));
    }
}
