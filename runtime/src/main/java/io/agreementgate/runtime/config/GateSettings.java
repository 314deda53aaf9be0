package io.agreementgate.runtime.config;

import io.agreementgate.topology.config.GateConfig;
import io.agreementgate.topology.config.Setting;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * All settings of one gate process after layering (defaults &lt; file &lt; environment &lt; flags), each remembering
 * where it was set so that an error can say which file line, variable or flag to fix. Immutable.
 */
public final class GateSettings {
    static final String DEFAULT_ORIGIN = "default";

    private final Map<String, String> values;
    private final Map<String, String> origins;

    GateSettings(Map<String, String> values, Map<String, String> origins) {
        this.values = Map.copyOf(values);
        this.origins = Map.copyOf(origins);
    }

    /** The runtime defaults alone plus {@code settings} as flags: for tests and programmatic use. */
    public static GateSettings of(Map<String, String> settings) {
        return SettingsLoader.load(null, Map.of(), settings);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** Where {@code key} was set: "default", "file X", "environment variable V", "flag". */
    public String origin(String key) {
        return origins.getOrDefault(key, "unset");
    }

    /** All settings, sorted; secrets included, so never log this. */
    public Map<String, String> asMap() {
        return new TreeMap<>(values);
    }

    /** These settings with {@code key} set to {@code value} on top of every layer. */
    public GateSettings with(String key, String value, String origin) {
        Map<String, String> v = new LinkedHashMap<>(values);
        Map<String, String> o = new LinkedHashMap<>(origins);
        v.put(key, value);
        o.put(key, origin);
        return new GateSettings(v, o);
    }

    /** These settings with {@code key} set to {@code value} unless something already sets it. */
    public GateSettings withDefault(String key, String value) {
        boolean userSet = values.containsKey(key) && !DEFAULT_ORIGIN.equals(origins.get(key));
        return userSet ? this : with(key, value, DEFAULT_ORIGIN);
    }

    public Optional<String> bootstrapServers() {
        return get(RuntimeSettings.BOOTSTRAP_SERVERS).map(String::trim).filter(s -> !s.isEmpty());
    }

    public Optional<String> schemaRegistryUrl() {
        return get(RuntimeSettings.SCHEMA_REGISTRY_URL).map(String::trim).filter(s -> !s.isEmpty());
    }

    /**
     * The typed value of a declared setting, as given or its default.
     *
     * @throws ConfigurationException naming the setting and where it was set
     */
    public <T> T get(Setting<T> setting) {
        try {
            return setting.parse(values.get(setting.key()));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage() + " (" + origin(setting.key()) + ")", e);
        }
    }

    /**
     * The topology's configuration: every {@code gate.*} key the topology knows and every Kafka key; runtime and
     * schema registry keys stay out, so Kafka Streams does not warn about settings it does not use.
     *
     * @throws ConfigurationException naming the key, for an unknown {@code gate.*} key, a bad value or an invalid
     *     policy
     */
    public GateConfig gateConfig() {
        return SettingsValidation.gateConfig(this);
    }

    /**
     * Every setting checked once, so that a wrong one stops start-up before anything starts.
     *
     * @throws ConfigurationException naming the setting and where it was set
     */
    public GateOptions validate() {
        return SettingsValidation.validate(this);
    }

    /**
     * The settings a Kafka client of one kind knows (e.g. {@code ProducerConfig.configNames()}): bootstrap servers,
     * security and any tuning an operator set, without the Streams-only or gate keys the client would warn about.
     */
    public Map<String, Object> clientProperties(Set<String> clientKeys) {
        Map<String, Object> properties = new TreeMap<>();
        values.forEach((key, value) -> {
            if (clientKeys.contains(key)) {
                properties.put(key, value);
            }
        });
        return properties;
    }

    /** The schema registry client's settings (Confluent's key names). */
    public Map<String, String> registryProperties() {
        Map<String, String> properties = new TreeMap<>();
        values.forEach((key, value) -> {
            if (RuntimeSettings.isRegistryKey(key)) {
                properties.put(key, value);
            }
        });
        return properties;
    }

    /** " (environment variable X)" for the most specific key named in a message, so the user knows what to fix. */
    String originHint(String message) {
        return values.keySet().stream()
                .filter(message::contains)
                .filter(k -> !DEFAULT_ORIGIN.equals(origins.get(k)))
                .max(Comparator.comparingInt(String::length))
                .map(k -> " (" + origin(k) + ")")
                .orElse("");
    }
}
