package io.agreementgate.topology.policy;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.AgreementType;
import io.agreementgate.schema.AttestationRejectionCode;
import io.agreementgate.schema.AttestationRejectionReason;
import io.agreementgate.schema.AttestationSource;
import io.agreementgate.schema.AttestationStatus;
import io.agreementgate.schema.Contact;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Decides whether an attestation may change a customer's agreement state; lists every reason when it may not. */
public final class AttestationValidator {
    private final Policy policy;
    private final RecordBounds bounds;

    public AttestationValidator(Policy policy) {
        this.policy = policy;
        // An attestation has no list; the line-item bound is the policy's bound for any list a record carries.
        this.bounds = new RecordBounds(policy.maxStringLength(), policy.maxLineItems());
    }

    /**
     * @param recordKey the Kafka record key, which must be the customer id.
     * @param recordTimestamp the Kafka timestamp of the attestation's record: nothing is agreed or recorded after it
     *     was written
     */
    public List<AttestationRejectionReason> validate(
            String recordKey, AgreementAttestation attestation, long recordTimestamp) {
        List<AttestationRejectionReason> reasons = new ArrayList<>();
        // Bounds first and alone: the other messages quote ids, which must not copy an oversized value.
        List<String> oversized = bounds.problems(recordKey, attestation);
        if (!oversized.isEmpty()) {
            oversized.forEach(problem -> reasons.add(reason(
                    AttestationRejectionCode.INVALID_ATTESTATION,
                    problem + "; send the attestation with every field within its bound.")));
            return List.copyOf(reasons);
        }
        checkRequiredFields(attestation, reasons);
        checkKey(recordKey, attestation, reasons);
        checkDates(attestation, Instant.ofEpochMilli(recordTimestamp), reasons);
        checkContact(attestation.getPrimaryContact(), reasons);
        checkTemplate(attestation, reasons);
        checkAgreementStillAccepted(attestation, reasons);
        return List.copyOf(reasons);
    }

    private static void checkRequiredFields(AgreementAttestation a, List<AttestationRejectionReason> reasons) {
        List<String> missing = new ArrayList<>();
        if (isBlank(a.getAttestationId())) {
            missing.add("attestationId");
        }
        if (isBlank(a.getCustomerId())) {
            missing.add("customerId");
        }
        if (!missing.isEmpty()) {
            reasons.add(reason(
                    AttestationRejectionCode.INVALID_ATTESTATION,
                    "Required field(s) " + String.join(", ", missing) + " missing; resend the attestation with them."));
        }
        if (a.getSource() != AttestationSource.CUSTOMER_DIRECT && isBlank(a.getPartnerId())) {
            reasons.add(reason(
                    AttestationRejectionCode.INVALID_ATTESTATION,
                    "partnerId is missing but source is " + a.getSource()
                            + "; only CUSTOMER_DIRECT acceptances may omit the partner that confirmed."));
        }
    }

    private static void checkKey(String recordKey, AgreementAttestation a, List<AttestationRejectionReason> reasons) {
        if (recordKey == null || !recordKey.equals(a.getCustomerId())) {
            reasons.add(reason(
                    AttestationRejectionCode.CUSTOMER_KEY_MISMATCH,
                    "Record key '" + recordKey + "' is not the attestation's customerId '" + a.getCustomerId()
                            + "'; key attestations by customerId so they meet the customer's orders."));
        }
    }

    /*
     * The record's own timestamp bounds both dates: a record dated after it was written would otherwise win "latest by
     * recordedAt" for years, or count as evidence for orders placed before the customer accepted.
     */
    private void checkDates(AgreementAttestation a, Instant written, List<AttestationRejectionReason> reasons) {
        Duration tolerance = policy.clockSkewTolerance();
        if (a.getDateAgreed().isAfter(a.getRecordedAt().plus(tolerance))) {
            reasons.add(reason(
                    AttestationRejectionCode.DATE_AGREED_IN_FUTURE,
                    "dateAgreed " + a.getDateAgreed() + " is after recordedAt " + a.getRecordedAt() + " (tolerance "
                            + tolerance + "); an acceptance date can never be in the future: send the date the "
                            + "customer accepted."));
        } else if (a.getDateAgreed().isAfter(written.plus(tolerance))) {
            reasons.add(reason(
                    AttestationRejectionCode.DATE_AGREED_IN_FUTURE,
                    "dateAgreed " + a.getDateAgreed() + " is after the record's own timestamp " + written
                            + " (tolerance " + tolerance + "); an acceptance date can never be in the future: send "
                            + "the date the customer accepted and check the producer's clock."));
        }
        if (a.getRecordedAt().isAfter(written.plus(tolerance))) {
            reasons.add(reason(
                    AttestationRejectionCode.INVALID_ATTESTATION,
                    "recordedAt " + a.getRecordedAt() + " is after the record's own timestamp " + written
                            + " (tolerance " + tolerance + "); nothing is recorded after it was written: send the "
                            + "time the attestation was recorded and check the producer's clock."));
        }
    }

    private static void checkContact(Contact contact, List<AttestationRejectionReason> reasons) {
        if (isBlank(contact.getFirstName()) || isBlank(contact.getLastName())) {
            reasons.add(reason(
                    AttestationRejectionCode.CONTACT_INCOMPLETE,
                    "primaryContact needs the first and last name of the person who accepted for the customer."));
        }
        if (!ContactRules.isEmailAddress(contact.getEmail())) {
            // The address itself is personal data: the message names the problem, never the value.
            reasons.add(reason(
                    AttestationRejectionCode.CONTACT_EMAIL_INVALID,
                    "primaryContact email is missing or not a syntactically valid e-mail address (local-part@domain); "
                            + "send the address of the person who accepted for the customer."));
        }
    }

    private void checkTemplate(AgreementAttestation a, List<AttestationRejectionReason> reasons) {
        String templateId = a.getTemplateId();
        AgreementType templateType =
                templateId == null ? null : policy.templates().get(templateId);
        if (a.getAgreementType() == AgreementType.PROFESSIONAL_SECRECY_AGREEMENT) {
            // The partner's own written agreement has no Microsoft template; only a Microsoft one is a mix-up.
            if (templateType != null) {
                reasons.add(reason(
                        AttestationRejectionCode.TEMPLATE_MISMATCH,
                        "template " + templateId + " is the " + templateType
                                + " template, not a professional-secrecy agreement; omit templateId for it."));
            }
            return;
        }
        if (templateType == null) {
            reasons.add(reason(
                    AttestationRejectionCode.TEMPLATE_UNKNOWN,
                    (templateId == null ? "templateId is missing" : "template " + templateId + " is not known")
                            + "; use the " + a.getAgreementType()
                            + " template id that Partner Center returns for the agreement."));
        } else if (templateType != a.getAgreementType()) {
            reasons.add(reason(
                    AttestationRejectionCode.TEMPLATE_MISMATCH,
                    "template " + templateId + " belongs to " + templateType + " but the attestation is for "
                            + a.getAgreementType() + "."));
        }
    }

    private void checkAgreementStillAccepted(AgreementAttestation a, List<AttestationRejectionReason> reasons) {
        // A withdrawal must always be possible, whatever agreement it withdraws.
        if (a.getStatus() == AttestationStatus.ACTIVE
                && a.getAgreementType() == AgreementType.MICROSOFT_CLOUD_AGREEMENT
                && !a.getRecordedAt().isBefore(policy.cloudAgreementRetiredFrom())) {
            reasons.add(reason(
                    AttestationRejectionCode.AGREEMENT_NO_LONGER_ACCEPTED,
                    "The Microsoft Cloud Agreement is not accepted for attestations recorded from "
                            + policy.cloudAgreementRetiredFrom()
                            + "; the customer must accept the Microsoft Customer Agreement."));
        }
    }

    private static boolean isBlank(String s) {
        return ContactRules.isBlank(s);
    }

    private static AttestationRejectionReason reason(AttestationRejectionCode code, String message) {
        return new AttestationRejectionReason(code, message);
    }
}
