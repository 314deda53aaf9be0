package io.agreementgate.runtime;

import io.agreementgate.testkit.GateTestSettings;
import io.agreementgate.topology.config.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Settings for a gate under test: its own topics and application id, fast commits and waits, ephemeral port. */
public final class TestSettings {
    private TestSettings() {}

    public static Topics topics(String prefix) {
        return Topics.DEFAULTS.prefixed(prefix);
    }

    public static Map<String, String> gate(String prefix, Path dataDir, long waitMs) {
        Map<String, String> s = GateTestSettings.of("gate-" + prefix, Duration.ofMillis(waitMs));
        s.putAll(topics(prefix).settings());
        s.put("gate.data.dir", dataDir.toString());
        s.put("gate.wait.check-interval.ms", "200");
        s.put("gate.metrics.refresh.ms", "500");
        s.put("gate.shutdown.timeout.ms", "15000");
        s.put("commit.interval.ms", "100");
        s.put("replication.factor", "1");
        return s;
    }

    /** {@link #gate} on the shared embedded cluster. */
    public static Map<String, String> onSharedCluster(String prefix, Path dataDir, long waitMs) {
        Map<String, String> s = gate(prefix, dataDir, waitMs);
        s.put("bootstrap.servers", SharedCluster.get().bootstrapServers());
        s.put("schema.registry.url", SharedCluster.get().schemaRegistryUrl());
        return s;
    }
}
