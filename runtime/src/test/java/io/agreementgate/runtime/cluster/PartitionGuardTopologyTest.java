package io.agreementgate.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.ApprovedOrder;
import io.agreementgate.schema.Order;
import io.agreementgate.serde.AvroSerdes;
import io.agreementgate.serde.InMemorySchemaRegistry;
import io.agreementgate.testkit.Samples;
import io.agreementgate.topology.GateTopology;
import io.agreementgate.topology.config.GateConfig;
import io.agreementgate.topology.config.GateTopics;
import io.agreementgate.topology.config.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate's real topology built with the runtime's Kafka Streams settings: the guard sits in front of its deciding
 * processors through {@code processor.wrapper.class}, so once the partition counts changed no order is decided.
 */
class PartitionGuardTopologyTest {
    private static final String APP = "agreement-gate";

    private static PartitionLayout layout(int keyedCount) {
        Map<String, Integer> keyed = new TreeMap<>();
        Topics.DEFAULTS.customerKeyed().forEach(t -> keyed.put(t, keyedCount));
        Map<String, Integer> logs = new TreeMap<>();
        PartitionLayout.changelogs(APP).forEach(t -> logs.put(t, 3));
        return new PartitionLayout(keyed, logs);
    }

    @TempDir
    Path stateDir;

    @Test
    void shouldDecideNoOrderOnceTheTopicsGrew() {
        AtomicReference<PartitionLayout> current = new AtomicReference<>(layout(3));
        try (PartitionGuard guard = new PartitionGuard(APP, 3, current::get, () -> {})) {
            Map<String, Object> streams = new HashMap<>(GateConfig.defaults().streams());
            streams.putAll(guard.streamsSettings());
            GateConfig config = GateConfig.defaults().withStreams(streams);
            AvroSerdes serdes = new AvroSerdes(new InMemorySchemaRegistry(), true);
            Properties properties = config.streamsProperties();
            properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
            // Its own state directory: the default one under /tmp is shared with every other test on the machine.
            properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            Topics topics = config.topics();
            try (TopologyTestDriver driver = new TopologyTestDriver(
                    GateTopology.build(config, serdes), properties, Instant.parse("2024-03-01T12:00:00Z"))) {
                TestInputTopic<String, AgreementAttestation> attestations = driver.createInputTopic(
                        topics.attestations(),
                        Serdes.String().serializer(),
                        GateTopics.ATTESTATIONS.valueSerde(serdes).serializer());
                TestInputTopic<String, Order> orders = driver.createInputTopic(
                        topics.orders(),
                        Serdes.String().serializer(),
                        GateTopics.ORDERS.valueSerde(serdes).serializer());
                TestOutputTopic<String, ApprovedOrder> approved = driver.createOutputTopic(
                        topics.approvedOrders(),
                        Serdes.String().deserializer(),
                        GateTopics.ORDERS_APPROVED.valueSerde(serdes).deserializer());
                AgreementAttestation acceptance = Samples.anAttestation().build();
                attestations.pipeInput(acceptance.getCustomerId(), acceptance, acceptance.getRecordedAt());
                Order before = Samples.anOrder().id("order-before").build();
                orders.pipeInput(before.getCustomerId(), before, before.getOrderedAt());
                assertThat(approved.readValuesToList())
                        .extracting(a -> a.getOrder().getOrderId())
                        .containsExactly("order-before");

                current.set(layout(6));
                guard.confirm("fallback");
                Order after = Samples.anOrder().id("order-after").build();

                assertThatThrownBy(() -> orders.pipeInput(after.getCustomerId(), after, after.getOrderedAt()))
                        .satisfies(e -> assertThat(PartitionLayoutChangedException.in(e))
                                .hasValueSatisfying(
                                        c -> assertThat(c.getMessage()).contains("3 -> 6")));
                assertThat(approved.readValuesToList()).isEmpty();
            }
        }
    }
}
