package io.agreementgate.topology.streams;

import java.util.Map;

/**
 * The memory all of a gate process's RocksDB stores may use together ({@link BoundedRocksDB}): one block cache of
 * {@code totalBytes} (data, index and filter blocks), of which the memtables may take up to {@code writeBufferBytes}.
 */
public record StateMemory(long totalBytes, long writeBufferBytes) {
    public static final String TOTAL_KEY = "gate.state.memory.bytes";
    public static final String WRITE_BUFFER_KEY = "gate.state.memory.write-buffer.bytes";

    /**
     * 256 MiB: a million customers' agreement state, the largest store, is about 130 MiB in RocksDB (BENCHMARKS.md),
     * so at that size every lookup is answered from the cache with room for the approved ids' recent blocks, the
     * filters and the memtables. Kafka Streams' own default gives each store instance 50 MiB of cache plus up to 48
     * MiB of memtables: nine store instances for three partitions (more with standbys) could take close to 1 GiB.
     */
    public static final long DEFAULT_TOTAL_BYTES = 256L << 20;

    /**
     * 64 MiB, a quarter of the total: four of Kafka Streams' 16 MiB memtables at once. Memtables are flushed at each
     * exactly-once checkpoint (every 10,000 records of a task) anyway, so more would only sit idle.
     */
    public static final long DEFAULT_WRITE_BUFFER_BYTES = 64L << 20;

    /** Below this a store's blocks would be evicted between two lookups of one order; it is no real deployment. */
    static final long MIN_TOTAL_BYTES = 16L << 20;

    /** The cache's share kept for index and filter blocks, so that data blocks never evict them (Kafka's docs: 0.1). */
    static final double INDEX_FILTER_SHARE = 0.1;

    public static final StateMemory DEFAULTS = new StateMemory(DEFAULT_TOTAL_BYTES, DEFAULT_WRITE_BUFFER_BYTES);

    public StateMemory {
        if (totalBytes < MIN_TOTAL_BYTES) {
            throw new IllegalArgumentException(TOTAL_KEY + " " + tooSmall(totalBytes));
        }
        if (writeBufferBytes <= 0 || writeBufferBytes > totalBytes / 2) {
            throw new IllegalArgumentException(WRITE_BUFFER_KEY + " must be positive and at most half of " + TOTAL_KEY
                    + " (" + totalBytes / 2 + "), was " + writeBufferBytes
                    + ": the memtables are charged to the same cache as the blocks they are read from");
        }
    }

    /** {@code totalBytes}, if a block cache of that size can serve the gate's stores. */
    public static long atLeastMinimum(long totalBytes) {
        if (totalBytes < MIN_TOTAL_BYTES) {
            throw new IllegalArgumentException(tooSmall(totalBytes));
        }
        return totalBytes;
    }

    private static String tooSmall(long totalBytes) {
        return "must be at least " + MIN_TOTAL_BYTES + " (16 MiB), was " + totalBytes;
    }

    /** From settings as Kafka Streams hands them to a config setter; either value may be absent (its default). */
    public static StateMemory from(Map<String, ?> settings) {
        return new StateMemory(
                bytes(settings, TOTAL_KEY, DEFAULT_TOTAL_BYTES),
                bytes(settings, WRITE_BUFFER_KEY, DEFAULT_WRITE_BUFFER_BYTES));
    }

    private static long bytes(Map<String, ?> settings, String key, long defaultValue) {
        Object raw = settings.get(key);
        if (raw == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(raw.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number of bytes, was '" + raw + "'", e);
        }
    }

    /** The settings that carry this budget to every store's {@link BoundedRocksDB}. */
    public Map<String, Object> asSettings() {
        return Map.of(TOTAL_KEY, Long.toString(totalBytes), WRITE_BUFFER_KEY, Long.toString(writeBufferBytes));
    }
}
