package io.agreementgate.runtime.config;

import io.agreementgate.serde.AvroLimits;
import io.agreementgate.serde.SchemaLimits;
import io.agreementgate.serde.SchemaRegistryClients;
import io.agreementgate.topology.config.Setting;
import io.agreementgate.topology.config.TopologySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The runtime's own settings, each declared here once ({@link Setting}): key, type, default, what it does, parser.
 * The topology's are in {@link TopologySettings}; Kafka client and Streams properties are passed through. They share
 * the {@code gate.} prefix so that one namespace (and one environment-variable scheme) covers everything an operator
 * sets.
 *
 * <p>To add a setting: declare it here with {@code declare(...)}, read it with {@code options.get(THE_SETTING)}
 * ({@link GateOptions#get}), and add its row to README's settings table ({@code ReadmeTest} says what it must be).
 * Validation, the default layer and the environment variable follow from the declaration.
 */
public final class RuntimeSettings {
    /** Filled by {@link #declare} as the declarations below run: keep it first. */
    private static final List<Setting<?>> DECLARED = new ArrayList<>();

    /** Kafka's own key; when absent the gate runs on the embedded cluster. */
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    /** Confluent's key, so existing client configs can be reused as they are. */
    public static final String SCHEMA_REGISTRY_URL = SchemaRegistryClients.URL;

    /** A constant for the command line's help text. */
    public static final String DEFAULT_DATA_DIR = "./data/embedded";

    public static final Setting<Path> DATA_DIR = declare(new Setting<>(
            "gate.data.dir",
            "path",
            DEFAULT_DATA_DIR,
            "embedded cluster data and the gate's state, owner-only",
            raw -> Path.of(Setting.nonBlank(raw)).toAbsolutePath().normalize()));
    public static final Setting<String> HTTP_HOST = declare(Setting.text(
            "gate.http.host", "127.0.0.1", "address of the HTTP endpoint; beyond loopback needs gate.http.token"));
    public static final Setting<Integer> HTTP_PORT = declare(
            new Setting<>("gate.http.port", "port", "8080", "port of the HTTP endpoint; 0 = any free one", raw -> {
                int port = Integer.parseInt(raw);
                if (port < 0 || port > 65535) {
                    throw new IllegalArgumentException("a port is 0 (any free one) to 65535");
                }
                return port;
            }));
    public static final Setting<Optional<String>> HTTP_ADVERTISED_HOST = declare(Setting.optionalText(
            "gate.http.advertised-host", "host put into application.server when bound to a wildcard"));
    public static final Setting<Optional<String>> HTTP_TOKEN =
            declare(Setting.optionalText("gate.http.token", "bearer token the customer routes require"));
    public static final Setting<Boolean> HTTP_SHOW_CONTACTS = declare(
            Setting.bool("gate.http.show-contacts", false, "show contact details on the customer routes unmasked"));
    public static final Setting<Duration> HEALTH_GRACE = declare(Setting.positiveMillis(
            "gate.health.grace.ms", Duration.ofMinutes(1), "how long REBALANCING may last before /health is 503"));
    // 30 s: the ceiling; long enough for a commit, a GC pause or a short broker leader move.
    public static final Setting<Duration> HEALTH_STALL = declare(Setting.positiveMillis(
            "gate.health.stall.ms",
            Duration.ofSeconds(30),
            "how long Kafka may be unreachable, or records wait with none processed, before /health is 503"));
    public static final Setting<Boolean> TOPICS_CREATE =
            declare(Setting.bool("gate.topics.create", true, "create missing topics at start-up"));
    public static final Setting<Integer> TOPICS_PARTITIONS =
            declare(Setting.positiveInt("gate.topics.partitions", 3, "partitions of topics it creates"));
    /** Empty: the broker's {@code default.replication.factor}. */
    public static final Setting<Optional<Short>> TOPICS_REPLICATION_FACTOR = declare(new Setting<>(
            "gate.topics.replication-factor",
            "integer > 0",
            null,
            "replication factor of topics it creates; unset = the broker's",
            raw -> raw.isEmpty() ? Optional.empty() : Optional.of(Setting.positive(Short.parseShort(raw)))));

    public static final Setting<Duration> TOPICS_REJECTED_RETENTION = declare(Setting.positiveMillis(
            "gate.topics.rejected-retention.ms",
            Duration.ofDays(30),
            "retention.ms of the rejection topics it creates (30 days)"));
    public static final Setting<Duration> TOPICS_DEAD_LETTER_RETENTION = declare(Setting.positiveMillis(
            "gate.topics.dead-letter-retention.ms",
            Duration.ofDays(14),
            "retention.ms of the dead-letter topic it creates (14 days)"));
    public static final Setting<Duration> CONNECT_TIMEOUT = declare(Setting.positiveMillis(
            "gate.connect.timeout.ms",
            Duration.ofSeconds(15),
            "how long start-up waits for the cluster and the registry"));
    public static final Setting<Duration> SHUTDOWN_TIMEOUT = declare(Setting.positiveMillis(
            "gate.shutdown.timeout.ms", Duration.ofSeconds(30), "how long a clean stop may take"));
    public static final Setting<Duration> METRICS_REFRESH = declare(Setting.positiveMillis(
            "gate.metrics.refresh.ms", Duration.ofSeconds(10), "how often gauges read from the stores are refreshed"));
    public static final Setting<Boolean> SCHEMAS_AUTO_REGISTER =
            declare(Setting.bool("gate.schemas.auto-register", true, "register the gate's schemas at first use"));
    public static final Setting<Boolean> STATIC_MEMBERSHIP = declare(Setting.bool(
            "gate.group.static-membership", true, "static group membership, its id kept in the state directory"));
    // Why these defaults: SchemaLimits.DEFAULTS and AvroLimits (far above the gate's own schemas and orders).
    public static final Setting<Integer> SCHEMAS_MAX_LENGTH = declare(Setting.positiveInt(
            "gate.schemas.max-length",
            SchemaLimits.DEFAULTS.maxLength(),
            "longest writer schema used, in characters of JSON; longer ones are dead-lettered"));
    public static final Setting<Integer> SCHEMAS_MAX_DEPTH = declare(Setting.positiveInt(
            "gate.schemas.max-depth",
            SchemaLimits.DEFAULTS.maxDepth(),
            "deepest nesting of records, arrays, maps and unions in a writer schema used"));
    public static final Setting<Integer> SCHEMAS_CACHE_SIZE = declare(Setting.positiveInt(
            "gate.schemas.cache-size",
            SchemaLimits.DEFAULTS.cacheSize(),
            "writer schemas each deserializer keeps (least recently used dropped)"));
    public static final Setting<Integer> AVRO_MAX_STRING_LENGTH = declare(Setting.positiveInt(
            "gate.avro.max-string-length",
            AvroLimits.DEFAULT_MAX_STRING_LENGTH,
            "longest Avro string or bytes value decoded, in bytes (for the whole JVM)"));
    public static final Setting<Integer> AVRO_MAX_COLLECTION_ITEMS = declare(Setting.positiveInt(
            "gate.avro.max-collection-items",
            AvroLimits.DEFAULT_MAX_COLLECTION_ITEMS,
            "most items of an Avro array or map decoded (for the whole JVM)"));

    /** Every runtime setting, in the order README lists them. */
    public static final List<Setting<?>> ALL = Collections.unmodifiableList(DECLARED);

    /** The declared defaults: the lowest layer of every process's settings. */
    public static final Map<String, String> DEFAULTS = ALL.stream()
            .filter(s -> s.defaultValue() != null)
            .collect(Collectors.toUnmodifiableMap(Setting::key, Setting::defaultValue));

    /** Runtime keys under {@code gate.}: taken out before the rest goes to the topology. */
    public static final Set<String> KEYS = ALL.stream().map(Setting::key).collect(Collectors.toUnmodifiableSet());

    /** Schema registry client keys (Confluent's names, declared by the client): never for Kafka clients. */
    public static final Set<String> REGISTRY = Stream.concat(
                    Stream.of(
                            SchemaRegistryClients.URL,
                            SchemaRegistryClients.BASIC_AUTH_USER_INFO,
                            SchemaRegistryClients.BASIC_AUTH_CREDENTIALS_SOURCE),
                    SchemaRegistryClients.KNOWN_PREFIXED_KEYS.stream())
            .collect(Collectors.toUnmodifiableSet());

    private RuntimeSettings() {}

    private static <T> Setting<T> declare(Setting<T> setting) {
        DECLARED.add(setting);
        return setting;
    }

    static boolean isRegistryKey(String key) {
        return REGISTRY.contains(key) || key.startsWith("schema.registry.");
    }
}
