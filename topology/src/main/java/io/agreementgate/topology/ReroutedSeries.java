package io.agreementgate.topology;

import io.agreementgate.topology.config.GateTopics;
import io.agreementgate.topology.config.Topics;
import java.util.List;

/**
 * The labels of the gate's re-routing counter, shared by the topology (which counts) and the runtime (which exports
 * every series from start-up at zero): input records that took the extra hop through a repartition topic before they
 * were decided. One Kafka Streams sensor per stream thread in group {@code stream-agreement-gate-metrics}, tagged
 * {@value DecisionSeries#METRIC_TAG}={@value #METRIC}, {@value #TOPIC_TAG} and {@value #CAUSE_TAG}.
 *
 * @param topic the input topic the record was read from
 * @param cause {@link #PARTITION} (keyed by its customer, but not on the partition Kafka's default placement gives
 *     that key) or {@link #KEY} (an order keyed by something else, or unkeyed: re-keyed by its customer)
 */
public record ReroutedSeries(String topic, String cause) {
    public static final String METRIC = "rerouted-records";
    public static final String TOPIC_TAG = "topic";
    public static final String CAUSE_TAG = "cause";

    public static final String PARTITION = "partition";
    public static final String KEY = "key";

    /** Every series the gate can count with these topic names: attestations are never re-keyed (a key mismatch is a
     * rejection), so they have no {@link #KEY} series. */
    public static List<ReroutedSeries> all(Topics topics) {
        return List.of(
                new ReroutedSeries(topics.name(GateTopics.ORDERS), PARTITION),
                new ReroutedSeries(topics.name(GateTopics.ORDERS), KEY),
                new ReroutedSeries(topics.name(GateTopics.ATTESTATIONS), PARTITION));
    }

    /** The Kafka Streams operation name: unique per series, since Kafka Streams names a sensor by it. */
    String operation() {
        return METRIC + "-" + topic + "-" + cause;
    }

    /** Tag key/value pairs for {@code StreamsMetrics.addRateTotalSensor}. */
    String[] tags() {
        return new String[] {DecisionSeries.METRIC_TAG, METRIC, TOPIC_TAG, topic, CAUSE_TAG, cause};
    }
}
