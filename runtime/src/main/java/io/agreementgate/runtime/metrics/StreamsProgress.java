package io.agreementgate.runtime.metrics;

import io.agreementgate.runtime.gate.GateHealth;
import io.agreementgate.topology.streams.ParkingLot;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What the instance does, read from Kafka Streams' own metrics (no I/O): records processed, whether its consumers
 * reach the cluster and whether records wait. {@link GateHealth} turns a series of these samples into a verdict.
 *
 * <ul>
 *   <li>progress: the stream threads' {@code process-total}, the undecodable records dead-lettered (counted by the
 *       handler: Kafka Streams' {@code dropped-records-total} also counts the records parked for a registry outage,
 *       which are not done with) and the gate's decision counters, summed so that a replaced thread does not count
 *       down, less the records parked: Kafka Streams counts every read of a parked copy in {@code process-total}, so
 *       a record parked again and again during an outage would otherwise look like a gate at work. Reported as a
 *       high-water mark, so that the two counts being read a moment apart never look like progress;
 *   <li>reachable: a stream thread's main consumer has a connection ({@code connection-count}); a healthy consumer
 *       always holds one to its group coordinator, heartbeating every few seconds;
 *   <li>waiting: consumer lag ({@code records-lag}) above 0 on a partition the instance owns, or a main consumer not
 *       polled for {@link #STUCK_POLL_SECONDS} (its thread is busy with, or blocked on, records it fetched: a hanging
 *       registry, a record that takes minutes to read), or a record parked in the last {@link #STUCK_POLL_SECONDS}
 *       plus the longest back-off between its tries (a registry outage: its partition is held between tries, so the
 *       lag may read 0).
 * </ul>
 */
public final class StreamsProgress {
    /**
     * A stream thread comes back to poll every few milliseconds while it runs (poll.ms 100, batches of at most
     * max.poll.records): several seconds without a poll means it is stuck in its work.
     */
    static final int STUCK_POLL_SECONDS = 5;

    private static final String MAIN_CONSUMER = "-consumer";
    private static final String RESTORE_CONSUMER = "-restore-consumer";

    private final Supplier<KafkaStreams> streams;
    private final MonotonicMetricSums<String> progress;
    private final LongSupplier parked;
    private final LongSupplier deadLettered;
    private long parkedBefore;
    private double highWater;
    private Long lastParked;

    /**
     * @param parked records parked so far (a count that never goes down)
     * @param deadLettered undecodable records dead-lettered so far (a count that never goes down)
     */
    public StreamsProgress(Supplier<KafkaStreams> streams, LongSupplier parked, LongSupplier deadLettered) {
        this.streams = streams;
        this.parked = parked;
        this.deadLettered = deadLettered;
        this.progress = new MonotonicMetricSums<>(streams, StreamsProgress::progressKey);
    }

    private static String progressKey(MetricName name) {
        boolean counted = switch (name.group()) {
            case "stream-thread-metrics" -> name.name().equals("process-total");
            case GateMeters.DECISION_GROUP -> name.name().endsWith("-total");
            default -> false;
        };
        return counted ? "progress" : null;
    }

    /** A sample now; with no Kafka Streams instance yet, nothing processed, reachable and nothing waiting. */
    public synchronized GateHealth.Progress sample() {
        KafkaStreams instance = streams.get();
        long parkedNow = parked.getAsLong();
        long now = System.nanoTime();
        if (parkedNow > parkedBefore) {
            lastParked = now;
        }
        parkedBefore = parkedNow;
        // A record parked lately waits undecided, though the lag may read 0 between its copies and a copy may take
        // more than a sample's second to come round (a look-up waits up to 2 s for a hanging registry).
        // Retries back off to ParkingLot.MAX_HOLD apart: a record parked within that and the margin still waits.
        boolean parking = lastParked != null
                && now - lastParked < TimeUnit.SECONDS.toNanos(STUCK_POLL_SECONDS) + ParkingLot.MAX_HOLD.toNanos();
        highWater = Math.max(highWater, progress.total("progress") + deadLettered.getAsLong() - parkedNow);
        double processed = highWater;
        if (instance == null) {
            return new GateHealth.Progress(processed, true, parking);
        }
        boolean anyConsumer = false;
        boolean connected = false;
        boolean waiting = parking;
        for (Map.Entry<MetricName, ? extends Metric> entry : instance.metrics().entrySet()) {
            MetricName name = entry.getKey();
            String client = name.tags().get("client-id");
            if (client == null || !client.endsWith(MAIN_CONSUMER) || client.endsWith(RESTORE_CONSUMER)) {
                continue;
            }
            double value = number(entry.getValue());
            if (name.group().equals("consumer-metrics")) {
                if (name.name().equals("connection-count")) {
                    anyConsumer = true;
                    connected |= value > 0;
                } else if (name.name().equals("last-poll-seconds-ago")) {
                    waiting |= value >= STUCK_POLL_SECONDS;
                }
            } else if (name.group().equals("consumer-fetch-manager-metrics")
                    && name.name().equals("records-lag")
                    && name.tags().containsKey("partition")) {
                waiting |= value > 0;
            }
        }
        return new GateHealth.Progress(processed, connected || !anyConsumer, waiting);
    }

    private static double number(Metric metric) {
        return metric.metricValue() instanceof Number n && !Double.isNaN(n.doubleValue()) ? n.doubleValue() : 0;
    }
}
