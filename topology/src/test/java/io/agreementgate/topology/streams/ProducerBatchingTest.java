package io.agreementgate.topology.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.topology.config.GateConfig;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** The producer Kafka Streams builds for the gate batches as BENCHMARKS.md measured, unless the operator says else. */
class ProducerBatchingTest {

    @Test
    void shouldGiveTheGatesProducerLargeBatchesSentWithinTenMilliseconds() {
        Map<String, Object> producer = producerConfigs(GateConfig.defaults());

        assertThat(producer)
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "10")
                .containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
    }

    @Test
    void shouldLetTheOperatorsUnprefixedProducerSettingsReplaceTheGatesDefaults() {
        Map<String, Object> producer = producerConfigs(GateConfig.defaults()
                .withStreams(Map.of(ProducerConfig.LINGER_MS_CONFIG, "0", ProducerConfig.BATCH_SIZE_CONFIG, "16384")));

        assertThat(producer)
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "0")
                .containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, "16384");
    }

    @Test
    void shouldLetTheOperatorsProducerPrefixedSettingReplaceTheGatesDefault() {
        Map<String, Object> producer = producerConfigs(GateConfig.defaults()
                .withStreams(Map.of(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), "50")));

        assertThat(producer).containsEntry(ProducerConfig.LINGER_MS_CONFIG, "50");
    }

    private static Map<String, Object> producerConfigs(GateConfig config) {
        Properties properties = config.streamsProperties();
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        return new StreamsConfig(properties).getProducerConfigs("agreement-gate-test-producer");
    }
}
