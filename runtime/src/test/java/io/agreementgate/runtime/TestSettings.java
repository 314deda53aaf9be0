package io.agreementgate.runtime;

import io.agreementgate.topology.config.Topics;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Settings for a gate under test: its own topics and application id, fast commits and waits, ephemeral port. */
public final class TestSettings {
    private TestSettings() {}

    public static Topics topics(String prefix) {
        Topics d = Topics.DEFAULTS;
        return new Topics(
                prefix + "." + d.orders(),
                prefix + "." + d.attestations(),
                prefix + "." + d.approvedOrders(),
                prefix + "." + d.rejectedOrders(),
                prefix + "." + d.rejectedAttestations(),
                prefix + "." + d.deadLetter());
    }

    public static Map<String, String> gate(String prefix, Path dataDir, long waitMs) {
        Topics t = topics(prefix);
        Map<String, String> s = new LinkedHashMap<>();
        s.put("application.id", "gate-" + prefix);
        s.put("gate.topic.orders", t.orders());
        s.put("gate.topic.attestations", t.attestations());
        s.put("gate.topic.orders-approved", t.approvedOrders());
        s.put("gate.topic.orders-rejected", t.rejectedOrders());
        s.put("gate.topic.attestations-rejected", t.rejectedAttestations());
        s.put("gate.topic.dead-letter", t.deadLetter());
        s.put("gate.data.dir", dataDir.toString());
        s.put("gate.http.port", "0");
        s.put("gate.wait.max.ms", Long.toString(waitMs));
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
