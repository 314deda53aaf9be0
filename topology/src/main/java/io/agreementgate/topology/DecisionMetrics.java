package io.agreementgate.topology;

import io.agreementgate.schema.ApprovedOrder;
import io.agreementgate.schema.AttestationRejectionReason;
import io.agreementgate.schema.OrderRejectionReason;
import io.agreementgate.schema.RejectedAttestation;
import io.agreementgate.schema.RejectedOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * Counts decisions as Kafka Streams custom metrics labelled by {@link DecisionSeries} (group {@code
 * stream-agreement-gate-metrics}); the runtime exports them as labelled Prometheus counters. The sensors belong to
 * the stream thread and are shared by all its tasks, so a closing task must not remove them (the others would lose
 * their counts); asking again for an existing sensor returns it.
 *
 * <p>A rejection is one decision, labelled with its first reason (a rejection always has one), and each of its reasons
 * is counted on its own.
 */
final class DecisionMetrics {
    private static final DecisionSeries ATTESTED =
            DecisionSeries.decision(DecisionSeries.ORDER, "approved", "attested");
    private static final DecisionSeries EXEMPT = DecisionSeries.decision(DecisionSeries.ORDER, "approved", "exempt");
    private static final DecisionSeries DUPLICATE =
            DecisionSeries.decision(DecisionSeries.ORDER, "dropped", "duplicate_approved_order");
    private static final DecisionSeries APPLIED =
            DecisionSeries.decision(DecisionSeries.ATTESTATION, "applied", "valid");
    private static final DecisionSeries UNCHANGED =
            DecisionSeries.decision(DecisionSeries.ATTESTATION, "unchanged", "already_known");
    private static final DecisionSeries WAITED = DecisionSeries.ordersWaited();

    private final StreamsMetrics metrics;
    private final String entity;
    private final Map<DecisionSeries, Sensor> sensors = new HashMap<>();

    /** @param entity the processor the series are counted for (Kafka Streams' {@code agreement-gate-id} tag) */
    DecisionMetrics(StreamsMetrics metrics, String entity) {
        this.metrics = metrics;
        this.entity = entity;
    }

    void approved(ApprovedOrder order) {
        count(order.getExemption() == null ? ATTESTED : EXEMPT);
    }

    void rejected(RejectedOrder order) {
        List<OrderRejectionReason> reasons = order.getReasons();
        if (!reasons.isEmpty()) {
            count(DecisionSeries.decision(
                    DecisionSeries.ORDER,
                    "rejected",
                    DecisionSeries.label(reasons.get(0).getCode())));
        }
        reasons.forEach(r -> count(DecisionSeries.rejectionReason(DecisionSeries.ORDER, r.getCode())));
    }

    void rejected(RejectedAttestation attestation) {
        List<AttestationRejectionReason> reasons = attestation.getReasons();
        if (!reasons.isEmpty()) {
            count(DecisionSeries.decision(
                    DecisionSeries.ATTESTATION,
                    "rejected",
                    DecisionSeries.label(reasons.get(0).getCode())));
        }
        reasons.forEach(r -> count(DecisionSeries.rejectionReason(DecisionSeries.ATTESTATION, r.getCode())));
    }

    /** A re-sent order whose id was approved before. */
    void duplicateDropped() {
        count(DUPLICATE);
    }

    /** An order started waiting for an attestation; its decision is counted when it is made. */
    void waiting() {
        count(WAITED);
    }

    void attestationApplied() {
        count(APPLIED);
    }

    void attestationUnchanged() {
        count(UNCHANGED);
    }

    private void count(DecisionSeries series) {
        sensors.computeIfAbsent(
                        series,
                        s -> metrics.addRateTotalSensor(
                                GateNames.METRICS_SCOPE, entity, s.operation(), Sensor.RecordingLevel.INFO, s.tags()))
                .record();
    }
}
