package io.agreementgate.runtime.tools;

import io.agreementgate.runtime.config.ConfigurationException;
import io.agreementgate.serde.AvroJson;
import io.agreementgate.serde.GenericAvroDeserializer;
import io.agreementgate.serde.SchemaRegistryClient;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Prints a topic as JSON lines in Avro's JSON encoding (as Confluent's console consumer does), the writer schema of
 * each record fetched from the registry by its id. It reads every partition without a consumer group, so it commits
 * nothing and disturbs no one.
 */
public final class ConsoleConsumer {

    /**
     * @param maxMessages stop after this many records; 0 for no limit
     * @param idleTimeout stop when no record arrives for this long; null to wait for ever
     */
    public record Options(
            String topic, boolean fromBeginning, int maxMessages, Duration idleTimeout, boolean printKey) {}

    private ConsoleConsumer() {}

    /**
     * @param out one line per record; records that cannot be decoded are reported on {@code err} (with their
     *     headers, where the dead-letter topic keeps the reason) and skipped
     * @return how many records were printed
     */
    public static int consume(
            Map<String, Object> consumerProperties,
            SchemaRegistryClient registry,
            Options options,
            PrintStream out,
            PrintStream err) {
        Map<String, Object> properties = new HashMap<>(consumerProperties);
        // Like fulfillment: see what the gate committed, never records of an aborted transaction.
        properties.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "agreement-gate-consume");
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        GenericAvroDeserializer deserializer = new GenericAvroDeserializer(registry, false);
        int printed = 0;
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(options.topic(), Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new ConfigurationException("topic " + options.topic() + " does not exist");
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            if (options.fromBeginning()) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            long lastRecordAt = System.nanoTime();
            while (options.maxMessages() == 0 || printed < options.maxMessages()) {
                boolean any = false;
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    any = true;
                    if (print(record, deserializer, options, out, err)) {
                        printed++;
                    }
                    if (options.maxMessages() > 0 && printed >= options.maxMessages()) {
                        break;
                    }
                }
                if (any) {
                    lastRecordAt = System.nanoTime();
                } else if (options.idleTimeout() != null
                        && System.nanoTime() - lastRecordAt
                                >= options.idleTimeout().toNanos()) {
                    break;
                }
            }
        }
        out.flush();
        return printed;
    }

    private static boolean print(
            ConsumerRecord<String, byte[]> record,
            GenericAvroDeserializer deserializer,
            Options options,
            PrintStream out,
            PrintStream err) {
        String json;
        if (record.value() == null) {
            json = "null";
        } else {
            try {
                GenericRecord value = deserializer.deserialize(record.topic(), record.value());
                json = AvroJson.toJson(value);
            } catch (RuntimeException e) {
                err.println("partition " + record.partition() + " offset " + record.offset() + ": cannot decode ("
                        + e.getMessage() + ")" + headers(record));
                return false;
            }
        }
        out.println(options.printKey() ? record.key() + "\t" + json : json);
        return true;
    }

    private static String headers(ConsumerRecord<String, byte[]> record) {
        StringBuilder text = new StringBuilder();
        for (Header header : record.headers()) {
            if (header.key().contains("stacktrace")) {
                continue; // many lines; the exception and message headers say enough
            }
            text.append(text.length() == 0 ? "; headers: " : ", ")
                    .append(header.key())
                    .append('=')
                    .append(header.value() == null ? "null" : new String(header.value(), StandardCharsets.UTF_8));
        }
        return text.toString();
    }
}
