package io.agreementgate.resilience;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.Order;
import io.agreementgate.serde.AvroSerdes;
import io.agreementgate.serde.HttpSchemaRegistryClient;
import io.agreementgate.topology.config.Topics;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A distributor backend writing orders and attestations over the network, paced, on its own thread. Customers whose
 * index is divisible by 4 never get an attestation (their orders are rejected after the wait); the others get theirs
 * just after their first order, so some orders wait and are released.
 */
final class Traffic implements AutoCloseable {
    static final int CUSTOMERS = 40;

    private final KafkaProducer<String, Order> orders;
    private final KafkaProducer<String, AgreementAttestation> attestations;
    private final Topics topics;
    private final AtomicInteger sent = new AtomicInteger();
    private Thread thread;
    private volatile RuntimeException failure;
    private volatile boolean stopped;

    Traffic(String bootstrap, String registryUrl, Topics topics) {
        AvroSerdes serdes =
                new AvroSerdes(new HttpSchemaRegistryClient(HttpSchemaRegistryClient.Config.of(registryUrl)), true);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // Survive a broker restart: keep retrying for up to two minutes rather than dropping an order.
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        orders = new KafkaProducer<>(
                props, new StringSerializer(), serdes.valueSerde(Order.class).serializer());
        attestations = new KafkaProducer<>(
                props,
                new StringSerializer(),
                serdes.valueSerde(AgreementAttestation.class).serializer());
        this.topics = topics;
    }

    /** Starts writing {@code count} orders at about {@code perSecond}, or as fast as it can when that is 0. */
    Traffic start(int count, int perSecond) {
        thread = new Thread(() -> run(count, perSecond), "traffic");
        thread.start();
        return this;
    }

    @SuppressWarnings("FutureReturnValueIgnored") // every send's failure reaches check()
    private void run(int count, int perSecond) {
        try {
            for (int i = 0; i < count && !stopped; i++) {
                int customer = i % CUSTOMERS;
                orders.send(
                        new ProducerRecord<>(
                                topics.orders(),
                                customerId(customer),
                                Records.order(orderId(i), customerId(customer), i)),
                        this::check);
                if (i < CUSTOMERS && customer % 4 != 0) {
                    attestations.send(
                            new ProducerRecord<>(
                                    topics.attestations(),
                                    customerId(customer),
                                    Records.attestation(customerId(customer))),
                            this::check);
                }
                sent.incrementAndGet();
                if (perSecond > 0) {
                    Thread.sleep(1000L / perSecond);
                }
            }
            orders.flush();
            attestations.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void check(org.apache.kafka.clients.producer.RecordMetadata metadata, Exception e) {
        if (e != null) {
            failure = new IllegalStateException("a record could not be written", e);
        }
    }

    /** Stops sending after the current order; {@link #sent()} is then the final count. */
    Traffic stop() {
        stopped = true;
        return this;
    }

    /** Waits until every order was written (acknowledged). */
    void awaitDone() throws InterruptedException {
        thread.join();
        if (failure != null) {
            throw failure;
        }
    }

    int sent() {
        return sent.get();
    }

    static String orderId(int i) {
        return "order-" + i;
    }

    static String customerId(int customer) {
        return "cust-" + customer;
    }

    /** Writes one order now, synchronously. */
    void send(Order order) throws Exception {
        orders.send(new ProducerRecord<>(topics.orders(), order.getCustomerId(), order))
                .get();
    }

    /** Writes one attestation now, synchronously. */
    void send(AgreementAttestation attestation) throws Exception {
        attestations
                .send(new ProducerRecord<>(topics.attestations(), attestation.getCustomerId(), attestation))
                .get();
    }

    @Override
    public void close() {
        orders.close();
        attestations.close();
    }
}
