package io.agreementgate.topology;

import static io.agreementgate.testkit.Samples.anAttestation;
import static io.agreementgate.testkit.Samples.anOrder;
import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.topology.config.GateConfig;
import io.agreementgate.topology.config.TopologySettings;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

/**
 * The gate's RocksDB stores share one block cache of the configured size ({@code gate.state.memory.*}), read back
 * through Kafka Streams' own RocksDB metrics: without the shared cache every store reports a cache of its own of
 * Kafka Streams' default 50 MB.
 */
class StateMemoryTest {
    private static final long TOTAL = 24L << 20;

    @Test
    void shouldGiveEveryStoreTheOneSharedCacheOfTheConfiguredSize() {
        GateConfig config = TopologySettings.load(Map.of(
                "gate.state.memory.bytes", Long.toString(TOTAL), "gate.state.memory.write-buffer.bytes", "4194304"));
        try (GateDriver gate = new GateDriver(config)) {
            gate.send(anAttestation().build());
            gate.send(anOrder().build());
            assertThat(gate.approvedRecords()).hasSize(1);

            Map<String, Long> capacity = storeMetric(gate, "block-cache-capacity");
            assertThat(capacity)
                    .containsOnlyKeys(
                            GateNames.AGREEMENTS_STORE, GateNames.WAITING_STORE, GateNames.APPROVED_IDS_STORE);
            assertThat(capacity.values()).containsOnly(TOTAL);
            // One cache, not three of the same size: each store reports the same usage, memtables included (charged
            // to the cache by the write buffer manager).
            Map<String, Long> usage = storeMetric(gate, "block-cache-usage");
            assertThat(usage).hasSize(3);
            assertThat(Set.copyOf(usage.values()))
                    .singleElement()
                    .satisfies(bytes -> assertThat(bytes).isPositive().isLessThanOrEqualTo(TOTAL));
        }
    }

    private static Map<String, Long> storeMetric(GateDriver gate, String name) {
        Map<String, Long> values = new TreeMap<>();
        gate.driver.metrics().forEach((MetricName metric, org.apache.kafka.common.Metric value) -> {
            if (metric.name().equals(name) && metric.group().equals("stream-state-metrics")) {
                values.put(metric.tags().get("rocksdb-state-id"), ((Number) value.metricValue()).longValue());
            }
        });
        return values;
    }
}
