package io.agreementgate.runtime.config;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The settings the runtime itself reads, besides the topology's {@code gate.*} keys (see GateConfigLoader) and the
 * Kafka client/Streams properties that are passed through. They share the {@code gate.} prefix so that one namespace
 * (and one environment-variable scheme) covers everything an operator sets.
 */
public final class Keys {
    private Keys() {}

    /** Kafka's own key; when absent the gate runs on the embedded cluster. */
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    /** Confluent's key, so existing client configs can be reused as they are. */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

    public static final String DATA_DIR = "gate.data.dir";
    public static final String HTTP_HOST = "gate.http.host";
    public static final String HTTP_PORT = "gate.http.port";
    /** Host name put into {@code application.server} when the HTTP host is a wildcard address. */
    public static final String HTTP_ADVERTISED_HOST = "gate.http.advertised-host";

    public static final String TOPICS_CREATE = "gate.topics.create";
    public static final String TOPICS_PARTITIONS = "gate.topics.partitions";
    public static final String TOPICS_REPLICATION_FACTOR = "gate.topics.replication-factor";
    public static final String CONNECT_TIMEOUT_MS = "gate.connect.timeout.ms";
    public static final String SHUTDOWN_TIMEOUT_MS = "gate.shutdown.timeout.ms";
    public static final String METRICS_REFRESH_MS = "gate.metrics.refresh.ms";
    public static final String SCHEMAS_AUTO_REGISTER = "gate.schemas.auto-register";
    /** Bearer token the HTTP customer routes require; required when the endpoint is bound beyond loopback. */
    public static final String HTTP_TOKEN = "gate.http.token";
    /** Show contact details on the HTTP customer routes instead of masking them. */
    public static final String HTTP_SHOW_CONTACTS = "gate.http.show-contacts";
    /** retention.ms of the rejection topics the gate creates (they hold the rejected attestation's contact). */
    public static final String TOPICS_REJECTED_RETENTION_MS = "gate.topics.rejected-retention.ms";
    /** retention.ms of the dead-letter topic the gate creates. */
    public static final String TOPICS_DEAD_LETTER_RETENTION_MS = "gate.topics.dead-letter-retention.ms";
    /** How long REBALANCING, or the last stream thread death, may last before /health says DOWN. */
    public static final String HEALTH_GRACE_MS = "gate.health.grace.ms";
    /** Static group membership with an id kept in the state directory (see GroupInstanceId). */
    public static final String STATIC_MEMBERSHIP = "gate.group.static-membership";

    public static final String DEFAULT_DATA_DIR = "./data/embedded";
    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final int DEFAULT_PARTITIONS = 3;

    /**
     * The runtime's defaults: the lowest layer, under file, environment and flags. Kafka Streams settings here are
     * the gate's choices where Kafka's own default does not fit a compliance gate.
     */
    public static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry(DATA_DIR, DEFAULT_DATA_DIR),
            Map.entry(HTTP_HOST, "127.0.0.1"),
            Map.entry(HTTP_PORT, Integer.toString(DEFAULT_HTTP_PORT)),
            Map.entry(TOPICS_CREATE, "true"),
            Map.entry(TOPICS_PARTITIONS, Integer.toString(DEFAULT_PARTITIONS)),
            Map.entry(CONNECT_TIMEOUT_MS, "15000"),
            Map.entry(SHUTDOWN_TIMEOUT_MS, "30000"),
            Map.entry(METRICS_REFRESH_MS, "10000"),
            Map.entry(SCHEMAS_AUTO_REGISTER, "true"),
            Map.entry(HEALTH_GRACE_MS, "60000"),
            Map.entry(HTTP_SHOW_CONTACTS, "false"),
            Map.entry(
                    TOPICS_REJECTED_RETENTION_MS,
                    Long.toString(java.time.Duration.ofDays(30).toMillis())),
            Map.entry(
                    TOPICS_DEAD_LETTER_RETENTION_MS,
                    Long.toString(java.time.Duration.ofDays(14).toMillis())),
            Map.entry(STATIC_MEMBERSHIP, "true"),
            // An order must be decided once: a crash must neither lose nor duplicate a decision.
            Map.entry("processing.guarantee", "exactly_once_v2"),
            // Failover in seconds (docs/RESILIENCE.md): a dead instance is noticed after 10 s instead of 45 s, and the
            // survivor takes its tasks over from a standby copy of their state instead of restoring it from scratch.
            Map.entry("session.timeout.ms", "10000"),
            Map.entry("num.standby.replicas", "1"),
            // Not enable.transactional.statestores (KIP-892), though it would spare the state wipe after a crash: in
            // Kafka 4.4.0 its uncommitted-bytes gauge reads a closed store's native write batch and crashed the JVM.
            // The gate has no global stores; enabling it now is what Kafka 5 will default to (and silences a warning).
            Map.entry("processing.exception.handler.global.enabled", "true"));

    /** Runtime keys under {@code gate.}: taken out before the rest goes to GateConfigLoader. */
    public static final Set<String> RUNTIME = Set.of(
            DATA_DIR,
            HTTP_HOST,
            HTTP_PORT,
            HTTP_ADVERTISED_HOST,
            TOPICS_CREATE,
            TOPICS_PARTITIONS,
            TOPICS_REPLICATION_FACTOR,
            CONNECT_TIMEOUT_MS,
            SHUTDOWN_TIMEOUT_MS,
            METRICS_REFRESH_MS,
            SCHEMAS_AUTO_REGISTER,
            HEALTH_GRACE_MS,
            HTTP_TOKEN,
            HTTP_SHOW_CONTACTS,
            TOPICS_REJECTED_RETENTION_MS,
            TOPICS_DEAD_LETTER_RETENTION_MS,
            STATIC_MEMBERSHIP);

    /** Schema registry client keys (Confluent's names): for the registry client only, never for Kafka clients. */
    public static final Set<String> REGISTRY = Set.of(
            SCHEMA_REGISTRY_URL,
            "basic.auth.user.info",
            "basic.auth.credentials.source",
            "schema.registry.basic.auth.user.info",
            "schema.registry.request.timeout.ms");

    public static Set<String> runtimeKeys() {
        return new TreeSet<>(RUNTIME);
    }

    static boolean isRegistryKey(String key) {
        return REGISTRY.contains(key) || key.startsWith("schema.registry.");
    }
}
