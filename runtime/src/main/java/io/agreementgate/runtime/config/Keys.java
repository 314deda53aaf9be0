package io.agreementgate.runtime.config;

import io.agreementgate.serde.AvroLimits;
import io.agreementgate.serde.SchemaLimits;
import io.agreementgate.serde.SchemaRegistryClients;
import io.agreementgate.topology.config.GateConfigLoader;
import io.agreementgate.topology.config.Setting;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The names of the settings the runtime itself reads, and their declarations ({@link #SETTINGS}), besides the
 * topology's {@code gate.*} keys ({@link GateConfigLoader#SETTINGS}) and the Kafka client/Streams properties that are
 * passed through. They share the {@code gate.} prefix so that one namespace
 * (and one environment-variable scheme) covers everything an operator sets.
 */
public final class Keys {
    private Keys() {}

    /** Kafka's own key; when absent the gate runs on the embedded cluster. */
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    /** Confluent's key, so existing client configs can be reused as they are. */
    public static final String SCHEMA_REGISTRY_URL = SchemaRegistryClients.URL;

    public static final String DATA_DIR = "gate.data.dir";
    public static final String HTTP_HOST = "gate.http.host";
    public static final String HTTP_PORT = "gate.http.port";
    public static final String HTTP_ADVERTISED_HOST = "gate.http.advertised-host";

    public static final String TOPICS_CREATE = "gate.topics.create";
    public static final String TOPICS_PARTITIONS = "gate.topics.partitions";
    public static final String TOPICS_REPLICATION_FACTOR = "gate.topics.replication-factor";
    public static final String CONNECT_TIMEOUT_MS = "gate.connect.timeout.ms";
    public static final String SHUTDOWN_TIMEOUT_MS = "gate.shutdown.timeout.ms";
    public static final String METRICS_REFRESH_MS = "gate.metrics.refresh.ms";
    public static final String SCHEMAS_AUTO_REGISTER = "gate.schemas.auto-register";
    public static final String HTTP_TOKEN = "gate.http.token";
    public static final String HTTP_SHOW_CONTACTS = "gate.http.show-contacts";
    public static final String TOPICS_REJECTED_RETENTION_MS = "gate.topics.rejected-retention.ms";
    public static final String TOPICS_DEAD_LETTER_RETENTION_MS = "gate.topics.dead-letter-retention.ms";
    public static final String HEALTH_GRACE_MS = "gate.health.grace.ms";
    public static final String HEALTH_STALL_MS = "gate.health.stall.ms";
    public static final String STATIC_MEMBERSHIP = "gate.group.static-membership";
    public static final String SCHEMAS_MAX_LENGTH = "gate.schemas.max-length";
    public static final String SCHEMAS_MAX_DEPTH = "gate.schemas.max-depth";
    public static final String SCHEMAS_CACHE_SIZE = "gate.schemas.cache-size";
    public static final String AVRO_MAX_STRING_LENGTH = "gate.avro.max-string-length";
    public static final String AVRO_MAX_COLLECTION_ITEMS = "gate.avro.max-collection-items";

    public static final String DEFAULT_DATA_DIR = "./data/embedded";
    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final int DEFAULT_PARTITIONS = 3;

    /**
     * The runtime's own settings, each declared here once with its default and what it does; the defaults are the
     * lowest layer, under file, environment and flags. Kafka Streams settings the gate chooses are in
     * {@link io.agreementgate.topology.streams.StreamsDefaults}, the topology's in {@link GateConfigLoader#SETTINGS}.
     */
    public static final List<Setting> SETTINGS = List.of(
            new Setting(DATA_DIR, DEFAULT_DATA_DIR, "embedded cluster data and the gate's state, owner-only"),
            new Setting(HTTP_HOST, "127.0.0.1", "address of the HTTP endpoint; beyond loopback needs gate.http.token"),
            new Setting(HTTP_PORT, Integer.toString(DEFAULT_HTTP_PORT), "port of the HTTP endpoint; 0 = any free one"),
            new Setting(HTTP_ADVERTISED_HOST, null, "host put into application.server when bound to a wildcard"),
            new Setting(HTTP_TOKEN, null, "bearer token the customer routes require"),
            new Setting(HTTP_SHOW_CONTACTS, "false", "show contact details on the customer routes unmasked"),
            new Setting(HEALTH_GRACE_MS, "60000", "how long REBALANCING may last before /health is 503"),
            // 30 s: the ceiling; long enough for a commit, a GC pause or a short broker leader move.
            new Setting(
                    HEALTH_STALL_MS,
                    "30000",
                    "how long Kafka may be unreachable, or records wait with none processed, before /health is 503"),
            new Setting(TOPICS_CREATE, "true", "create missing topics at start-up"),
            new Setting(TOPICS_PARTITIONS, Integer.toString(DEFAULT_PARTITIONS), "partitions of topics it creates"),
            new Setting(
                    TOPICS_REPLICATION_FACTOR, null, "replication factor of topics it creates; unset = the broker's"),
            new Setting(
                    TOPICS_REJECTED_RETENTION_MS,
                    Long.toString(Duration.ofDays(30).toMillis()),
                    "retention.ms of the rejection topics it creates (30 days)"),
            new Setting(
                    TOPICS_DEAD_LETTER_RETENTION_MS,
                    Long.toString(Duration.ofDays(14).toMillis()),
                    "retention.ms of the dead-letter topic it creates (14 days)"),
            new Setting(CONNECT_TIMEOUT_MS, "15000", "how long start-up waits for the cluster and the registry"),
            new Setting(SHUTDOWN_TIMEOUT_MS, "30000", "how long a clean stop may take"),
            new Setting(METRICS_REFRESH_MS, "10000", "how often gauges read from the stores are refreshed"),
            new Setting(SCHEMAS_AUTO_REGISTER, "true", "register the gate's schemas at first use"),
            new Setting(STATIC_MEMBERSHIP, "true", "static group membership, its id kept in the state directory"),
            // Why these defaults: SchemaLimits.DEFAULTS and AvroLimits (far above the gate's own schemas and orders).
            new Setting(
                    SCHEMAS_MAX_LENGTH,
                    Integer.toString(SchemaLimits.DEFAULTS.maxLength()),
                    "longest writer schema used, in characters of JSON; longer ones are dead-lettered"),
            new Setting(
                    SCHEMAS_MAX_DEPTH,
                    Integer.toString(SchemaLimits.DEFAULTS.maxDepth()),
                    "deepest nesting of records, arrays, maps and unions in a writer schema used"),
            new Setting(
                    SCHEMAS_CACHE_SIZE,
                    Integer.toString(SchemaLimits.DEFAULTS.cacheSize()),
                    "writer schemas each deserializer keeps (least recently used dropped)"),
            new Setting(
                    AVRO_MAX_STRING_LENGTH,
                    Integer.toString(AvroLimits.DEFAULT_MAX_STRING_LENGTH),
                    "longest Avro string or bytes value decoded, in bytes (for the whole JVM)"),
            new Setting(
                    AVRO_MAX_COLLECTION_ITEMS,
                    Integer.toString(AvroLimits.DEFAULT_MAX_COLLECTION_ITEMS),
                    "most items of an Avro array or map decoded (for the whole JVM)"));

    /** The defaults of {@link #SETTINGS}: the lowest layer of every process's settings. */
    public static final Map<String, String> DEFAULTS = SETTINGS.stream()
            .filter(s -> s.defaultValue() != null)
            .collect(Collectors.toUnmodifiableMap(Setting::key, Setting::defaultValue));

    /** Runtime keys under {@code gate.}: taken out before the rest goes to GateConfigLoader. */
    public static final Set<String> RUNTIME =
            SETTINGS.stream().map(Setting::key).collect(Collectors.toUnmodifiableSet());

    /** Schema registry client keys (Confluent's names, declared by the client): never for Kafka clients. */
    public static final Set<String> REGISTRY = Stream.concat(
                    Stream.of(
                            SchemaRegistryClients.URL,
                            SchemaRegistryClients.BASIC_AUTH_USER_INFO,
                            SchemaRegistryClients.BASIC_AUTH_CREDENTIALS_SOURCE),
                    SchemaRegistryClients.KNOWN_PREFIXED_KEYS.stream())
            .collect(Collectors.toUnmodifiableSet());

    public static Set<String> runtimeKeys() {
        return new TreeSet<>(RUNTIME);
    }

    static boolean isRegistryKey(String key) {
        return REGISTRY.contains(key) || key.startsWith("schema.registry.");
    }
}
