package io.agreementgate.runtime.gate;

import io.agreementgate.runtime.cluster.GroupInstanceId;
import io.agreementgate.runtime.config.GateOptions;
import io.agreementgate.runtime.config.RuntimeSettings;
import io.agreementgate.runtime.metrics.DecisionLatency;
import io.agreementgate.topology.streams.HandledRecords;
import io.agreementgate.topology.streams.ParkingLot;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Every Kafka Streams property of a running gate, assembled here and nowhere else, in three layers (a later one wins):
 *
 * <ol>
 *   <li>the gate's defaults ({@link io.agreementgate.topology.streams.StreamsDefaults}) under the operator's Kafka
 *       Streams and client properties: {@link io.agreementgate.topology.config.GateConfig#streamsProperties()}, the
 *       same layer the topology test driver and the benchmarks run with;
 *   <li>what only the running process knows: the cluster it found or started ({@code bootstrap.servers}), where its
 *       HTTP endpoint is reached ({@code application.server}, unless the operator set it), the state directory, and
 *       its static group member id (kept in that directory, unless the operator set one);
 *   <li>what the gate needs whatever is set: the partition guard around every processor, the decision-latency
 *       interceptor after any interceptors the operator configured, the counts of parked and dead-lettered records
 *       that the deserialization handler keeps for the gate's metrics and health, and the back-off of parked records
 *       it shares with the main consumers (given to Kafka Streams as its client supplier).
 * </ol>
 */
public final class StreamsProperties {
    private StreamsProperties() {}

    /**
     * What the running process found or made before Kafka Streams is created.
     *
     * @param stateDir the operator's {@code state.dir}, or the directory the gate claimed under {@code gate.data.dir}
     * @param partitionGuard the guard's own settings ({@code PartitionGuard.streamsSettings()})
     */
    public record Running(
            HostInfo applicationServer,
            Path stateDir,
            Map<String, Object> partitionGuard,
            DecisionLatency decisionLatency,
            HandledRecords handledRecords,
            ParkingLot parkingLot) {
        public Running {
            Objects.requireNonNull(applicationServer, "applicationServer");
            Objects.requireNonNull(stateDir, "stateDir");
            partitionGuard = Map.copyOf(partitionGuard);
            Objects.requireNonNull(decisionLatency, "decisionLatency");
            Objects.requireNonNull(handledRecords, "handledRecords");
            Objects.requireNonNull(parkingLot, "parkingLot");
        }
    }

    public static Properties assemble(GateOptions options, Running running) {
        Properties properties = options.gate().streamsProperties();

        options.bootstrapServers()
                .ifPresent(servers -> properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, servers));
        properties.putIfAbsent(
                StreamsConfig.APPLICATION_SERVER_CONFIG,
                running.applicationServer().host() + ":"
                        + running.applicationServer().port());
        properties.put(StreamsConfig.STATE_DIR_CONFIG, running.stateDir().toString());
        if (options.get(RuntimeSettings.STATIC_MEMBERSHIP)) {
            properties.computeIfAbsent(
                    ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, key -> GroupInstanceId.in(running.stateDir()));
        }

        properties.putAll(running.partitionGuard());
        properties.putAll(running.handledRecords().streamsSettings());
        properties.putAll(running.parkingLot().streamsSettings());
        properties.putAll(running.decisionLatency().streamsSettings(properties.get(DecisionLatency.interceptorsKey())));
        return properties;
    }

    /** The properties as a map, e.g. for {@code GateConfig.withStreams}. */
    public static Map<String, Object> asMap(Properties properties) {
        Map<String, Object> map = new LinkedHashMap<>();
        properties.forEach((key, value) -> map.put(String.valueOf(key), value));
        return map;
    }
}
