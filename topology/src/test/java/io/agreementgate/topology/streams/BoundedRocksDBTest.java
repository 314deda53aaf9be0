package io.agreementgate.topology.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agreementgate.topology.config.TopologySettings;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class BoundedRocksDBTest {
    static {
        RocksDB.loadLibrary();
    }

    private static final StateMemory MEMORY = new StateMemory(40L << 20, 10L << 20);

    @Test
    void shouldShareOneCacheAmongTheStoresOpenAndFreeItAfterTheLast() {
        BoundedRocksDB first = new BoundedRocksDB();
        BoundedRocksDB second = new BoundedRocksDB();
        try (Options a = kafkaStreamsLike();
                Options b = kafkaStreamsLike()) {
            first.setConfig("customer-agreements", a, Map.copyOf(MEMORY.asSettings()));
            second.setConfig("approved-order-ids", b, Map.copyOf(MEMORY.asSettings()));

            assertThat(BoundedRocksDB.storesUsing(MEMORY)).isEqualTo(2);
            assertThat(BoundedRocksDB.cacheFor(MEMORY)).isNotNull();
            first.close("customer-agreements", a);
            assertThat(BoundedRocksDB.storesUsing(MEMORY)).isEqualTo(1);
            second.close("approved-order-ids", b);
            assertThat(BoundedRocksDB.storesUsing(MEMORY)).isZero();
            assertThat(BoundedRocksDB.cacheFor(MEMORY)).isNull();
        }
    }

    @Test
    void shouldKeepIndexAndFiltersInTheCacheAndFilterEveryLevel() {
        BoundedRocksDB setter = new BoundedRocksDB();
        try (Options options = kafkaStreamsLike()) {
            setter.setConfig("approved-order-ids", options, Map.copyOf(MEMORY.asSettings()));
            BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();

            assertThat(table.cacheIndexAndFilterBlocks()).isTrue();
            assertThat(table.cacheIndexAndFilterBlocksWithHighPriority()).isTrue();
            assertThat(table.filterPolicy()).isNotNull();
            // the lookups of order ids that were never approved must be answered by a filter on every level
            assertThat(options.optimizeFiltersForHits()).isFalse();
            assertThat(options.writeBufferManager()).isNotNull();
            setter.close("approved-order-ids", options);
        }
    }

    @Test
    void shouldRefuseABudgetNoStoreCanWorkIn() {
        assertThatThrownBy(() -> TopologySettings.load(Map.of("gate.state.memory.bytes", "1048576")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid value '1048576' for gate.state.memory.bytes: must be at least 16777216");
        assertThatThrownBy(() -> TopologySettings.load(Map.of("gate.state.memory.bytes", "256MB")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid value '256MB' for gate.state.memory.bytes: not a number");
        assertThatThrownBy(() -> TopologySettings.load(Map.of(
                        "gate.state.memory.bytes", "67108864", "gate.state.memory.write-buffer.bytes", "50000000")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gate.state.memory.write-buffer.bytes must be positive and at most half");
    }

    @Test
    void shouldCarryTheBudgetToTheStoresThroughKafkaStreamsSettings() {
        Map<String, Object> streams = TopologySettings.load(Map.of("gate.state.memory.bytes", "134217728"))
                .streams();

        assertThat(StateMemory.from(streams))
                .isEqualTo(new StateMemory(128L << 20, StateMemory.DEFAULT_WRITE_BUFFER_BYTES));
        assertThat(StreamsDefaults.of("dlq", true)).containsEntry("rocksdb.config.setter", BoundedRocksDB.class);
    }

    /** Options as Kafka Streams hands them to a config setter: a block-based table config already in place. */
    private static Options kafkaStreamsLike() {
        Options options = new Options();
        options.setTableFormatConfig(new BlockBasedTableConfig());
        options.setOptimizeFiltersForHits(true);
        return options;
    }
}
