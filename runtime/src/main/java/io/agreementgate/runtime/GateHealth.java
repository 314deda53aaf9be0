package io.agreementgate.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Whether the gate is deciding orders, for {@code /health}. Kafka Streams' state alone says too little: a stream
 * thread that dies and is replaced again and again keeps the instance REBALANCING or briefly RUNNING, and a liveness
 * probe must see that as down. Down: any state but RUNNING or REBALANCING; REBALANCING for longer than the grace
 * period; a stream thread died less than the grace period ago.
 */
public final class GateHealth {
    private final Clock clock;
    private final Duration grace;
    private KafkaStreams.State state = KafkaStreams.State.CREATED;
    private Instant stateSince;
    private Instant lastThreadDeath;

    public GateHealth(Clock clock, Duration grace) {
        this.clock = clock;
        this.grace = grace;
        this.stateSince = clock.instant();
    }

    /** The verdict and why, e.g. "RUNNING" or "a stream thread died 3 s ago". */
    public record Verdict(boolean up, KafkaStreams.State state, String reason) {}

    public synchronized void stateChanged(KafkaStreams.State newState) {
        if (newState != state) {
            state = newState;
            stateSince = clock.instant();
        }
    }

    public synchronized void threadDied() {
        lastThreadDeath = clock.instant();
    }

    public synchronized Verdict verdict() {
        Instant now = clock.instant();
        if (lastThreadDeath != null) {
            Duration since = Duration.between(lastThreadDeath, now);
            if (since.compareTo(grace) < 0) {
                return new Verdict(false, state, "a stream thread died " + since.toSeconds() + " s ago");
            }
        }
        if (state == KafkaStreams.State.REBALANCING) {
            Duration rebalancing = Duration.between(stateSince, now);
            if (rebalancing.compareTo(grace) >= 0) {
                return new Verdict(false, state, "rebalancing for " + rebalancing.toSeconds() + " s");
            }
            return new Verdict(true, state, "rebalancing");
        }
        boolean running = state == KafkaStreams.State.RUNNING;
        return new Verdict(running, state, running ? "processing" : "not processing");
    }
}
