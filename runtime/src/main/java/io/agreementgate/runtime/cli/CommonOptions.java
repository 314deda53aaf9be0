package io.agreementgate.runtime.cli;

import io.agreementgate.runtime.config.GateSettings;
import io.agreementgate.runtime.config.RuntimeSettings;
import io.agreementgate.runtime.config.SettingsLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every command takes: where the settings come from and which cluster to use. */
public final class CommonOptions {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Java properties file of settings (gate.* keys, Kafka client/Streams properties).")
    Path configFile;

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT[,...]",
            description = "Kafka cluster (bootstrap.servers). Without it: the embedded cluster of the data dir.")
    String bootstrapServers;

    @Option(
            names = "--schema-registry-url",
            paramLabel = "URL",
            description = "Schema registry (schema.registry.url), needed with --bootstrap-servers.")
    String schemaRegistryUrl;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Embedded cluster and local gate state (gate.data.dir, default "
                    + RuntimeSettings.DEFAULT_DATA_DIR + ").")
    Path dataDir;

    @Option(
            names = {"-D", "--set"},
            paramLabel = "KEY=VALUE",
            description = "Any setting, repeatable: a gate.* key, or a Kafka client/Streams property "
                    + "(e.g. security.protocol=SASL_SSL).")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(
            names = {"-v", "--verbose"},
            description = "Show stack traces of errors.")
    boolean verbose;

    /** The layered settings: defaults &lt; --config file &lt; AGREEMENT_GATE_* variables &lt; flags. */
    public GateSettings settings(Map<String, String> environment) {
        Map<String, String> flags = new LinkedHashMap<>(settings);
        // The named flags are the more specific flags: they win over -D for the same key.
        if (bootstrapServers != null) {
            flags.put(RuntimeSettings.BOOTSTRAP_SERVERS, bootstrapServers);
        }
        if (schemaRegistryUrl != null) {
            flags.put(RuntimeSettings.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
        }
        if (dataDir != null) {
            flags.put(RuntimeSettings.DATA_DIR.key(), dataDir.toString());
        }
        return SettingsLoader.load(configFile, environment, flags);
    }
}
