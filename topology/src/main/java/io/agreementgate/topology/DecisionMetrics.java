package io.agreementgate.topology;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * Counts decisions as Kafka Streams custom metrics labelled by {@link DecisionSeries} (group {@code
 * stream-agreement-gate-metrics}); the runtime exports them as labelled Prometheus counters. The sensors belong to
 * the stream thread and are shared by all its tasks, so a closing task must not remove them (the others would lose
 * their counts); asking again for an existing sensor returns it.
 *
 * <p>The processors name what happened ({@code order-approved}, {@code order-rejected} followed by one {@link
 * #recordCode} per reason, ...). A rejection is counted as a decision when its first reason is recorded, so that it
 * carries that reason; every reason is also counted on its own.
 */
final class DecisionMetrics {
    private static final Map<String, DecisionSeries> EVENTS = Map.of(
            "order-approved", DecisionSeries.decision(DecisionSeries.ORDER, "approved", "attested"),
            "order-approved-exempt", DecisionSeries.decision(DecisionSeries.ORDER, "approved", "exempt"),
            "duplicate-approved-order-dropped",
                    DecisionSeries.decision(DecisionSeries.ORDER, "dropped", "duplicate_approved_order"),
            "attestation-applied", DecisionSeries.decision(DecisionSeries.ATTESTATION, "applied", "valid"),
            "attestation-unchanged", DecisionSeries.decision(DecisionSeries.ATTESTATION, "unchanged", "already_known"),
            "order-waiting", DecisionSeries.ordersWaited());
    private static final Map<String, String> REJECTIONS =
            Map.of("order-rejected", DecisionSeries.ORDER, "attestation-rejected", DecisionSeries.ATTESTATION);

    private final StreamsMetrics metrics;
    private final String entity;
    private final Map<DecisionSeries, Sensor> sensors = new HashMap<>();
    /** The kind of the rejection whose first reason is still to come, or null. */
    private String rejectionAwaitingReason;

    DecisionMetrics(StreamsMetrics metrics, String entity) {
        this.metrics = metrics;
        this.entity = entity;
    }

    void record(String event) {
        String rejectedKind = REJECTIONS.get(event);
        if (rejectedKind != null) {
            rejectionAwaitingReason = rejectedKind;
            return;
        }
        DecisionSeries series = EVENTS.get(event);
        if (series == null) {
            throw new IllegalArgumentException("unknown decision event " + event);
        }
        count(series);
    }

    void recordCode(String rejectionEvent, Enum<?> code) {
        String kind = REJECTIONS.get(rejectionEvent);
        if (kind == null) {
            throw new IllegalArgumentException("not a rejection event: " + rejectionEvent);
        }
        if (kind.equals(rejectionAwaitingReason)) {
            count(DecisionSeries.decision(kind, "rejected", DecisionSeries.label(code)));
            rejectionAwaitingReason = null;
        }
        count(DecisionSeries.rejectionReason(kind, code));
    }

    private void count(DecisionSeries series) {
        sensors.computeIfAbsent(
                        series,
                        s -> metrics.addRateTotalSensor(
                                GateNames.METRICS_SCOPE, entity, s.operation(), Sensor.RecordingLevel.INFO, s.tags()))
                .record();
    }
}
