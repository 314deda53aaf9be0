package io.agreementgate.topology;

import io.agreementgate.schema.AttestationRejectionCode;
import io.agreementgate.schema.OrderRejectionCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The labels of the gate's decision metrics, shared by the topology (which counts) and the runtime (which exports every
 * known series from start-up, so that {@code rate()} and alerts work before the first decision).
 *
 * <p>Each series is one Kafka Streams sensor per stream thread in group {@code stream-agreement-gate-metrics}, tagged
 * {@value #METRIC_TAG} (which counter), {@value #KIND_TAG}, {@value #OUTCOME_TAG} and {@value #REASON_TAG}.
 *
 * @param metric {@link #DECISIONS}, {@link #REJECTION_REASONS} or {@link #ORDERS_WAITED}
 * @param kind {@code order} or {@code attestation}
 * @param outcome what was decided ({@code approved}, {@code rejected}, ...); empty for the reason counter
 * @param reason why, in lower-case snake case (a rejection code, {@code attested}, {@code exempt}, ...)
 */
public record DecisionSeries(String metric, String kind, String outcome, String reason) {

    /** One per decision; a rejection is labelled with its first reason. */
    public static final String DECISIONS = "decisions";
    /** One per reason of each rejection (a rejection may have several). */
    public static final String REJECTION_REASONS = "rejection-reasons";
    /** Orders that started waiting for an attestation (decided later, and counted then in {@link #DECISIONS}). */
    public static final String ORDERS_WAITED = "orders-waited";

    public static final String METRIC_TAG = "gate-metric";
    public static final String KIND_TAG = "kind";
    public static final String OUTCOME_TAG = "outcome";
    public static final String REASON_TAG = "reason";

    public static final String ORDER = "order";
    public static final String ATTESTATION = "attestation";

    static DecisionSeries decision(String kind, String outcome, String reason) {
        return new DecisionSeries(DECISIONS, kind, outcome, reason);
    }

    static DecisionSeries rejectionReason(String kind, Enum<?> code) {
        return new DecisionSeries(REJECTION_REASONS, kind, "", label(code));
    }

    static DecisionSeries ordersWaited() {
        return new DecisionSeries(ORDERS_WAITED, ORDER, "", "");
    }

    /** Every series the gate can count. */
    public static List<DecisionSeries> all() {
        List<DecisionSeries> all = new ArrayList<>();
        all.add(decision(ORDER, "approved", "attested"));
        all.add(decision(ORDER, "approved", "exempt"));
        all.add(decision(ORDER, "dropped", "duplicate_approved_order"));
        all.add(decision(ATTESTATION, "applied", "valid"));
        all.add(decision(ATTESTATION, "unchanged", "already_known"));
        for (OrderRejectionCode code : OrderRejectionCode.values()) {
            all.add(decision(ORDER, "rejected", label(code)));
            all.add(rejectionReason(ORDER, code));
        }
        for (AttestationRejectionCode code : AttestationRejectionCode.values()) {
            all.add(decision(ATTESTATION, "rejected", label(code)));
            all.add(rejectionReason(ATTESTATION, code));
        }
        all.add(ordersWaited());
        return all;
    }

    static String label(Enum<?> code) {
        return code.name().toLowerCase(Locale.ROOT);
    }

    /** The Kafka Streams operation name: unique per series, since Kafka Streams names a sensor by it. */
    String operation() {
        return String.join("-", metric, kind, outcome, reason).replace('_', '-').replaceAll("-+", "-");
    }

    /** Tag key/value pairs for {@code StreamsMetrics.addRateTotalSensor}. */
    String[] tags() {
        return new String[] {METRIC_TAG, metric, KIND_TAG, kind, OUTCOME_TAG, outcome, REASON_TAG, reason};
    }
}
