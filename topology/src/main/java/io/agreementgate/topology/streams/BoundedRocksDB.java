package io.agreementgate.topology.streams;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the memory of every RocksDB store the gate opens, the way Kafka Streams documents it ("Bounded memory
 * usage"): one block cache shared by all stores of all tasks (active and standby) in the process, which also holds the
 * index and filter blocks and is charged for the memtables through one write buffer manager. Without it each store
 * instance gets its own 50 MB cache and up to three 16 MB memtables, and index and filter blocks outside any cache:
 * memory grows with the tasks a process holds and with the state's size. With it the total is
 * {@link StateMemory#totalBytes} whatever the task count or the customer count.
 *
 * <p>Filters: Kafka Streams builds no bloom filter for the bottommost level ({@code optimize_filters_for_hits}), so
 * a lookup of a key that is not there reads an index and a data block of the largest run: the approved-id store is
 * asked for order ids it nearly never holds, and grows with every order approved. Here every level has a filter.
 *
 * <p>Kafka Streams instantiates this class once per store and calls {@link #close} when the store closes; the shared
 * cache and buffer manager live as long as one store uses them.
 */
public final class BoundedRocksDB implements RocksDBConfigSetter {
    /** Bits per key of the bloom filters: RocksDB's recommended 10, about 1% false positives. */
    static final double BLOOM_BITS_PER_KEY = 10;

    private static final Map<StateMemory, Shared> SHARED = new HashMap<>();

    private StateMemory memory;
    private BloomFilter filter;

    /** The cache and the write buffer manager that every store with the same {@link StateMemory} uses. */
    private static final class Shared {
        final LRUCache cache;
        final WriteBufferManager writeBuffers;
        int stores;

        Shared(StateMemory memory) {
            // Not strict: a strict cache fails reads when pinned blocks fill it; index and filter blocks get the
            // high-priority share, so that data blocks cannot push them out.
            cache = new LRUCache(memory.totalBytes(), -1, false, StateMemory.INDEX_FILTER_SHARE);
            writeBuffers = new WriteBufferManager(memory.writeBufferBytes(), cache);
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        memory = StateMemory.from(configs);
        Shared shared = acquire(memory);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(shared.cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinL0FilterAndIndexBlocksInCache(true);
        filter = new BloomFilter(BLOOM_BITS_PER_KEY, false);
        table.setFilterPolicy(filter);
        options.setOptimizeFiltersForHits(false);
        options.setWriteBufferManager(shared.writeBuffers);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        if (filter != null) {
            filter.close();
        }
        if (memory != null) {
            release(memory);
        }
    }

    private static synchronized Shared acquire(StateMemory memory) {
        Shared shared = SHARED.computeIfAbsent(memory, Shared::new);
        shared.stores++;
        return shared;
    }

    /** RocksDB keeps its own reference while a store is open, so closing the Java handles after the last is safe. */
    private static synchronized void release(StateMemory memory) {
        Shared shared = SHARED.get(memory);
        if (shared != null && --shared.stores == 0) {
            SHARED.remove(memory);
            shared.writeBuffers.close();
            shared.cache.close();
        }
    }

    /** The shared cache the stores of {@code memory} use now, for tests and metrics; null when no store is open. */
    static synchronized Cache cacheFor(StateMemory memory) {
        Shared shared = SHARED.get(memory);
        return shared == null ? null : shared.cache;
    }

    /** How many open stores use the cache of {@code memory}. */
    static synchronized int storesUsing(StateMemory memory) {
        Shared shared = SHARED.get(memory);
        return shared == null ? 0 : shared.stores;
    }
}
