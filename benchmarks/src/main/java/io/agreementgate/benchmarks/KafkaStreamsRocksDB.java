package io.agreementgate.benchmarks;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.Options;

/**
 * Leaves every RocksDB store with Kafka Streams' own settings (a 50 MB block cache and up to three 16 MB memtables per
 * store instance, index and filter blocks outside the cache): the baseline the gate's bounded setter is measured
 * against, {@code bin/benchmark --set rocksdb.config.setter=io.agreementgate.benchmarks.KafkaStreamsRocksDB}.
 */
public final class KafkaStreamsRocksDB implements RocksDBConfigSetter {
    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        // Kafka Streams' defaults are already in place
    }

    @Override
    public void close(String storeName, Options options) {
        // nothing was allocated
    }
}
