package io.agreementgate.runtime.demo;

import io.agreementgate.schema.ApprovedOrder;
import io.agreementgate.schema.AttestationRejectionReason;
import io.agreementgate.schema.Evidence;
import io.agreementgate.schema.OrderRejectionReason;
import io.agreementgate.schema.RejectedAttestation;
import io.agreementgate.schema.RejectedOrder;
import java.util.Locale;
import java.util.stream.Collectors;

/** One readable line per decision: outcome, order (or attestation) id, customer, and why. */
public final class DecisionLines {
    private DecisionLines() {}

    public static String approved(ApprovedOrder approved) {
        String why = approved.getExemption() != null
                ? "exempt: " + approved.getExemption()
                : "evidence: "
                        + approved.getEvidence().stream()
                                .map(DecisionLines::evidence)
                                .collect(Collectors.joining("; "));
        return String.format(
                Locale.ROOT,
                "%-20s order %-36s customer %-26s %s",
                "APPROVED",
                approved.getOrder().getOrderId(),
                approved.getOrder().getCustomerId(),
                why);
    }

    public static String rejected(RejectedOrder rejected) {
        String codes = rejected.getReasons().stream()
                .map(OrderRejectionReason::getCode)
                .map(Enum::name)
                .collect(Collectors.joining(", "));
        String waited = rejected.getWaitedMs() > 0
                ? String.format(Locale.ROOT, " (waited %.1f s)", rejected.getWaitedMs() / 1000.0)
                : "";
        return String.format(
                Locale.ROOT,
                "%-20s order %-36s customer %-26s %s%s",
                "REJECTED",
                rejected.getOrder().getOrderId(),
                rejected.getOrder().getCustomerId(),
                codes,
                waited);
    }

    public static String rejected(RejectedAttestation rejected) {
        String codes = rejected.getReasons().stream()
                .map(AttestationRejectionReason::getCode)
                .map(Enum::name)
                .collect(Collectors.joining(", "));
        return String.format(
                Locale.ROOT,
                "%-20s attestation %-30s customer %-26s %s",
                "ATTESTATION REJECTED",
                rejected.getAttestation().getAttestationId(),
                rejected.getAttestation().getCustomerId(),
                codes);
    }

    private static String evidence(Evidence e) {
        return e.getAgreementType() + " by " + e.getAttestedBy() + " (" + e.getAttestationId() + ")";
    }
}
