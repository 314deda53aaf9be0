package io.agreementgate.runtime.config;

import io.agreementgate.serde.SchemaLimits;
import io.agreementgate.topology.config.GateConfig;
import io.agreementgate.topology.config.Setting;
import java.util.Map;
import java.util.Optional;

/**
 * A gate process's configuration after one validation pass ({@link GateSettings#validate()}): every runtime setting
 * parsed once into its typed value ({@link #get}), the topology's {@link GateConfig} built once. Start-up hands this
 * down; nothing after it re-reads or re-validates the raw settings.
 *
 * <p>For a gate under test or any programmatic use: {@link #of(Map)}.
 */
public final class GateOptions {
    private final GateSettings settings;
    private final GateConfig gate;
    private final Map<String, Object> values;

    GateOptions(GateSettings settings, GateConfig gate, Map<String, Object> values) {
        this.settings = settings;
        this.gate = gate;
        this.values = Map.copyOf(values);
    }

    /**
     * Options from settings given as a map (keys as in a properties file: {@code gate.*}, Kafka client and Streams
     * properties, {@code schema.registry.*}) over the declared defaults, validated as at start-up.
     *
     * @throws ConfigurationException naming the setting that is wrong
     */
    public static GateOptions of(Map<String, String> settings) {
        return GateSettings.of(settings).validate();
    }

    /** The typed value of one of the runtime's settings ({@link RuntimeSettings}). */
    @SuppressWarnings("unchecked") // validate() stored each value as its setting's parser made it
    public <T> T get(Setting<T> setting) {
        if (!values.containsKey(setting.key())) {
            throw new IllegalArgumentException(setting.key() + " is not one of the runtime's settings");
        }
        return (T) values.get(setting.key());
    }

    /** The layered settings these were read from: client and registry properties, origins for messages. */
    public GateSettings settings() {
        return settings;
    }

    /** The topology's configuration, the operator's Kafka Streams properties included. */
    public GateConfig gate() {
        return gate;
    }

    public Optional<String> bootstrapServers() {
        return settings.bootstrapServers();
    }

    public Optional<String> schemaRegistryUrl() {
        return settings.schemaRegistryUrl();
    }

    /** What a writer schema may be before the gate's deserializers use it. */
    public SchemaLimits schemaLimits() {
        return new SchemaLimits(
                get(RuntimeSettings.SCHEMAS_MAX_LENGTH),
                get(RuntimeSettings.SCHEMAS_MAX_DEPTH),
                get(RuntimeSettings.SCHEMAS_CACHE_SIZE));
    }

    /** These options on the cluster found or started at these addresses (nothing else changes, so no re-validation). */
    public GateOptions onCluster(String bootstrapServers, String schemaRegistryUrl, String origin) {
        return new GateOptions(
                settings.with(RuntimeSettings.BOOTSTRAP_SERVERS, bootstrapServers, origin)
                        .with(RuntimeSettings.SCHEMA_REGISTRY_URL, schemaRegistryUrl, origin),
                gate,
                values);
    }

    /** These options with the topology's configuration replaced (e.g. the partition count found at start-up). */
    public GateOptions withGate(GateConfig newGate) {
        return new GateOptions(settings, newGate, values);
    }
}
