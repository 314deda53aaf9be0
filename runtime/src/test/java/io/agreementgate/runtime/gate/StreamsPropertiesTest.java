package io.agreementgate.runtime.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.runtime.cluster.PartitionGuard;
import io.agreementgate.runtime.cluster.PartitionGuardWrapper;
import io.agreementgate.runtime.config.GateOptions;
import io.agreementgate.runtime.metrics.DecisionLatency;
import io.agreementgate.runtime.metrics.DecisionLatencyInterceptor;
import io.agreementgate.topology.streams.DeadLetterOrRetryHandler;
import io.agreementgate.topology.streams.HandledRecords;
import io.agreementgate.topology.streams.OversizeOutputHandler;
import io.agreementgate.topology.streams.ParkingLot;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka Streams properties a running gate gets, all from {@link StreamsProperties}. */
class StreamsPropertiesTest {
    private static final Map<String, Object> GUARD = Map.of(
            StreamsConfig.PROCESSOR_WRAPPER_CLASS_CONFIG,
            PartitionGuardWrapper.class.getName(),
            PartitionGuard.CONFIG_KEY,
            "the guard");

    @TempDir
    Path stateDir;

    private final DecisionLatency latency =
            DecisionLatency.register(new SimpleMeterRegistry(), Set.of("csp.orders.approved", "csp.orders.rejected"));

    private final HandledRecords handled = new HandledRecords();
    private final ParkingLot lot = new ParkingLot();

    private Properties assemble(GateOptions options) {
        return StreamsProperties.assemble(
                options,
                new StreamsProperties.Running(new HostInfo("gate-1", 8080), stateDir, GUARD, latency, handled, lot));
    }

    @Test
    void shouldGiveKafkaStreamsTheGatesDefaultsTheProcessAndItsGuards() {
        Properties properties = assemble(GateOptions.of(Map.of()));

        assertThat(properties)
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "agreement-gate")
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .containsEntry(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "csp.dlq")
                .containsEntry(
                        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterOrRetryHandler.class)
                .containsEntry(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, OversizeOutputHandler.class)
                .containsEntry(StreamsConfig.PROCESSOR_WRAPPER_CLASS_CONFIG, PartitionGuardWrapper.class.getName())
                .containsEntry(PartitionGuard.CONFIG_KEY, "the guard")
                .containsEntry(
                        StreamsConfig.producerPrefix("interceptor.classes"), DecisionLatencyInterceptor.class.getName())
                .containsEntry(StreamsConfig.producerPrefix("agreement.gate.decision-latency"), latency)
                .containsEntry(HandledRecords.CONFIG_KEY, handled)
                .containsEntry(ParkingLot.CONFIG_KEY, lot)
                .containsEntry(StreamsConfig.APPLICATION_SERVER_CONFIG, "gate-1:8080")
                .containsEntry(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString())
                .containsKey("group.instance.id")
                .doesNotContainKey(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
        assertThat(Files.exists(stateDir.resolve("group-instance.id")))
                .as("the member id is kept with the state")
                .isTrue();
    }

    @Test
    void shouldPassTheOperatorsPropertiesThroughAndKeepWhatTheGateNeedsOnTop() {
        GateOptions options = GateOptions.of(Map.of(
                "bootstrap.servers", "broker:9093",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "commit.interval.ms", "100",
                "application.server", "gate.example:443",
                "producer.interceptor.classes", "com.example.Audit",
                "schema.registry.url", "https://registry:8081",
                "gate.group.static-membership", "false"));

        Properties properties = assemble(options);

        assertThat(properties)
                .containsEntry("bootstrap.servers", "broker:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("commit.interval.ms", "100")
                .containsEntry(StreamsConfig.APPLICATION_SERVER_CONFIG, "gate.example:443")
                .containsEntry(
                        StreamsConfig.producerPrefix("interceptor.classes"),
                        "com.example.Audit," + DecisionLatencyInterceptor.class.getName())
                .containsEntry(StreamsConfig.PROCESSOR_WRAPPER_CLASS_CONFIG, PartitionGuardWrapper.class.getName())
                .doesNotContainKeys("schema.registry.url", "gate.group.static-membership", "group.instance.id");
    }

    @Test
    void shouldRunOnTheClusterTheGateFoundOrStarted() {
        GateOptions options =
                GateOptions.of(Map.of()).onCluster("127.0.0.1:39092", "http://127.0.0.1:38081", "embedded cluster");

        assertThat(assemble(options)).containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:39092");
    }
}
