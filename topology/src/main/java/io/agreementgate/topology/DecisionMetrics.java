package io.agreementgate.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * Counts decisions by outcome and reason as Kafka Streams custom metrics (group
 * {@code stream-agreement-gate-metrics}, {@code <operation>-total} and {@code -rate}), so any Kafka Streams metrics
 * exporter reports them. One instance per processor instance; sensors are removed on close so a task can be
 * re-created after a rebalance.
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

    void close() {
        List<Sensor> all = new ArrayList<>(sensors.values());
        sensors.clear();
        all.forEach(metrics::removeSensor);
    }
}
