package io.agreementgate.runtime.tools;

import io.agreementgate.serde.GenericAvroSerializer;
import io.agreementgate.serde.SchemaRegistryClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends parsed lines to a topic in the Confluent wire format (schema registered or looked up in {@code
 * <topic>-value}), string keys. Everything is serialized before the first send, so a schema the registry refuses
 * sends nothing either.
 */
public final class ConsoleProducer {
    private ConsoleProducer() {}

    /** A send that failed part-way; {@link #sent()} records reached the topic before it. */
    public static final class SendFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int sent;

        SendFailedException(String message, int sent, Throwable cause) {
            super(message, cause);
            this.sent = sent;
        }

        public int sent() {
            return sent;
        }
    }

    /**
     * @param producerProperties bootstrap servers, security and other producer settings
     * @return how many records were sent
     */
    public static int send(
            Map<String, Object> producerProperties,
            SchemaRegistryClient registry,
            boolean autoRegister,
            String topic,
            Optional<KeyField> keyField,
            List<JsonLines.Line> lines) {
        GenericAvroSerializer serializer = new GenericAvroSerializer(registry, false, autoRegister);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (JsonLines.Line line : lines) {
            String key = line.keyGiven()
                    ? line.key()
                    : keyField.map(f -> f.of(line.value())).orElse(null);
            byte[] value;
            try {
                value = serializer.serialize(topic, line.value());
            } catch (SerializationException e) {
                throw new JsonLines.BadLineException(line.number(), InputErrors.describe(e), e);
            }
            records.add(new ProducerRecord<>(topic, key, value));
        }
        Map<String, Object> properties = new HashMap<>(producerProperties);
        properties.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        properties.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "agreement-gate-produce");
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<String, byte[]> record : records) {
                sends.add(producer.send(record));
            }
            producer.flush();
        }
        int sent = 0;
        for (Future<RecordMetadata> send : sends) {
            try {
                send.get();
                sent++;
            } catch (ExecutionException e) {
                throw new SendFailedException(
                        "sent " + sent + " of " + records.size() + " records, then: "
                                + e.getCause().getMessage(),
                        sent,
                        e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SendFailedException("interrupted after " + sent + " records", sent, e);
            }
        }
        return sent;
    }
}
