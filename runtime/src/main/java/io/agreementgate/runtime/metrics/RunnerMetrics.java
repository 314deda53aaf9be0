package io.agreementgate.runtime.metrics;

import io.agreementgate.topology.config.GateConfig;
import io.agreementgate.topology.streams.HandledRecords;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * A running gate's meters: the gate's own series, Kafka Streams' and the JVM's, in one Prometheus registry, with the
 * thread that refreshes Kafka Streams' metrics. The runner stops the readers before it closes Kafka Streams.
 */
public final class RunnerMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "gate-metrics-refresh");
        thread.setDaemon(true);
        return thread;
    });
    private KafkaStreamsMetrics streamsMetrics;
    /** Held for the meters: Micrometer references their state weakly. */
    @SuppressWarnings("UnusedVariable") // written, never read: the strong reference is its whole purpose
    private GateMeters gateMeters;

    public PrometheusMeterRegistry meters() {
        return meters;
    }

    /** Before Kafka Streams is created: the decision-latency histogram, whose interceptor goes into its settings. */
    public DecisionLatency prepare(GateConfig config) {
        GateMeters.hideRawDecisionSensors(meters);
        return DecisionLatency.register(
                meters, Set.of(config.topics().approvedOrders(), config.topics().rejectedOrders()));
    }

    /** Once Kafka Streams is created: its metrics, the gate's series and the JVM's. */
    public void bind(
            KafkaStreams created,
            Supplier<KafkaStreams> current,
            GateConfig config,
            HandledRecords handled,
            Duration refresh) {
        streamsMetrics = new KafkaStreamsMetrics(
                created, List.of(Tag.of("application.id", config.applicationId())), refresher, refresh);
        streamsMetrics.bindTo(meters);
        gateMeters = GateMeters.bind(meters, current, config, handled);
        new JvmMemoryMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        new UptimeMetrics().bindTo(meters);
    }

    /**
     * Stops reading Kafka Streams' metrics: reading a store's gauges while Kafka Streams closes the store has crashed
     * the JVM in native RocksDB code (see StreamsDefaults), and nothing needs fresh metrics during a shutdown.
     */
    public void stopReading() {
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        refresher.shutdownNow();
    }

    @Override
    public void close() {
        stopReading();
        meters.close();
    }
}
