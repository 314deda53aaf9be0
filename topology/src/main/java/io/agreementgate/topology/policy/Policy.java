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
 *
 * @param clockSkewTolerance how far a payload date may lie after the instant it is compared with (dateAgreed after
 *     recordedAt, any payload date after the record's own Kafka timestamp): producers' clocks drift
 * @param earliestOrderDate orders dated before it are malformed: no CSP order is older, and an unset timestamp (0)
 *     must never pass as "exempt, ordered before confirmation became mandatory"
 * @param maxStringLength the longest string field (in UTF-16 chars) an order or attestation may carry
 * @param maxLineItems the most line items an order may carry
 */
public record Policy(
        String version,
        Duration clockSkewTolerance,
        Instant confirmationMandatoryFrom,
        Instant customerAgreementFrom,
        Instant cloudAgreementRetiredFrom,
        Map<String, AgreementType> templates,
        Set<OrderType> exemptOrderTypes,
        Set<String> professionalSecrecyCountries,
        Instant earliestOrderDate,
        int maxStringLength,
        int maxLineItems) {

    public static final String MCA_TEMPLATE = "117a77b0-9360-443b-8795-c6dedc750cf9";
    public static final String CLOUD_AGREEMENT_TEMPLATE = "998b88de-aa99-4388-a42c-1b3517d49490";

    public static final int DEFAULT_MAX_STRING_LENGTH = 4096;
    public static final int DEFAULT_MAX_LINE_ITEMS = 500;

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
            Set.of("DE"),
            // CSP itself started in 2014; no order the program can have produced is older.
            Instant.parse("2015-01-01T00:00:00Z"),
            // Far above real use: ids are GUIDs or short codes, names and e-mail addresses stay under 320 characters
            // (RFC 5321's limits); the bound only stops records no backend writes on purpose (docs in README).
            DEFAULT_MAX_STRING_LENGTH,
            // Far above real use: a CSP order carries a few line items; hundreds would be a runaway backend.
            DEFAULT_MAX_LINE_ITEMS);

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
        if (earliestOrderDate == null || !earliestOrderDate.isAfter(Instant.EPOCH)) {
            problems.add("earliest-order-date must be after 1970-01-01T00:00:00Z (an unset timestamp of 0 must never "
                    + "pass as a date), was " + earliestOrderDate);
        }
        if (maxStringLength < 1) {
            problems.add("max-string-length must be positive, was " + maxStringLength);
        }
        if (maxLineItems < 1) {
            problems.add("max-line-items must be positive, was " + maxLineItems);
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
