package io.agreementgate.topology.streams;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What {@link DeadLetterOrRetryHandler} did with the records it could not decode, for one gate: parked (a registry
 * outage) or dead-lettered. Kafka Streams creates the handler from its class name and gives it no metrics registry, so
 * the gate that reads these counts (metrics, health) makes this object and hands it to every handler through the
 * Kafka Streams settings ({@link #streamsSettings}). Owned by that gate, not by its application id: two gates with one
 * application id in one JVM count apart.
 */
public final class HandledRecords {
    /** The Kafka Streams setting that carries this object to the handler. */
    public static final String CONFIG_KEY = "agreement-gate.handled-records";

    private final LongAdder parked = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();

    /** Records parked so far (a count that never goes down); each retry of a record counts. */
    public long parked() {
        return parked.sum();
    }

    /** Records dead-lettered so far (a count that never goes down). */
    public long deadLettered() {
        return deadLettered.sum();
    }

    void recordParked() {
        parked.increment();
    }

    void recordDeadLettered() {
        deadLettered.increment();
    }

    /** This object as Kafka Streams' settings carry it to the handler. */
    public Map<String, Object> streamsSettings() {
        return Map.of(CONFIG_KEY, this);
    }

    /**
     * The counts the settings carry; counts of the handler's own when they carry none (a topology run without the
     * gate's runtime, such as under TopologyTestDriver: nobody reads them there).
     */
    static HandledRecords from(Map<String, ?> configs) {
        HandledRecords carried = CarriedObjects.carried(configs, CONFIG_KEY, HandledRecords.class);
        return carried != null ? carried : new HandledRecords();
    }

    @Override
    public String toString() {
        // Kafka Streams logs its config: say what this value is.
        return "parked " + parked() + ", dead-lettered " + deadLettered();
    }
}
