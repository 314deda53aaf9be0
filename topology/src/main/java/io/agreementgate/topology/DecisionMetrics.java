package io.agreementgate.topology;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * Counts decisions by outcome and reason as Kafka Streams custom metrics (group
 * {@code stream-agreement-gate-metrics}, {@code <operation>-total} and {@code -rate}), so any Kafka Streams metrics
 * exporter reports them. The sensors belong to the stream thread and are shared by all its tasks, so a closing task
 * must not remove them (the others would lose their counts); asking again for an existing sensor returns it.
 */
final class DecisionMetrics {
    private final StreamsMetrics metrics;
    private final String entity;
    private final Map<String, Sensor> sensors = new HashMap<>();

    DecisionMetrics(StreamsMetrics metrics, String entity) {
        this.metrics = metrics;
        this.entity = entity;
    }

    void record(String operation) {
        sensors.computeIfAbsent(
                        operation,
                        op -> metrics.addRateTotalSensor(
                                GateNames.METRICS_SCOPE, entity, op, Sensor.RecordingLevel.INFO))
                .record();
    }

    void recordCode(String outcome, Enum<?> code) {
        record(outcome + "-" + code.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
}
