package io.agreementgate.runtime.demo;

import io.agreementgate.serde.SchemaRegistryClient;
import io.agreementgate.serde.SpecificAvroSerializer;
import io.agreementgate.topology.config.Topics;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends the demo's attestations and orders the way a distributor backend would: a plain KafkaProducer with the gate's
 * Avro serializer, which registers the schemas over HTTP with the registry.
 */
public final class DemoFeeder {
    private DemoFeeder() {}

    /** A short random run id, so repeated demos on one data folder do not meet each other's records. */
    public static String newRunId() {
        return Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36, 36L * 36 * 36 * 36 * 36), 36)
                .toLowerCase(Locale.ROOT);
    }

    /**
     * Sends every step, pausing where a step says so; blocks until all are acknowledged.
     *
     * @param producerProperties bootstrap servers and security settings
     */
    public static void feed(
            Map<String, Object> producerProperties,
            Topics topics,
            SchemaRegistryClient registry,
            List<DemoScenario.Step> steps,
            Consumer<String> out)
            throws InterruptedException {
        Map<String, Object> properties = new HashMap<>(producerProperties);
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "agreement-gate-demo");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(
                properties, new StringSerializer(), new SpecificAvroSerializer<>(registry, false, true))) {
            for (DemoScenario.Step step : steps) {
                if (!step.pauseBefore().isZero()) {
                    Thread.sleep(step.pauseBefore().toMillis());
                }
                String topic = step.attestation() ? topics.attestations() : topics.orders();
                // Acknowledged before it is reported sent: a refused record stops the demo instead of vanishing.
                try {
                    producer.send(new ProducerRecord<>(topic, step.key(), step.value()))
                            .get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("The demo could not send " + id(step.value()), e.getCause());
                }
                out.accept(String.format(
                        Locale.ROOT,
                        "  sent %-11s %-40s -> %s",
                        step.attestation() ? "attestation" : "order",
                        id(step.value()),
                        step.expect()));
            }
            producer.flush();
        }
    }

    /** The steps of a fresh run, dated now. */
    public static List<DemoScenario.Step> freshSteps() {
        return DemoScenario.steps(newRunId(), Instant.now());
    }

    private static String id(SpecificRecord value) {
        Object id = value.getSchema().getField("orderId") != null
                ? value.get(value.getSchema().getField("orderId").pos())
                : value.get(value.getSchema().getField("attestationId").pos());
        return String.valueOf(id);
    }
}
