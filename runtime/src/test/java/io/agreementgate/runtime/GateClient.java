package io.agreementgate.runtime;

import io.agreementgate.schema.ApprovedOrder;
import io.agreementgate.schema.RejectedAttestation;
import io.agreementgate.schema.RejectedOrder;
import io.agreementgate.serde.HttpSchemaRegistryClient;
import io.agreementgate.serde.SchemaRegistryClient;
import io.agreementgate.serde.SpecificAvroDeserializer;
import io.agreementgate.serde.SpecificAvroSerializer;
import io.agreementgate.testkit.TopicReader;
import io.agreementgate.topology.config.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

/**
 * A distributor backend and a fulfillment system in one, over the real network path: KafkaProducer and
 * KafkaConsumer with the gate's serdes and an HTTP schema registry client of its own.
 */
public final class GateClient implements AutoCloseable {
    private final java.util.concurrent.ConcurrentMap<Class<?>, SpecificAvroDeserializer<?>> deserializers =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final String bootstrap;
    private final Map<String, String> security;
    private final Topics topics;
    private final SchemaRegistryClient registry;
    private final KafkaProducer<String, SpecificRecord> producer;
    private final AtomicReference<Exception> asyncFailure = new AtomicReference<>();
    private final KafkaProducer<String, byte[]> rawProducer;
    private final TopicReader reader;

    public GateClient(String bootstrap, String registryUrl, Topics topics) {
        this(
                bootstrap,
                new HttpSchemaRegistryClient(HttpSchemaRegistryClient.Config.of(registryUrl)),
                topics,
                Map.of());
    }

    /** @param security Kafka client settings for a secured cluster (security.protocol, sasl.*, ssl.*) */
    public GateClient(String bootstrap, SchemaRegistryClient registry, Topics topics, Map<String, String> security) {
        this.bootstrap = bootstrap;
        this.security = Map.copyOf(security);
        this.topics = topics;
        this.registry = registry;
        Map<String, Object> props = new java.util.HashMap<>(security);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        this.producer =
                new KafkaProducer<>(props, new StringSerializer(), new SpecificAvroSerializer<>(registry, false, true));
        this.rawProducer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.reader = new TopicReader(bootstrap, security);
    }

    /**
     * One deserializer per type, kept: its schema caches let the client read decisions while the registry is down,
     * as the gate does.
     */
    @SuppressWarnings("unchecked") // the map holds a SpecificAvroDeserializer<T> under the key Class<T> only
    private <T extends SpecificRecord> SpecificAvroDeserializer<T> deserializer(Class<T> type) {
        return (SpecificAvroDeserializer<T>)
                deserializers.computeIfAbsent(type, t -> new SpecificAvroDeserializer<>(type, registry, false));
    }

    public SchemaRegistryClient registry() {
        return registry;
    }

    public void attest(SpecificRecord attestation, String key) {
        send(topics.attestations(), key, attestation);
    }

    public void order(SpecificRecord order, String key) {
        send(topics.orders(), key, order);
    }

    public void send(String topic, String key, SpecificRecord value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends without waiting for the broker: for bulk input; {@link #flush} before relying on it. */
    @SuppressWarnings("FutureReturnValueIgnored") // a failure reaches the callback, and flush throws it
    public void sendAsync(String topic, String key, SpecificRecord value) {
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, e) -> {
            if (e != null) {
                asyncFailure.compareAndSet(null, e);
            }
        });
    }

    /** Waits for every send; throws the first failure of an asynchronous one. */
    public void flush() {
        producer.flush();
        Exception failure = asyncFailure.get();
        if (failure != null) {
            throw new IllegalStateException("an asynchronous send failed", failure);
        }
    }

    public void sendRaw(String topic, String key, byte[] value) {
        try {
            rawProducer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public ApprovedOrder awaitApproved(String orderId, Duration timeout) {
        return await(
                topics.approvedOrders(),
                ApprovedOrder.class,
                a -> a.getOrder().getOrderId().equals(orderId),
                timeout);
    }

    public RejectedOrder awaitRejected(String orderId, Duration timeout) {
        return await(
                topics.rejectedOrders(),
                RejectedOrder.class,
                r -> r.getOrder().getOrderId().equals(orderId),
                timeout);
    }

    public RejectedAttestation awaitRejectedAttestation(String attestationId, Duration timeout) {
        return await(
                topics.rejectedAttestations(),
                RejectedAttestation.class,
                r -> r.getAttestation().getAttestationId().equals(attestationId),
                timeout);
    }

    /** Every committed record of a topic decoded as {@code type}, from the beginning, as of now. */
    public <T extends SpecificRecord> List<T> readAll(String topic, Class<T> type) {
        SpecificAvroDeserializer<T> deserializer = deserializer(type);
        List<T> values = new ArrayList<>();
        rawRecords(topic).forEach(r -> values.add(deserializer.deserialize(topic, r.value())));
        return values;
    }

    /** The first committed record of {@code topic} matching, waiting for it. */
    public <T extends SpecificRecord> T await(String topic, Class<T> type, Predicate<T> match, Duration timeout) {
        SpecificAvroDeserializer<T> deserializer = deserializer(type);
        List<T> found = new CopyOnWriteArrayList<>();
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
            rawRecords(topic).stream()
                    .map(r -> deserializer.deserialize(topic, r.value()))
                    .filter(match)
                    .findFirst()
                    .ifPresent(found::add);
            return !found.isEmpty();
        });
        return found.get(0);
    }

    /** The headers of the dead-letter record whose value is {@code value}, waiting for it. */
    public Map<String, String> awaitDeadLetter(byte[] value, Duration timeout) {
        List<Map<String, String>> found = new CopyOnWriteArrayList<>();
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
            rawRecords(topics.deadLetter()).stream()
                    .filter(r -> java.util.Arrays.equals(r.value(), value))
                    .findFirst()
                    .map(GateClient::headers)
                    .ifPresent(found::add);
            return !found.isEmpty();
        });
        return found.get(0);
    }

    /** The headers of the first dead-letter record whose headers match, waiting for it. */
    public Map<String, String> awaitDeadLetterWhere(Predicate<Map<String, String>> match, Duration timeout) {
        List<Map<String, String>> found = new CopyOnWriteArrayList<>();
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
            rawRecords(topics.deadLetter()).stream()
                    .map(GateClient::headers)
                    .filter(match)
                    .findFirst()
                    .ifPresent(found::add);
            return !found.isEmpty();
        });
        return found.get(0);
    }

    /** How many committed records of {@code topic} have key {@code key} and a header named {@code header}. */
    public long countWithHeader(String topic, String key, String header) {
        return rawRecords(topic).stream()
                .filter(r -> key.equals(r.key()) && r.headers().lastHeader(header) != null)
                .count();
    }

    public Optional<Long> endOffsetSum(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            return Optional.of(consumer.endOffsets(partitions).values().stream()
                    .mapToLong(Long::longValue)
                    .sum());
        }
    }

    private List<ConsumerRecord<String, byte[]>> rawRecords(String topic) {
        return reader.records(topic);
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> props = new java.util.HashMap<>(security);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic) {
        return consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
    }

    private static Map<String, String> headers(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new java.util.TreeMap<>();
        for (Header header : record.headers()) {
            headers.put(
                    header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    @Override
    public void close() {
        producer.close();
        rawProducer.close();
        reader.close();
    }
}
