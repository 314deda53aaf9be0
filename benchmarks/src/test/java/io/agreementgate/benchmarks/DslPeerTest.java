package io.agreementgate.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.AgreementType;
import io.agreementgate.schema.ApprovedOrder;
import io.agreementgate.schema.Order;
import io.agreementgate.schema.OrderRejectionCode;
import io.agreementgate.schema.RejectedOrder;
import io.agreementgate.serde.AvroSerdes;
import io.agreementgate.serde.InMemorySchemaRegistry;
import io.agreementgate.testkit.Population;
import io.agreementgate.topology.config.GateConfig;
import io.agreementgate.topology.config.GateTopics;
import io.agreementgate.topology.config.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The benchmark's peer decides like the gate where it can: the stream-table join applies the gate's rules. */
class DslPeerTest {
    private static final Instant ORDERED_AT = Instant.parse("2024-03-01T10:00:00Z");
    private final AvroSerdes serdes = new AvroSerdes(new InMemorySchemaRegistry(), true);
    private final GateConfig config = GateConfig.defaults();
    private final Topics topics = config.topics();
    private final TopologyTestDriver driver = new TopologyTestDriver(DslPeer.build(config, serdes), properties());
    private final TestInputTopic<String, AgreementAttestation> attestations = driver.createInputTopic(
            topics.attestations(),
            Serdes.String().serializer(),
            GateTopics.ATTESTATIONS.valueSerde(serdes).serializer());
    private final TestInputTopic<String, Order> orders = driver.createInputTopic(
            topics.orders(),
            Serdes.String().serializer(),
            GateTopics.ORDERS.valueSerde(serdes).serializer());
    private final TestOutputTopic<String, ApprovedOrder> approved = driver.createOutputTopic(
            topics.approvedOrders(),
            Serdes.String().deserializer(),
            GateTopics.ORDERS_APPROVED.valueSerde(serdes).deserializer());
    private final TestOutputTopic<String, RejectedOrder> rejected = driver.createOutputTopic(
            topics.rejectedOrders(),
            Serdes.String().deserializer(),
            GateTopics.ORDERS_REJECTED.valueSerde(serdes).deserializer());

    private Properties properties() {
        Properties properties = config.streamsProperties();
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        // its own state directory: the default is shared with every other test JVM on the machine
        try {
            properties.put(
                    StreamsConfig.STATE_DIR_CONFIG,
                    Files.createTempDirectory("dsl-peer").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void shouldApproveOrderOfCustomerWhosePartnerAttestedAndRejectTheOthers() {
        attestations.pipeInput(
                Population.customerId(1),
                Population.attestation(1, AgreementType.MICROSOFT_CUSTOMER_AGREEMENT),
                ORDERED_AT);
        orders.pipeInput(Population.customerId(1), Population.order(1, 1, ORDERED_AT), ORDERED_AT);
        orders.pipeInput(Population.customerId(2), Population.order(2, 2, ORDERED_AT), ORDERED_AT);

        assertThat(approved.readValuesToList())
                .singleElement()
                .satisfies(a -> assertThat(a.getOrder().getCustomerId()).isEqualTo(Population.customerId(1)));
        assertThat(rejected.readValuesToList())
                .singleElement()
                .satisfies(r -> assertThat(r.getReasons())
                        .extracting(reason -> reason.getCode())
                        .containsExactly(OrderRejectionCode.ACCEPTANCE_MISSING));
    }

    /** The same once-only guarantee as the gate, so that the benchmark compares equal work. */
    @Test
    void shouldApproveAnOrderIdOnlyOnce() {
        attestations.pipeInput(
                Population.customerId(1),
                Population.attestation(1, AgreementType.MICROSOFT_CUSTOMER_AGREEMENT),
                ORDERED_AT);
        Order order = Population.order(1, 1, ORDERED_AT);
        orders.pipeInput(Population.customerId(1), order, ORDERED_AT);
        orders.pipeInput(Population.customerId(1), order, ORDERED_AT);

        assertThat(approved.readValuesToList()).hasSize(1);
        assertThat(rejected.isEmpty()).isTrue();
    }
}
