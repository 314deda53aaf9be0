package io.agreementgate.topology;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, for a processor reading an input topic, whether a record must first be moved to the partition of its
 * customer (see {@link Placement}), and counts ({@link ReroutedSeries}) and reports the records that are. One per
 * processor instance; a record taking the hop goes through a named repartition topic, whose sink places it by
 * murmur2 like Kafka's Java producer, so it arrives at the task that holds its customer's state.
 */
final class Rerouting {
    private static final Logger LOG = LoggerFactory.getLogger(Rerouting.class);

    private final Placement placement;
    private final MisplacementReports reports;
    private final String repartition;
    private ProcessorContext<?, ?> context;
    private Sensor misplaced;
    private Sensor rekeyed;

    /** @param repartition the name the repartition topic is given in {@link GateNames} */
    Rerouting(Placement placement, MisplacementReports reports, String repartition) {
        this.placement = placement;
        this.reports = reports;
        this.repartition = repartition;
    }

    /**
     * Registers the counters at zero, so that they are exported before the first re-routed record.
     *
     * @param inputTopic the input topic the processor reads
     * @param rekeys whether records keyed otherwise are re-keyed (orders) and counted as such
     */
    void init(ProcessorContext<?, ?> context, String entity, String inputTopic, boolean rekeys) {
        this.context = context;
        misplaced = sensor(context, entity, new ReroutedSeries(inputTopic, ReroutedSeries.PARTITION));
        if (rekeys) {
            rekeyed = sensor(context, entity, new ReroutedSeries(inputTopic, ReroutedSeries.KEY));
        }
    }

    /** Whether the current record, keyed {@code key}, is not on its customer's partition; counts and reports it if so. */
    boolean misplaced(String key) {
        RecordMetadata metadata = context.recordMetadata().orElse(null);
        if (metadata == null || !placement.misplaced(key, metadata.partition())) {
            return false;
        }
        misplaced.record();
        if (reports.firstTime(metadata.topic(), metadata.partition())) {
            LOG.warn(
                    "Records on {}-{} are not on the partition Kafka's default placement (murmur2 of the key) gives "
                            + "their customer; the gate moves each through {}-{}-repartition before deciding it, one "
                            + "extra hop per record (counted in agreement_gate_rerouted_records_total). Their producer "
                            + "most likely places keyed records by CRC32, the default of librdkafka-based clients "
                            + "(Python, Go, .NET, C/C++): set partitioner=murmur2_random there, and let it choose the "
                            + "partition (no explicit partition), to avoid the hop. Logged once per topic-partition.",
                    metadata.topic(),
                    metadata.partition(),
                    context.applicationId(),
                    repartition);
        }
        return true;
    }

    /** Counts an order keyed by something other than its customer (or unkeyed), re-keyed on its way. */
    void rekeyed() {
        rekeyed.record();
    }

    private static Sensor sensor(ProcessorContext<?, ?> context, String entity, ReroutedSeries series) {
        return context.metrics()
                .addRateTotalSensor(
                        GateNames.METRICS_SCOPE, entity, series.operation(), Sensor.RecordingLevel.INFO, series.tags());
    }
}
