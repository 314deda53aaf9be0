package io.agreementgate.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Kafka's default placement of a keyed record: murmur2 of the key's bytes modulo the partition count, as the Java
 * producer (and kafkajs) place a keyed record and as Kafka Streams' repartition sinks place what the gate re-routes.
 * The gate keeps a customer's state in the task of that partition, so a record elsewhere (librdkafka's CRC32 default,
 * a producer choosing the partition itself) must be moved there before it touches any state.
 */
public final class Placement {
    private final int partitions;

    /** @param partitions the partition count of the customer-keyed topics */
    public Placement(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partition count must be positive, was " + partitions);
        }
        this.partitions = partitions;
    }

    /** The partition Kafka's default placement gives {@code key} (a customer id, as UTF-8 like StringSerializer). */
    public static int home(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /**
     * Whether a record keyed {@code key} read from {@code partition} is not where Kafka's default placement puts it. An
     * unkeyed record has no placement (producers spread them), and with one partition every record is placed.
     */
    public boolean misplaced(String key, int partition) {
        // The well-placed path costs this: a count compare, and for keyed records one murmur2 and one int compare.
        return partitions > 1 && key != null && home(key, partitions) != partition;
    }
}
