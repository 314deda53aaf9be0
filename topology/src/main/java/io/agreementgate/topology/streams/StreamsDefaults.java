package io.agreementgate.topology.streams;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The one place where the gate sets Kafka Streams settings of its own: each is a default under whatever the operator
 * sets, with the reason it is not Kafka's default. README's table of them is checked against {@link #of}.
 */
public final class StreamsDefaults {
    public static final String APPLICATION_ID = "agreement-gate";

    private StreamsDefaults() {}

    /**
     * @param deadLetterTopic where undecodable input goes; empty turns the dead-letter topic off
     * @param ordersMayWait whether orders wait for a late attestation ({@code gate.wait.max.ms} above zero)
     */
    public static Map<String, Object> of(String deadLetterTopic, boolean ordersMayWait) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        // An order must be decided once: a crash must neither lose nor duplicate a decision.
        defaults.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        if (!deadLetterTopic.isEmpty()) {
            // Undecodable input goes to the dead-letter topic and processing continues (KIP-1034).
            defaults.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, deadLetterTopic);
        }
        // ... except a schema registry outage, which is no bad input: retried, never dead-lettered.
        defaults.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterOrRetryHandler.class);
        // No output can kill a stream thread: one too large for the broker is dead-lettered as a summary instead.
        defaults.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, OversizeOutputHandler.class);
        // The gate has no global stores; enabling it now is what Kafka 5 will default to (and silences a warning).
        defaults.put("processing.exception.handler.global.enabled", "true");
        if (ordersMayWait) {
            // Orders and attestations are written independently, so their timestamps say nothing reliable about
            // which must be decided first; the wait for a late attestation covers that. Not idling on empty input
            // partitions (the repartition topic is nearly always empty) also spares Kafka Streams a costly
            // "enforced processing" path per record: about +20% throughput in the benchmark.
            defaults.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        }
        // Producer batches of up to 256 KiB, sent at most 10 ms after their first record (Kafka Streams: 16 KiB and
        // 100 ms). When one batch fills, the producer sends every open batch for that broker with it, so with 16 KiB
        // the approved-id changelog's small records left in batches of a few dozen, one per batch of decisions, and
        // the broker paid per batch. Measured: a fifth less CPU per decision, p99 at 2,000 orders/s unchanged
        // (BENCHMARKS.md). Unprefixed, so that an operator's own linger.ms or batch.size replaces them.
        defaults.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        defaults.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        // Failover in seconds (docs/RESILIENCE.md): a dead instance is noticed after 10 s instead of 45 s, and the
        // survivor takes its tasks over from a standby copy of their state instead of restoring it from scratch.
        defaults.put("session.timeout.ms", "10000");
        defaults.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1");
        // One bounded block cache and write buffer budget for all the process's RocksDB stores, bloom filters on every
        // level (BoundedRocksDB, sized by gate.state.memory.*): memory no longer grows with tasks or customers.
        defaults.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDB.class);
        // Not KIP-892's enable.transactional.statestores: in Kafka Streams 4.4.0 a metrics reader (Micrometer, a JMX
        // scrape) reading a store's uncommitted-bytes gauge while the store closes crashed the JVM (SIGSEGV in
        // RocksDB's WriteBatch.getDataSize). Without it a crash under exactly-once restores the local state from the
        // changelogs instead: seconds at a million customers (BENCHMARKS.md), and the standby replica covers takeover.
        return Collections.unmodifiableMap(defaults);
    }
}
