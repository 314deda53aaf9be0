package io.agreementgate.benchmarks;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/** Kafka Streams' own persistent store, alone in a task of its own: the store part of the gate's work, measured. */
final class BenchStore {
    private BenchStore() {}

    /**
     * A RocksDB key-value store opened as a task opens it, changelog and record cache off (the end-to-end benchmark
     * prices those), metrics recorded at the gate's level.
     *
     * @param settings further Kafka Streams settings, such as {@code rocksdb.config.setter}
     */
    static <V> KeyValueStore<String, V> open(
            Path stateDir, String name, Serde<V> values, Map<String, Object> settings) {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "store-benchmark");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        properties.put("processing.exception.handler.global.enabled", "true");
        // as in the gate (MockProcessorContext records at DEBUG, which turns on RocksDB's statistics)
        properties.put(StreamsConfig.METRICS_RECORDING_LEVEL_CONFIG, "INFO");
        properties.putAll(settings);
        MockProcessorContext<Object, Object> context =
                new MockProcessorContext<>(properties, new TaskId(0, 0), stateDir.toFile());
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(name), Serdes.String(), values)
                .withLoggingDisabled()
                .withCachingDisabled()
                .build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }
}
