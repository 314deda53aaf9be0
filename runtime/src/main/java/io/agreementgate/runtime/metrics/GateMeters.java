package io.agreementgate.runtime.metrics;

import io.agreementgate.topology.DecisionSeries;
import io.agreementgate.topology.NewerContractSeries;
import io.agreementgate.topology.ReroutedSeries;
import io.agreementgate.topology.config.GateConfig;
import io.agreementgate.topology.streams.HandledRecords;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The gate's own Prometheus metrics, every series registered at start-up (at zero) so that {@code rate()} and alerts
 * work before the first decision. Names as Prometheus shows them:
 *
 * <ul>
 *   <li>{@code agreement_gate_decisions_total{kind,outcome,reason}}: one per decision, a rejection under its first
 *       reason;
 *   <li>{@code agreement_gate_rejection_reasons_total{kind,reason}}: every reason of every rejection;
 *   <li>{@code agreement_gate_orders_waited_total}: orders that started waiting for an attestation;
 *   <li>{@code agreement_gate_rerouted_records_total{topic,cause}}: input records moved through a repartition topic
 *       before they were decided: {@code cause="partition"} for one not on the partition Kafka's default placement
 *       gives its key (a CRC32 or hand-placing producer), {@code cause="key"} for an order keyed otherwise;
 *   <li>{@code agreement_gate_waiting_orders}: orders waiting now on this instance;
 *   <li>{@code agreement_gate_dead_lettered_records_total}: input records sent to the dead-letter topic;
 *   <li>{@code agreement_gate_parked_records_total}: input records parked during a schema registry outage;
 *   <li>{@code agreement_gate_newer_contract_records_total{topic,field}}: input records written with a newer contract
 *       than the gate knows ({@link NewerContractSeries});
 *   <li>{@code agreement_gate_decision_latency_seconds} (histogram): see {@link DecisionLatency};
 *   <li>{@code agreement_gate_streams_state{state}}: 1 for the Kafka Streams state this instance is in, else 0;
 *   <li>{@code agreement_gate_info{version,policy_version,application_id,kafka_version}}: always 1.
 * </ul>
 *
 * The per-thread Kafka Streams sensors behind the decision counters are hidden from the Kafka Streams binder's output,
 * so each count appears once, under its labelled name.
 */
public final class GateMeters {
    /** Kafka Streams' group for the topology's sensors, as the Kafka Streams binder names its meters. */
    private static final String HIDDEN_PREFIX = "kafka.stream.agreement.gate";

    static final String DECISION_GROUP = "stream-agreement-gate-metrics";
    private static final String TASK_GROUP = "stream-task-metrics";
    private static final String DROPPED_RECORDS = "dropped-records-total";

    // Micrometer holds function meters' state weakly: these must live as long as the gate does.
    private final MonotonicMetricSums<DecisionSeries> decisions;
    private final MonotonicMetricSums<ReroutedSeries> rerouted;
    private final MonotonicMetricSums<String> dropped;
    private final MonotonicMetricSums<NewerContractSeries> newerContracts;
    private final WaitingOrdersCount waiting;
    private final HandledRecords handled;
    private double deadLetteredSoFar;

    private final Supplier<KafkaStreams> streams;

    private GateMeters(Supplier<KafkaStreams> streams, HandledRecords handled) {
        this.streams = streams;
        this.handled = handled;
        decisions = new MonotonicMetricSums<>(streams, GateMeters::decisionSeries);
        rerouted = new MonotonicMetricSums<>(streams, GateMeters::reroutedSeries);
        dropped = new MonotonicMetricSums<>(
                streams,
                name -> name.group().equals(TASK_GROUP) && name.name().equals(DROPPED_RECORDS)
                        ? DROPPED_RECORDS
                        : null);
        waiting = new WaitingOrdersCount(streams);
        newerContracts = new MonotonicMetricSums<>(streams, GateMeters::newerContractSeries);
    }

    /**
     * Dropped less parked, never going down: a record is parked before Kafka Streams counts it as dropped, so the
     * difference can dip by a record for a moment.
     */
    private synchronized double deadLettered() {
        deadLetteredSoFar = Math.max(deadLetteredSoFar, dropped.total(DROPPED_RECORDS) - handled.parked());
        return deadLetteredSoFar;
    }

    /** Call before binding Kafka Streams' metrics: the filter applies to meters registered after it. */
    public static void hideRawDecisionSensors(MeterRegistry registry) {
        registry.config().meterFilter(MeterFilter.denyNameStartsWith(HIDDEN_PREFIX));
    }

    /** Registers every gate meter; keep the answer for as long as the meters are scraped. */
    public static GateMeters bind(
            MeterRegistry registry, Supplier<KafkaStreams> streams, GateConfig config, HandledRecords handled) {
        GateMeters meters = new GateMeters(streams, handled);
        meters.register(registry, config);
        return meters;
    }

    private void register(MeterRegistry registry, GateConfig config) {
        for (DecisionSeries series : DecisionSeries.all()) {
            FunctionCounter.Builder<MonotonicMetricSums<DecisionSeries>> counter = switch (series.metric()) {
                case DecisionSeries.DECISIONS ->
                    FunctionCounter.builder("agreement.gate.decisions", decisions, sums -> sums.total(series))
                            .description("Decisions, by kind, outcome and (first) reason")
                            .tags("kind", series.kind(), "outcome", series.outcome(), "reason", series.reason());
                case DecisionSeries.REJECTION_REASONS ->
                    FunctionCounter.builder("agreement.gate.rejection.reasons", decisions, sums -> sums.total(series))
                            .description("Reasons of rejections; a rejection may have several")
                            .tags("kind", series.kind(), "reason", series.reason());
                default ->
                    FunctionCounter.builder("agreement.gate.orders.waited", decisions, sums -> sums.total(series))
                            .description("Orders that started waiting for an attestation");
            };
            counter.register(registry);
        }

        for (ReroutedSeries series : ReroutedSeries.all(config.topics())) {
            FunctionCounter.builder("agreement.gate.rerouted.records", rerouted, sums -> sums.total(series))
                    .description("Input records moved to their customer's partition through a repartition topic, by "
                            + "input topic and cause (partition: not where Kafka's default placement puts the key; "
                            + "key: an order keyed otherwise)")
                    .tags("topic", series.topic(), "cause", series.cause())
                    .register(registry);
        }

        for (NewerContractSeries series : NewerContractSeries.all(config.topics())) {
            FunctionCounter.builder("agreement.gate.newer.contract.records", newerContracts, sums -> sums.total(series))
                    .description("Input records written with a newer contract than the gate knows, by topic and by "
                            + "field with a symbol the gate does not know, or (unknown fields)")
                    .tags("topic", series.topic(), "field", series.field())
                    .register(registry);
        }

        // Kafka Streams counts a parked record as dropped too; it is not a dead letter (see DeadLetterOrRetryHandler).
        FunctionCounter.builder("agreement.gate.dead.lettered.records", this, GateMeters::deadLettered)
                .description("Input records the gate could not decode and sent to the dead-letter topic")
                .register(registry);
        FunctionCounter.builder("agreement.gate.parked.records", handled, HandledRecords::parked)
                .description("Input records parked during a schema registry outage: written again to the end of their"
                        + " partition, to be decided once the registry answers")
                .register(registry);

        Gauge.builder("agreement.gate.waiting.orders", waiting, WaitingOrdersCount::count)
                .description("Orders waiting for an attestation on this instance")
                .register(registry);

        // One series per state, 1 for the current one: alerts can say "not RUNNING" without decoding numbers.
        for (KafkaStreams.State state : KafkaStreams.State.values()) {
            Gauge.builder("agreement.gate.streams.state", this, m -> m.inState(state) ? 1 : 0)
                    .description("Kafka Streams state of this instance: 1 for the current state")
                    .tag("state", state.name())
                    .register(registry);
        }

        Gauge.builder("agreement.gate.info", () -> 1)
                .description("Build and policy of this gate; always 1")
                .tags(
                        "version",
                        version(),
                        "policy_version",
                        config.policy().version(),
                        "application_id",
                        config.applicationId(),
                        "kafka_version",
                        kafkaVersion())
                .register(registry);
    }

    private boolean inState(KafkaStreams.State state) {
        KafkaStreams instance = streams.get();
        return instance != null && instance.state() == state;
    }

    private static DecisionSeries decisionSeries(MetricName name) {
        if (!name.group().equals(DECISION_GROUP) || !name.name().endsWith("-total")) {
            return null;
        }
        Map<String, String> tags = name.tags();
        String metric = tags.get(DecisionSeries.METRIC_TAG);
        if (metric == null || metric.equals(ReroutedSeries.METRIC)) {
            return null;
        }
        return new DecisionSeries(
                metric,
                tags.get(DecisionSeries.KIND_TAG),
                tags.get(DecisionSeries.OUTCOME_TAG),
                tags.get(DecisionSeries.REASON_TAG));
    }

    private static ReroutedSeries reroutedSeries(MetricName name) {
        if (!name.group().equals(DECISION_GROUP)
                || !name.name().endsWith("-total")
                || !ReroutedSeries.METRIC.equals(name.tags().get(DecisionSeries.METRIC_TAG))) {
            return null;
        }
        return new ReroutedSeries(
                name.tags().get(ReroutedSeries.TOPIC_TAG), name.tags().get(ReroutedSeries.CAUSE_TAG));
    }

    private static NewerContractSeries newerContractSeries(MetricName name) {
        if (!name.group().equals(DECISION_GROUP) || !name.name().endsWith("-total")) {
            return null;
        }
        String topic = name.tags().get(NewerContractSeries.TOPIC_TAG);
        return topic == null ? null : new NewerContractSeries(topic, name.tags().get(NewerContractSeries.FIELD_TAG));
    }

    /** Kafka's client version, from the resource its own version reporting reads. */
    static String kafkaVersion() {
        try (InputStream in = KafkaStreams.class.getResourceAsStream("/kafka/kafka-version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The runtime jar's version from its manifest; {@code dev} when run from classes. */
    static String version() {
        return Optional.ofNullable(GateMeters.class.getPackage().getImplementationVersion())
                .orElse("dev");
    }
}
