package io.agreementgate.topology.config;

import io.agreementgate.topology.policy.Policy;
import io.agreementgate.topology.streams.StreamsDefaults;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyConfig;

/**
 * Everything the topology needs to be built: topic names, policy, waits, and the Kafka Streams properties (the
 * topology reads topology-level settings such as the deserialization handler from them).
 *
 * @param maxWait how long an order lacking an attestation waits for one; zero decides at once
 * @param waitCheckInterval how often (wall-clock) waiting orders are checked for an expired wait
 * @param inputPartitions the partition count of the customer-keyed topics, as the runtime found them at start-up: an
 *     order or attestation on another partition than Kafka's default placement for its key (murmur2 modulo this
 *     count) is re-routed to that partition before it touches any state. Not an operator's setting: the runtime reads
 *     it from the cluster ({@code GateProcess}); 1, the default of a topology built without a cluster, places every
 *     record where it already is
 * @param stateCacheBytes heap the decoded agreement state of recently used customers may take, for all tasks together
 *     ({@code gate.state.cache.bytes}); 0 keeps none
 */
public record GateConfig(
        Topics topics,
        Policy policy,
        Duration maxWait,
        Duration waitCheckInterval,
        Map<String, Object> streams,
        int inputPartitions,
        long stateCacheBytes) {

    public static final Duration DEFAULT_MAX_WAIT = Duration.ofMinutes(1);
    public static final Duration DEFAULT_WAIT_CHECK_INTERVAL = Duration.ofSeconds(1);

    /**
     * The share of the maximum heap ({@code -Xmx}) the decoded agreement state takes unless set: with the heap a
     * million-customer gate needs anyway (about 2 GiB), enough for all of them (estimated at about 550 bytes each,
     * BENCHMARKS.md, "Flat in customers"), so that every order is decided from memory; and with a small heap, under a
     * third of it, so that the cache cannot exhaust it. Beyond the budget the least valuable states are read from
     * RocksDB again, 2-5 µs each.
     */
    public static final int DEFAULT_STATE_CACHE_HEAP_PERCENT = 30;

    /** {@link #DEFAULT_STATE_CACHE_HEAP_PERCENT} of this JVM's maximum heap. */
    public static long defaultStateCacheBytes() {
        return heapShare(DEFAULT_STATE_CACHE_HEAP_PERCENT);
    }

    /** {@code percent} of this JVM's maximum heap ({@code -Xmx}), in bytes. */
    static long heapShare(int percent) {
        return Runtime.getRuntime().maxMemory() / 100 * percent;
    }

    public GateConfig {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(policy, "policy");
        if (maxWait == null || maxWait.isNegative()) {
            throw new IllegalArgumentException("gate.wait.max.ms must be zero or positive, was " + maxWait);
        }
        if (waitCheckInterval == null || waitCheckInterval.isNegative() || waitCheckInterval.isZero()) {
            throw new IllegalArgumentException(
                    "gate.wait.check-interval.ms must be positive, was " + waitCheckInterval);
        }
        streams = Map.copyOf(streams);
        if (inputPartitions < 1) {
            throw new IllegalArgumentException(
                    "the input topics' partition count must be positive, was " + inputPartitions);
        }
        if (stateCacheBytes < 0) {
            throw new IllegalArgumentException("gate.state.cache.bytes must not be negative, was " + stateCacheBytes);
        }
    }

    /** As read from settings: the partition count is not known until the runtime describes the topics. */
    public GateConfig(
            Topics topics, Policy policy, Duration maxWait, Duration waitCheckInterval, Map<String, Object> streams) {
        this(topics, policy, maxWait, waitCheckInterval, streams, 1, defaultStateCacheBytes());
    }

    public static GateConfig defaults() {
        return new GateConfig(
                Topics.DEFAULTS, Policy.DEFAULTS, DEFAULT_MAX_WAIT, DEFAULT_WAIT_CHECK_INTERVAL, Map.of());
    }

    public GateConfig withMaxWait(Duration newMaxWait) {
        return new GateConfig(topics, policy, newMaxWait, waitCheckInterval, streams, inputPartitions, stateCacheBytes);
    }

    /** This configuration for customer-keyed topics of {@code partitions} partitions. */
    public GateConfig withInputPartitions(int partitions) {
        return new GateConfig(topics, policy, maxWait, waitCheckInterval, streams, partitions, stateCacheBytes);
    }

    public GateConfig withStreams(Map<String, Object> newStreams) {
        return new GateConfig(topics, policy, maxWait, waitCheckInterval, newStreams, inputPartitions, stateCacheBytes);
    }

    public GateConfig withStateCacheBytes(long bytes) {
        return new GateConfig(topics, policy, maxWait, waitCheckInterval, streams, inputPartitions, bytes);
    }

    public String applicationId() {
        return streamsProperties().getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
    }

    /**
     * These properties as Kafka Streams reads them while building the gate's topology, every internal topic and store
     * required to be named explicitly (GateNames names them all). Also what start-up validation checks, before the
     * cluster is known: a placeholder stands in for an unset {@code bootstrap.servers}, which building does not read.
     */
    public TopologyConfig topologyConfig() {
        Properties properties = streamsProperties();
        properties.putIfAbsent(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "not-known-yet:9092");
        properties.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        return new TopologyConfig(new StreamsConfig(properties));
    }

    /** The Kafka Streams properties: the operator's settings over the gate's defaults ({@link StreamsDefaults}). */
    public Properties streamsProperties() {
        Properties properties = new Properties();
        properties.putAll(StreamsDefaults.of(topics.deadLetter(), !maxWait.isZero()));
        properties.putAll(streams);
        return properties;
    }
}
