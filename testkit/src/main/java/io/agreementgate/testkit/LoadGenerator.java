package io.agreementgate.testkit;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.Order;
import io.agreementgate.schema.ProductType;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A distributor backend writing orders and attestations over the network, paced, on its own thread, keyed by customer.
 * Customers whose index is divisible by 4 never get an attestation (their orders are rejected after the wait); the
 * others get theirs just after their first order, so some orders wait and are released. Every order has its own id
 * ({@link #orderId}), so a {@link DecisionReader} can tell lost and twice-decided orders apart. The values are written
 * by the serializers given (the gate's, with a registry client).
 */
public final class LoadGenerator implements AutoCloseable {
    public static final int CUSTOMERS = 40;

    private final KafkaProducer<String, Order> orders;
    private final KafkaProducer<String, AgreementAttestation> attestations;
    private final String ordersTopic;
    private final String attestationsTopic;
    private final AtomicInteger sent = new AtomicInteger();
    private Thread thread;
    private volatile RuntimeException failure;
    private volatile boolean stopped;

    public LoadGenerator(
            String bootstrapServers,
            String ordersTopic,
            String attestationsTopic,
            Serializer<Order> orderValues,
            Serializer<AgreementAttestation> attestationValues) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // Survive a broker restart: keep retrying for up to two minutes rather than dropping an order.
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        orders = new KafkaProducer<>(props, new StringSerializer(), orderValues);
        attestations = new KafkaProducer<>(props, new StringSerializer(), attestationValues);
        this.ordersTopic = ordersTopic;
        this.attestationsTopic = attestationsTopic;
    }

    /** The partner of customer {@code cust-N} is {@code partner-cust-N}: every order of the load is approvable. */
    public static String partnerOf(String customerId) {
        return "partner-" + customerId;
    }

    /** An order of this customer told apart by its sequence number (its time and quantity vary with it). */
    public static Order order(String orderId, String customerId, int sequence) {
        return Samples.anOrder()
                .id(orderId)
                .customer(customerId)
                .partner(partnerOf(customerId))
                .orderedAt(Samples.MCA_ERA.plusSeconds(sequence))
                .items(Samples.item(ProductType.LICENSE_SUBSCRIPTION, 1 + sequence % 20))
                .build();
    }

    /** The customer's attestation by its partner, approving its orders. */
    public static AgreementAttestation attestation(String customerId) {
        return Samples.anAttestation()
                .id("att-" + customerId)
                .customer(customerId)
                .by(partnerOf(customerId))
                .build();
    }

    public static String orderId(int i) {
        return "order-" + i;
    }

    public static String customerId(int customer) {
        return "cust-" + customer;
    }

    /** Starts writing {@code count} orders at about {@code perSecond}, or as fast as it can when that is 0. */
    public LoadGenerator start(int count, int perSecond) {
        thread = new Thread(() -> run(count, perSecond), "load-generator");
        thread.start();
        return this;
    }

    @SuppressWarnings("FutureReturnValueIgnored") // every send's failure reaches check()
    private void run(int count, int perSecond) {
        try {
            for (int i = 0; i < count && !stopped; i++) {
                int customer = i % CUSTOMERS;
                String customerId = customerId(customer);
                orders.send(
                        new ProducerRecord<>(ordersTopic, customerId, order(orderId(i), customerId, i)), this::check);
                if (i < CUSTOMERS && customer % 4 != 0) {
                    attestations.send(
                            new ProducerRecord<>(attestationsTopic, customerId, attestation(customerId)), this::check);
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

    private void check(RecordMetadata metadata, Exception e) {
        if (e != null) {
            failure = new IllegalStateException("a record could not be written", e);
        }
    }

    /** Stops sending after the current order; {@link #sent()} is then the final count. */
    public LoadGenerator stop() {
        stopped = true;
        return this;
    }

    /** Waits until every order was written (acknowledged). */
    public void awaitDone() throws InterruptedException {
        thread.join();
        if (failure != null) {
            throw failure;
        }
    }

    public int sent() {
        return sent.get();
    }

    /** Writes one order now, synchronously. */
    public void send(Order order) throws ExecutionException, InterruptedException {
        orders.send(new ProducerRecord<>(ordersTopic, order.getCustomerId(), order))
                .get();
    }

    /** Writes one attestation now, synchronously. */
    public void send(AgreementAttestation attestation) throws ExecutionException, InterruptedException {
        attestations
                .send(new ProducerRecord<>(attestationsTopic, attestation.getCustomerId(), attestation))
                .get();
    }

    @Override
    public void close() {
        orders.close();
        attestations.close();
    }
}
