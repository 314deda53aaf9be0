package io.agreementgate.runtime.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * End-to-end decision latency: from the order's record timestamp (its append time on a topic with {@code
 * LogAppendTime}, else the producer's time) to the moment the gate sends the decision, which carries that timestamp.
 * Measured by {@link DecisionLatencyInterceptor} on the gate's producers, so it covers the wait for a late attestation
 * and the time an order spent in Kafka before the gate read it.
 */
public final class DecisionLatency {
    /** The key under which the interceptor finds this object among its producer's settings. */
    static final String CONFIG_KEY = "agreement.gate.decision-latency";

    static final String METER = "agreement.gate.decision.latency";

    private static final Duration[] BUCKETS = {
        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60),
        Duration.ofSeconds(120), Duration.ofSeconds(300)
    };

    private final Timer timer;
    private final Set<String> decisionTopics;

    private DecisionLatency(Timer timer, Set<String> decisionTopics) {
        this.timer = timer;
        this.decisionTopics = Set.copyOf(decisionTopics);
    }

    /** Registers the histogram; {@link #streamsSettings} puts the interceptor that feeds it into Kafka Streams. */
    public static DecisionLatency register(MeterRegistry registry, Set<String> decisionTopics) {
        Timer timer = Timer.builder(METER)
                .description("Order record timestamp to decision sent, per approved or rejected order")
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
        return new DecisionLatency(timer, decisionTopics);
    }

    /**
     * The Kafka Streams settings that install the interceptor on the gate's producers, after {@code configured}
     * (the producer interceptors already set, or null).
     */
    public Map<String, Object> streamsSettings(Object configured) {
        String ours = DecisionLatencyInterceptor.class.getName();
        return Map.of(
                StreamsConfig.producerPrefix(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG),
                configured == null || configured.toString().isBlank() ? ours : configured + "," + ours,
                StreamsConfig.producerPrefix(CONFIG_KEY),
                this);
    }

    /** The key of the producer interceptors among Kafka Streams' settings. */
    public static String interceptorsKey() {
        return StreamsConfig.producerPrefix(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG);
    }

    void recordSent(String topic, Long timestamp, long nowMs) {
        if (timestamp != null && decisionTopics.contains(topic)) {
            timer.record(Duration.ofMillis(Math.max(0, nowMs - timestamp)));
        }
    }
}
