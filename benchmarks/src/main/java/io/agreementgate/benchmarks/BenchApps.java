package io.agreementgate.benchmarks;

import io.agreementgate.schema.Order;
import io.agreementgate.serde.AvroSerdes;
import io.agreementgate.topology.config.GateConfig;
import io.agreementgate.topology.config.GateTopics;
import io.agreementgate.topology.config.Topics;
import io.agreementgate.topology.config.TopologySettings;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/** The applications a benchmark round runs, configured alike: the gate, and the passthrough that is its limit. */
record BenchApps(BenchmarkOptions options, String bootstrapServers, AvroSerdes serdes) {

    Topology passthrough(String source, String output) {
        Serde<Order> orderSerde = GateTopics.ORDERS.valueSerde(serdes);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(source, Consumed.with(Serdes.String(), orderSerde).withName("passthrough-source"))
                .to(output, Produced.with(Serdes.String(), orderSerde).withName("passthrough-sink"));
        return builder.build();
    }
    /**
     * The limit runs with exactly the Kafka Streams settings the gate gets (processing guarantee, threads, idling,
     * dead-letter handler...), so the ratio measures the gate's own work.
     */
    Properties passthroughProps(Topics topics, int round) {
        return gateConfig(topics, "bench-passthrough-r" + round).streamsProperties();
    }

    GateConfig gateConfig(Topics topics, String applicationId) {
        Map<String, String> props = new HashMap<>();
        streamsProps(applicationId).forEach((k, v) -> props.put(k.toString(), v.toString()));
        props.putAll(options.gateSettings);
        props.putAll(topics.settings());
        // As the gate process does: the placement check runs on every record (all well placed by the Java loader).
        return TopologySettings.load(props).withInputPartitions(options.partitions);
    }

    Properties streamsProps(String applicationId) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1");
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, String.valueOf(options.threads));
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                options.workDir.resolve("state").resolve(applicationId).toString());
        return props;
    }
}
