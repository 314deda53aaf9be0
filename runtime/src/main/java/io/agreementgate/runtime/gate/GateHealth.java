package io.agreementgate.runtime.gate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Whether the gate is deciding orders, for {@code /health}. Kafka Streams' state alone says too little: it stays
 * RUNNING through a broker outage, a hanging registry or a record that takes minutes to read, and a stream thread that
 * dies and is replaced again and again keeps it REBALANCING or briefly RUNNING. So the verdict also looks at what the
 * instance does, sampled from Kafka Streams' own metrics ({@link Progress}, see
 * {@link io.agreementgate.runtime.metrics.StreamsProgress}). Down:
 *
 * <ul>
 *   <li>any state but RUNNING or REBALANCING, or REBALANCING for longer than the grace period;
 *   <li>Kafka unreachable (no stream thread's consumer holds a connection) for the stall time;
 *   <li>records waiting on this instance's input (or a stream thread stuck in its work) and nothing processed for the
 *       stall time, whatever the cause;
 *   <li>the state disk is full ({@link #diskFull(String)}), until records are processed again;
 *   <li>a stream thread died and nothing has been processed since, while records wait or for the stall time after the
 *       death (an idle gate whose thread died once is up again after that).
 * </ul>
 *
 * Up again at the first sample that shows records processed: a gate that decides again is healthy at once.
 */
public final class GateHealth {
    private final Clock clock;
    private final Duration grace;
    private final Duration stall;
    private KafkaStreams.State state = KafkaStreams.State.CREATED;
    private Instant stateSince;
    private Instant lastThreadDeath;
    private Double processed;
    private Instant lastSample;
    private Instant lastProgress;
    /** The first sample of the current run of samples that found Kafka unreachable; null while reachable. */
    private Instant unreachableSince;
    /** The first sample of the current run of samples that found records waiting; null while none wait. */
    private Instant waitingSince;

    private String diskFull;
    private Instant diskFullSince;
    /** The last sample of the state disk's free space found it below the minimum (see {@link #stateDiskSpace}). */
    private boolean spaceLow;

    /**
     * @param grace how long REBALANCING may last
     * @param stall how long Kafka may be unreachable, or records wait with nothing processed, before the gate is down
     */
    public GateHealth(Clock clock, Duration grace, Duration stall) {
        this.clock = clock;
        this.grace = grace;
        this.stall = stall;
        Instant now = clock.instant();
        this.stateSince = now;
        this.lastProgress = now;
    }

    /** The verdict and why, e.g. "processing" or "records waiting and nothing processed for 31 s". */
    public record Verdict(boolean up, KafkaStreams.State state, String reason) {}

    /**
     * One sample of what the instance does.
     *
     * @param processed records processed (and dead-lettered) and decisions made so far, a sum that never goes down; an
     *     increase is progress
     * @param kafkaReachable a stream thread's consumer holds a connection to the cluster (true when no consumer is
     *     there to ask)
     * @param recordsWaiting an input partition this instance owns has records not yet fetched (consumer lag above 0),
     *     or a stream thread has not come back to poll for a while (it is stuck on a record)
     */
    public record Progress(double processed, boolean kafkaReachable, boolean recordsWaiting) {}

    public synchronized void stateChanged(KafkaStreams.State newState) {
        if (newState != state) {
            state = newState;
            stateSince = clock.instant();
        }
    }

    public synchronized void threadDied() {
        lastThreadDeath = clock.instant();
    }

    /**
     * A stream thread died of a full state disk (a line saying so): down until records are processed again (and, while
     * the disk has too little space, reported as long as it lasts).
     *
     * @return true when this starts a new episode (the caller reports it), false while one lasts
     */
    public synchronized boolean diskFull(String line) {
        boolean fresh = diskFull == null;
        if (fresh) {
            diskFullSince = clock.instant();
        }
        diskFull = line;
        return fresh;
    }

    /**
     * What the last look at the state disk's free space found: below the minimum ({@code line} says so) or not. RocksDB
     * keeps writes in memory until a memtable fills, so a full disk stops nothing for minutes and then fails a stream
     * thread: looked at every sample, it is reported at once. The episode lasts while the space is low (while records
     * are still processed, /health stays up and names it), and until records are processed once it is back.
     *
     * @return true when this starts a new episode (the caller reports it), false otherwise
     */
    public synchronized boolean stateDiskSpace(boolean low, String line) {
        spaceLow = low;
        return low && diskFull(line);
    }

    /** The line of the full-disk episode going on, if one is. */
    public synchronized Optional<String> diskFull() {
        return Optional.ofNullable(diskFull);
    }

    public synchronized void observe(Progress progress) {
        Instant now = clock.instant();
        lastSample = now;
        if (processed == null || progress.processed() > processed) {
            if (processed != null) {
                lastProgress = now;
                if (!spaceLow) {
                    diskFull = null;
                }
            }
            processed = progress.processed();
        }
        if (progress.kafkaReachable()) {
            unreachableSince = null;
        } else if (unreachableSince == null) {
            unreachableSince = now;
        }
        if (!progress.recordsWaiting()) {
            waitingSince = null;
        } else if (waitingSince == null) {
            waitingSince = now;
        }
    }

    public synchronized Verdict verdict() {
        Instant now = clock.instant();
        if (!state.isRunningOrRebalancing()) {
            return new Verdict(false, state, "not processing");
        }
        if (diskFull != null) {
            // Still deciding on a full disk (RocksDB's memtables take the writes for now): up, and saying so.
            if (lastProgress != null && lastProgress.isAfter(diskFullSince)) {
                return new Verdict(true, state, "processing, but " + diskFull);
            }
            return new Verdict(false, state, diskFull);
        }
        // As of the last sample (taken every second): what the samples saw, not how long ago they were taken.
        if (unreachableSince != null) {
            Duration unreachable = Duration.between(unreachableSince, lastSample);
            if (unreachable.compareTo(stall) >= 0) {
                return new Verdict(false, state, "cannot reach Kafka for " + unreachable.toSeconds() + " s");
            }
        }
        if (waitingSince != null) {
            Duration stalled = Duration.between(later(lastProgress, waitingSince), lastSample);
            if (stalled.compareTo(stall) >= 0) {
                return new Verdict(
                        false, state, "records waiting and nothing processed for " + stalled.toSeconds() + " s");
            }
        }
        if (lastThreadDeath != null && !lastProgress.isAfter(lastThreadDeath)) {
            Duration since = Duration.between(lastThreadDeath, now);
            if (waitingSince != null || since.compareTo(stall) < 0) {
                return new Verdict(
                        false, state, "a stream thread died " + since.toSeconds() + " s ago; nothing processed since");
            }
        }
        if (state == KafkaStreams.State.REBALANCING) {
            Duration rebalancing = Duration.between(stateSince, now);
            if (rebalancing.compareTo(grace) >= 0) {
                return new Verdict(false, state, "rebalancing for " + rebalancing.toSeconds() + " s");
            }
            return new Verdict(true, state, "rebalancing");
        }
        return new Verdict(true, state, "processing");
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
