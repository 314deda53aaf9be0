package io.agreementgate.runtime.metrics;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Sums Kafka Streams counters (one per stream thread or task) into one total per key that never goes down. Kafka
 * Streams removes a thread's or task's metrics when the thread is replaced or the task moves; their last value is
 * kept, so a Prometheus counter built on the sum only resets when the process does. Read at scrape time, at most
 * once per {@link #REFRESH_NANOS} for all keys.
 *
 * @param <K> what a metric counts towards; the classifier returns null for metrics that count towards nothing
 */
final class MonotonicMetricSums<K> {
    private static final long REFRESH_NANOS = 200_000_000L;

    private final Supplier<KafkaStreams> streams;
    private final Function<MetricName, K> classifier;
    private final Map<K, Double> retired = new HashMap<>();
    private Map<MetricName, Double> lastSeen = new HashMap<>();
    private Map<K, Double> current = new HashMap<>();
    private long refreshedAt;
    private boolean refreshed;

    MonotonicMetricSums(Supplier<KafkaStreams> streams, Function<MetricName, K> classifier) {
        this.streams = streams;
        this.classifier = classifier;
    }

    synchronized double total(K key) {
        long now = System.nanoTime();
        if (!refreshed || now - refreshedAt > REFRESH_NANOS) {
            refresh();
            refreshedAt = now;
            refreshed = true;
        }
        return current.getOrDefault(key, 0.0) + retired.getOrDefault(key, 0.0);
    }

    private void refresh() {
        KafkaStreams instance = streams.get();
        if (instance == null) {
            return;
        }
        Map<MetricName, Double> seen = new HashMap<>();
        instance.metrics().forEach((name, metric) -> {
            if (classifier.apply(name) != null && metric.metricValue() instanceof Number value) {
                seen.put(name, value.doubleValue());
            }
        });
        lastSeen.forEach((name, last) -> {
            Double now = seen.get(name);
            // Gone, or back under the same name from zero (a replaced thread): its count so far stays counted.
            if (now == null || now < last) {
                retired.merge(classifier.apply(name), last, Double::sum);
            }
        });
        Map<K, Double> sums = new HashMap<>();
        seen.forEach((name, value) -> sums.merge(classifier.apply(name), value, Double::sum));
        lastSeen = seen;
        current = sums;
    }
}
