package io.agreementgate.runtime;

import io.agreementgate.runtime.config.GateSettings;
import io.agreementgate.runtime.gate.GateProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A gate process on the shared embedded cluster with its own topics, and a client for them; closes both. */
record RunningGate(GateProcess gate, GateClient client) implements AutoCloseable {

    static RunningGate start(String prefix, Path dataDir, long waitMs, Duration toRun) {
        return start(prefix, dataDir, waitMs, toRun, Map.of());
    }

    /** @param extra settings over the tests' defaults */
    static RunningGate start(String prefix, Path dataDir, long waitMs, Duration toRun, Map<String, String> extra) {
        Map<String, String> all = new LinkedHashMap<>(TestSettings.onSharedCluster(prefix, dataDir, waitMs));
        all.putAll(extra);
        GateSettings settings = GateSettings.of(all);
        GateProcess gate = GateProcess.start(settings, new PrintStream(new ByteArrayOutputStream(), true));
        gate.runner().awaitRunning(toRun);
        GateClient client = new GateClient(
                SharedCluster.get().bootstrapServers(),
                SharedCluster.get().schemaRegistryUrl(),
                TestSettings.topics(prefix));
        return new RunningGate(gate, client);
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            gate.close();
        }
    }
}
