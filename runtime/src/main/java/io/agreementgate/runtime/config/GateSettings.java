package io.agreementgate.runtime.config;

import io.agreementgate.serde.SchemaLimits;
import io.agreementgate.topology.config.GateConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

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
        return get(Keys.BOOTSTRAP_SERVERS).map(String::trim).filter(s -> !s.isEmpty());
    }

    public Optional<String> schemaRegistryUrl() {
        return get(Keys.SCHEMA_REGISTRY_URL).map(String::trim).filter(s -> !s.isEmpty());
    }

    public Path dataDir() {
        return Path.of(required(Keys.DATA_DIR)).toAbsolutePath().normalize();
    }

    public String httpHost() {
        return required(Keys.HTTP_HOST).trim();
    }

    public int httpPort() {
        return parse(Keys.HTTP_PORT, raw -> port(Integer.parseInt(raw)));
    }

    public Optional<String> httpAdvertisedHost() {
        return get(Keys.HTTP_ADVERTISED_HOST).map(String::trim).filter(s -> !s.isEmpty());
    }

    public boolean createTopics() {
        return parse(Keys.TOPICS_CREATE, GateSettings::bool);
    }

    public int partitions() {
        return parse(Keys.TOPICS_PARTITIONS, raw -> positive(Integer.parseInt(raw)));
    }

    /** Empty: the broker's {@code default.replication.factor}. */
    public Optional<Short> replicationFactor() {
        if (get(Keys.TOPICS_REPLICATION_FACTOR).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(parse(Keys.TOPICS_REPLICATION_FACTOR, raw -> (short) positive(Short.parseShort(raw))));
    }

    public Duration connectTimeout() {
        return parse(Keys.CONNECT_TIMEOUT_MS, raw -> Duration.ofMillis(positive(Long.parseLong(raw))));
    }

    public Duration shutdownTimeout() {
        return parse(Keys.SHUTDOWN_TIMEOUT_MS, raw -> Duration.ofMillis(positive(Long.parseLong(raw))));
    }

    public Duration metricsRefresh() {
        return parse(Keys.METRICS_REFRESH_MS, raw -> Duration.ofMillis(positive(Long.parseLong(raw))));
    }

    /** The bearer token of the HTTP customer routes, if set. */
    public Optional<String> httpToken() {
        return get(Keys.HTTP_TOKEN).map(String::trim).filter(s -> !s.isEmpty());
    }

    public boolean showContacts() {
        return parse(Keys.HTTP_SHOW_CONTACTS, GateSettings::bool);
    }

    public Duration rejectedRetention() {
        return parse(Keys.TOPICS_REJECTED_RETENTION_MS, raw -> Duration.ofMillis(positive(Long.parseLong(raw))));
    }

    public Duration deadLetterRetention() {
        return parse(Keys.TOPICS_DEAD_LETTER_RETENTION_MS, raw -> Duration.ofMillis(positive(Long.parseLong(raw))));
    }

    public Duration healthGrace() {
        return parse(Keys.HEALTH_GRACE_MS, raw -> Duration.ofMillis(positive(Long.parseLong(raw))));
    }

    public Duration healthStall() {
        return parse(Keys.HEALTH_STALL_MS, raw -> Duration.ofMillis(positive(Long.parseLong(raw))));
    }

    public boolean autoRegisterSchemas() {
        return parse(Keys.SCHEMAS_AUTO_REGISTER, GateSettings::bool);
    }

    public boolean staticMembership() {
        return parse(Keys.STATIC_MEMBERSHIP, GateSettings::bool);
    }

    public SchemaLimits schemaLimits() {
        return new SchemaLimits(
                parse(Keys.SCHEMAS_MAX_LENGTH, raw -> positive(Integer.parseInt(raw))),
                parse(Keys.SCHEMAS_MAX_DEPTH, raw -> positive(Integer.parseInt(raw))),
                parse(Keys.SCHEMAS_CACHE_SIZE, raw -> positive(Integer.parseInt(raw))));
    }

    public int avroMaxStringLength() {
        return parse(Keys.AVRO_MAX_STRING_LENGTH, raw -> positive(Integer.parseInt(raw)));
    }

    public int avroMaxCollectionItems() {
        return parse(Keys.AVRO_MAX_COLLECTION_ITEMS, raw -> positive(Integer.parseInt(raw)));
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
            if (Keys.isRegistryKey(key)) {
                properties.put(key, value);
            }
        });
        return properties;
    }

    String required(String key) {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            throw new ConfigurationException(key + " must not be empty" + originHint(key));
        }
        return value;
    }

    <T> T parse(String key, Function<String, T> parser) {
        String raw = required(key).trim();
        try {
            return parser.apply(raw);
        } catch (RuntimeException e) {
            String why = e instanceof NumberFormatException ? "not a number" : e.getMessage();
            throw new ConfigurationException(
                    "invalid value '" + raw + "' for " + key + ": " + why + " (" + origin(key) + ")", e);
        }
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

    static boolean bool(String raw) {
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        };
    }

    private static int port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("a port is 0 (any free one) to 65535");
        }
        return port;
    }

    private static <N extends Number> N positive(N n) {
        if (n.longValue() <= 0) {
            throw new IllegalArgumentException("must be positive");
        }
        return n;
    }
}
