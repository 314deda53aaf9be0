package io.agreementgate.benchmarks;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.AgreementType;
import io.agreementgate.schema.Order;
import io.agreementgate.serde.AvroSerdes;
import io.agreementgate.testkit.Population;
import io.agreementgate.topology.Placement;
import io.agreementgate.topology.config.GateTopics;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes attestations and orders as distributor backends would: keyed by customer, Confluent-wire Avro. */
final class Loader implements AutoCloseable {
    private static final Instant ORDERED_AT = Instant.parse("2024-03-01T10:00:00Z");
    private final KafkaProducer<String, AgreementAttestation> attestations;
    private final KafkaProducer<String, Order> orders;
    /** The first send the broker refused: the producers report it to a callback, checked after each flush. */
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    private final Callback onFailure = (metadata, e) -> {
        if (e != null) {
            failure.compareAndSet(null, e);
        }
    };
    private long nextOrder;
    /** 0: let the producer place each record (murmur2, where the gate wants it); else the partition count to miss. */
    private int misplaceOn;

    Loader(String bootstrap, AvroSerdes serdes) {
        attestations = new KafkaProducer<>(
                props(bootstrap),
                new StringSerializer(),
                GateTopics.ATTESTATIONS.valueSerde(serdes).serializer());
        orders = new KafkaProducer<>(
                props(bootstrap),
                new StringSerializer(),
                GateTopics.ORDERS.valueSerde(serdes).serializer());
    }

    /** Writes every record to the partition after its murmur2 one, so that the gate re-routes every record. */
    Loader misplacedOn(int partitions) {
        this.misplaceOn = partitions;
        return this;
    }

    private Integer partition(String key) {
        return misplaceOn == 0 ? null : (Placement.home(key, misplaceOn) + 1) % misplaceOn;
    }

    private static Properties props(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        return props;
    }

    /**
     * One Microsoft Customer Agreement attestation per customer, and the professional-secrecy agreement for the
     * customers bound by it, so that every order is approved at once and none waits.
     */
    void attestations(String topic, long customers) {
        for (long c = 0; c < customers; c++) {
            send(topic, c, AgreementType.MICROSOFT_CUSTOMER_AGREEMENT);
            if (Population.bySecrecy(c)) {
                send(topic, c, AgreementType.PROFESSIONAL_SECRECY_AGREEMENT);
            }
        }
        attestations.flush();
        throwIfFailed();
    }

    @SuppressWarnings("FutureReturnValueIgnored") // failures reach onFailure
    private void send(String topic, long customer, AgreementType type) {
        String key = Population.customerId(customer);
        attestations.send(
                new ProducerRecord<>(topic, partition(key), key, Population.attestation(customer, type)), onFailure);
    }

    private void throwIfFailed() {
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException("The broker refused a benchmark record", e);
        }
    }

    /** {@code count} orders spread round-robin over the customers, as fast as the producer goes. */
    void orders(String topic, long count, long customers) {
        for (long i = 0; i < count; i++) {
            send(topic, customers);
        }
        orders.flush();
        throwIfFailed();
    }

    /** Orders at a steady offered rate, paced per millisecond. */
    void ordersAtRate(String topic, long count, long customers, int perSecond) {
        long start = System.nanoTime();
        for (long i = 0; i < count; i++) {
            long due = start + i * 1_000_000_000L / perSecond;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            send(topic, customers);
        }
        orders.flush();
        throwIfFailed();
    }

    @SuppressWarnings("FutureReturnValueIgnored") // failures reach onFailure
    private void send(String topic, long customers) {
        long sequence = nextOrder++;
        long customer = (sequence * 7919) % customers; // spread evenly, not in key order
        String key = Population.customerId(customer);
        orders.send(
                new ProducerRecord<>(topic, partition(key), key, Population.order(sequence, customer, ORDERED_AT)),
                onFailure);
    }

    @Override
    public void close() {
        attestations.close();
        orders.close();
    }
}
