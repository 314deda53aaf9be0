package io.agreementgate.topology.streams;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.TopicPartition;

/**
 * When each partition that holds a parked record may be read again: the back-off between a parked record's tries.
 * {@link DeadLetterOrRetryHandler} writes the copy of a record it parks to the end of the record's partition and holds
 * the partition here; the gate's main consumers (the runtime's {@code ParkingConsumer}) stop fetching a held
 * partition until its time comes, so the copy is not read (and copied) again before then. Nothing is lost while a
 * partition is held: the copy is in the topic, and Kafka Streams commits a held partition's consumed position, which
 * is before the copy.
 *
 * <p>Why holding the partition and not the record: Kafka Streams gives a deserialization handler no way to defer a
 * record, only to skip it (optionally writing records) or fail, and no way to pause a partition; a record skipped
 * without its copy would be gone once the offset past it is committed, and sleeping on the stream thread stalls every
 * partition it owns. A consumer's {@code pause} stops one partition's fetches and nothing else. What it costs: records
 * that arrive on a held partition during an outage wait with the copy, at most {@link #MAX_HOLD}.
 */
public final class ParkingLot {
    /** The Kafka Streams setting that carries this object to the handler (the consumers get it from the runtime). */
    public static final String CONFIG_KEY = "agreement-gate.parking-lot";

    /** The hold after a record's first parking: about what a retry cost before (a 0.1 s sleep and a commit). */
    public static final Duration FIRST_HOLD = Duration.ofMillis(100);

    /**
     * The longest hold, reached after six tries (6.3 s of outage): it bounds how late a parked record is decided after
     * the registry is back, and how long a later record on its partition waits during an outage; below health's five
     * seconds of "a record parked lately" window plus its margin. A 10-minute outage costs a parked record about 155
     * copies (at a fixed 0.13 s, 4,600).
     */
    public static final Duration MAX_HOLD = Duration.ofSeconds(4);

    private final ConcurrentMap<TopicPartition, Long> heldUntilNanos = new ConcurrentHashMap<>();
    private final AtomicBoolean honoured = new AtomicBoolean();

    /** How long a partition is held after a record's {@code retries}-th parking: doubling from the first, capped. */
    public static Duration holdAfter(int retries) {
        int doublings = Math.min(Math.max(0, retries - 1), 16);
        long millis = FIRST_HOLD.toMillis() << doublings;
        return Duration.ofMillis(Math.min(millis, MAX_HOLD.toMillis()));
    }

    /** Not to be fetched for {@code hold} from now; a longer hold already there stays. */
    void hold(TopicPartition partition, Duration hold) {
        long until = System.nanoTime() + hold.toNanos();
        heldUntilNanos.merge(partition, until, (a, b) -> a - b > 0 ? a : b);
    }

    /** Whether {@code partition} is held at {@code nowNanos} ({@link System#nanoTime}); a hold over is forgotten. */
    public boolean isHeld(TopicPartition partition, long nowNanos) {
        Long until = heldUntilNanos.get(partition);
        if (until == null) {
            return false;
        }
        if (until - nowNanos > 0) {
            return true;
        }
        heldUntilNanos.remove(partition, until);
        return false;
    }

    /** Whether no partition is held (the usual case: no registry outage). */
    public boolean isEmpty() {
        return heldUntilNanos.isEmpty();
    }

    /**
     * Whether a consumer that honours the holds reads for the gate: without one (a topology run by TopologyTestDriver,
     * or by Kafka Streams' own clients) the handler paces the retries itself.
     */
    public boolean honoured() {
        return honoured.get();
    }

    public void consumerOpened() {
        honoured.set(true);
    }

    /** This object as Kafka Streams' settings carry it to the handler. */
    public Map<String, Object> streamsSettings() {
        return Map.of(CONFIG_KEY, this);
    }

    /** The lot the settings carry, or null. */
    static ParkingLot from(Map<String, ?> configs) {
        return CarriedObjects.carried(configs, CONFIG_KEY, ParkingLot.class);
    }

    @Override
    public String toString() {
        // Kafka Streams logs its config: say what this value is.
        return "partitions held for parked records: " + heldUntilNanos.keySet();
    }
}
