package io.agreementgate.runtime;

import io.agreementgate.serde.HttpSchemaRegistryClient;
import io.agreementgate.serde.SpecificAvroSerializer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A distributor backend that places its records as a given Kafka client would: Kafka's Java producer (murmur2 of the
 * key), a librdkafka-based one with its default partitioner (CRC32 of the key), or one choosing any partition itself.
 * The bytes are the gate's serdes' (Confluent wire format); compression is the Java producer's.
 */
final class PlacedWriter implements AutoCloseable {
    /** How a client picks the partition of a keyed record. */
    enum Client {
        /** Kafka's Java producer and kafkajs: murmur2 of the key, as the gate decides. */
        JAVA,
        /** librdkafka's default {@code consistent_random}: CRC32 of the key (Python, Go, .NET, C/C++ clients). */
        LIBRDKAFKA,
        /** A producer that chooses a partition itself. */
        ANY_PARTITION;

        /** The partition to write to, or null to let the Java producer place the record. */
        Integer partition(String key, int partitions, Random random) {
            return switch (this) {
                case JAVA -> null;
                case LIBRDKAFKA -> crc32Partition(key, partitions);
                case ANY_PARTITION -> random.nextInt(partitions);
            };
        }
    }

    private final KafkaProducer<String, SpecificRecord> producer;
    private final int partitions;
    private final Random random;

    /** @param compression the producer's {@code compression.type} */
    PlacedWriter(int partitions, long seed, String compression) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedCluster.get().bootstrapServers());
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        this.producer = new KafkaProducer<>(
                props,
                new StringSerializer(),
                new SpecificAvroSerializer<>(
                        new HttpSchemaRegistryClient(HttpSchemaRegistryClient.Config.of(
                                SharedCluster.get().schemaRegistryUrl())),
                        false,
                        true));
        this.partitions = partitions;
        this.random = new Random(seed);
    }

    PlacedWriter(int partitions, long seed) {
        this(partitions, seed, "none");
    }

    /** librdkafka's consistent partitioner: CRC32 of the key bytes modulo the partition count. */
    static int crc32Partition(String key, int partitions) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % partitions);
    }

    /** Writes and waits for the broker's acknowledgement; returns the partition the record landed on. */
    int send(Client client, String topic, String key, SpecificRecord value) {
        try {
            return producer.send(new ProducerRecord<>(topic, client.partition(key, partitions, random), key, value))
                    .get()
                    .partition();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
