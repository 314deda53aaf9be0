package io.agreementgate.runtime.demo;

import io.agreementgate.schema.ApprovedOrder;
import io.agreementgate.schema.RejectedAttestation;
import io.agreementgate.schema.RejectedOrder;
import io.agreementgate.serde.SchemaRegistryClient;
import io.agreementgate.serde.SpecificAvroDeserializer;
import io.agreementgate.topology.config.GateTopics;
import io.agreementgate.topology.config.Topics;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prints every decision as it lands on the three output topics, one line each, from the moment it starts (earlier
 * decisions on the topics are skipped). Reads committed records only: what fulfillment would see.
 */
public final class DecisionPrinter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DecisionPrinter.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Topics topics;
    private final Consumer<String> out;
    private final SpecificAvroDeserializer<ApprovedOrder> approved;
    private final SpecificAvroDeserializer<RejectedOrder> rejectedOrders;
    private final SpecificAvroDeserializer<RejectedAttestation> rejectedAttestations;
    private final Thread thread;
    private volatile boolean stopping;

    private DecisionPrinter(
            KafkaConsumer<String, byte[]> consumer,
            Topics topics,
            SchemaRegistryClient registry,
            Consumer<String> out) {
        this.consumer = consumer;
        this.topics = topics;
        this.out = out;
        this.approved = new SpecificAvroDeserializer<>(GateTopics.ORDERS_APPROVED.valueType(), registry, false);
        this.rejectedOrders = new SpecificAvroDeserializer<>(GateTopics.ORDERS_REJECTED.valueType(), registry, false);
        this.rejectedAttestations =
                new SpecificAvroDeserializer<>(GateTopics.ATTESTATIONS_REJECTED.valueType(), registry, false);
        this.thread = new Thread(this::printLoop, "decision-printer");
        this.thread.setDaemon(true);
    }

    /**
     * Positions at the end of the output topics, then prints in the background; returns once positioned, so that
     * records sent after this call are all printed.
     *
     * @param consumerProperties bootstrap servers and security settings
     */
    public static DecisionPrinter start(
            Map<String, Object> consumerProperties, Topics topics, SchemaRegistryClient registry, PrintStream out) {
        return start(consumerProperties, topics, registry, out::println);
    }

    public static DecisionPrinter start(
            Map<String, Object> consumerProperties,
            Topics topics,
            SchemaRegistryClient registry,
            Consumer<String> out) {
        Map<String, Object> properties = new HashMap<>(consumerProperties);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "agreement-gate-decision-printer");
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : GateTopics.DECISIONS.stream().map(topics::name).toList()) {
                for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                    partitions.add(new TopicPartition(p.topic(), p.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            // seekToEnd is lazy: resolve the positions now, or records sent before the first poll would be skipped.
            partitions.forEach(p -> consumer.position(p, Duration.ofSeconds(30)));
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
        DecisionPrinter printer = new DecisionPrinter(consumer, topics, registry, out);
        printer.thread.start();
        return printer;
    }

    private void printLoop() {
        try {
            while (!stopping) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    print(record);
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop.
        } catch (RuntimeException e) {
            LOG.warn("Decision printer stopped: {}", e.toString());
        } finally {
            consumer.close();
        }
    }

    private void print(ConsumerRecord<String, byte[]> record) {
        try {
            if (record.topic().equals(topics.approvedOrders())) {
                out.accept(DecisionLines.approved(approved.deserialize(record.topic(), record.value())));
            } else if (record.topic().equals(topics.rejectedOrders())) {
                out.accept(DecisionLines.rejected(rejectedOrders.deserialize(record.topic(), record.value())));
            } else {
                out.accept(DecisionLines.rejected(rejectedAttestations.deserialize(record.topic(), record.value())));
            }
        } catch (RuntimeException e) {
            out.accept("(undecodable record on " + record.topic() + " at offset " + record.offset() + ": "
                    + e.getMessage() + ")");
        }
    }

    @Override
    public void close() {
        stopping = true;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
