package io.agreementgate.runtime.config;

import io.agreementgate.serde.SchemaRegistryClients;
import io.agreementgate.topology.config.GateConfig;
import io.agreementgate.topology.config.GateConfigLoader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

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

    /**
     * Customer data must not reach the network unprotected: an endpoint bound beyond loopback needs a token.
     *
     * @throws ConfigurationException when {@code gate.http.host} is not a loopback address and no token is set
     */
    private void checkHttpExposure() {
        String host = httpHost();
        boolean loopback;
        try {
            loopback = InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new ConfigurationException("invalid value '" + host + "' for " + Keys.HTTP_HOST + ": unknown host ("
                    + origin(Keys.HTTP_HOST) + ")");
        }
        if (!loopback && httpToken().isEmpty()) {
            throw new ConfigurationException(Keys.HTTP_HOST + " " + host + " (" + origin(Keys.HTTP_HOST)
                    + ") serves customer data beyond this machine: set " + Keys.HTTP_TOKEN
                    + " (clients send Authorization: Bearer <token>), or bind 127.0.0.1");
        }
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

    public boolean autoRegisterSchemas() {
        return parse(Keys.SCHEMAS_AUTO_REGISTER, GateSettings::bool);
    }

    public boolean staticMembership() {
        return parse(Keys.STATIC_MEMBERSHIP, GateSettings::bool);
    }

    /**
     * The topology's configuration: every {@code gate.*} key the topology knows and every Kafka key; runtime and
     * schema registry keys stay out, so Kafka Streams does not warn about settings it does not use.
     *
     * @throws ConfigurationException naming the key, for an unknown {@code gate.*} key, a bad value or an invalid
     *     policy
     */
    public GateConfig gateConfig() {
        Set<String> topologyKeys = GateConfigLoader.knownKeys();
        Map<String, String> forLoader = new TreeMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(GateConfigLoader.PREFIX)) {
                if (topologyKeys.contains(key)) {
                    forLoader.put(key, value);
                } else if (!Keys.RUNTIME.contains(key)) {
                    Set<String> known = new TreeSet<>(topologyKeys);
                    known.addAll(Keys.RUNTIME);
                    throw unknownKey(key, known);
                }
            } else if (!Keys.isRegistryKey(key)) {
                forLoader.put(key, value);
            }
        });
        try {
            return GateConfigLoader.load(forLoader);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage() + originHint(e.getMessage()), e);
        }
    }

    /** Checks every setting the runtime reads, so that a wrong one stops start-up before anything starts. */
    public GateSettings validate() {
        dataDir();
        httpHost();
        httpPort();
        createTopics();
        partitions();
        replicationFactor();
        connectTimeout();
        shutdownTimeout();
        metricsRefresh();
        autoRegisterSchemas();
        healthGrace();
        showContacts();
        rejectedRetention();
        deadLetterRetention();
        checkHttpExposure();
        checkRegistryKeys();
        staticMembership();
        checkStreamsSettings(gateConfig());
        return this;
    }

    /** A misspelt {@code schema.registry.*} key would silently do nothing (e.g. a truststore never used). */
    private void checkRegistryKeys() {
        Set<String> known = SchemaRegistryClients.KNOWN_PREFIXED_KEYS;
        values.keySet().stream()
                .filter(k -> k.startsWith("schema.registry.") && !known.contains(k))
                .sorted()
                .findFirst()
                .ifPresent(k -> {
                    throw unknownKey(k, known);
                });
    }

    /** Kafka Streams checks its own settings only when created: check them now, before a cluster is started. */
    private void checkStreamsSettings(GateConfig config) {
        Properties properties = config.streamsProperties();
        properties.putIfAbsent(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "checked-later:9092");
        try {
            new StreamsConfig(properties);
        } catch (ConfigException e) {
            throw new ConfigurationException(e.getMessage() + originHint(e.getMessage()), e);
        }
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

    private String required(String key) {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            throw new ConfigurationException(key + " must not be empty" + originHint(key));
        }
        return value;
    }

    private <T> T parse(String key, Function<String, T> parser) {
        String raw = required(key).trim();
        try {
            return parser.apply(raw);
        } catch (RuntimeException e) {
            String why = e instanceof NumberFormatException ? "not a number" : e.getMessage();
            throw new ConfigurationException(
                    "invalid value '" + raw + "' for " + key + ": " + why + " (" + origin(key) + ")", e);
        }
    }

    private ConfigurationException unknownKey(String key, Set<String> known) {
        String suggestion = known.stream()
                .min(Comparator.comparingInt(k -> distance(k, key)))
                .filter(k -> distance(k, key) <= Math.max(3, key.length() / 4))
                .map(k -> "; did you mean " + k + "?")
                .orElse("; known: " + new TreeSet<>(known));
        return new ConfigurationException("unknown setting " + key + " (" + origin(key) + ")" + suggestion);
    }

    /** " (environment variable X)" for the most specific key named in a message, so the user knows what to fix. */
    private String originHint(String message) {
        return values.keySet().stream()
                .filter(message::contains)
                .filter(k -> !DEFAULT_ORIGIN.equals(origins.get(k)))
                .max(Comparator.comparingInt(String::length))
                .map(k -> " (" + origin(k) + ")")
                .orElse("");
    }

    private static boolean bool(String raw) {
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

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
