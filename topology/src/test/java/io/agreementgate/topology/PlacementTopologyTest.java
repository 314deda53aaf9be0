package io.agreementgate.topology;

import static io.agreementgate.testkit.Samples.anAttestation;
import static io.agreementgate.testkit.Samples.anOrder;
import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.AttestationRejectionCode;
import io.agreementgate.schema.AttestationRejectionReason;
import io.agreementgate.schema.Order;
import io.agreementgate.schema.OrderRejectionCode;
import io.agreementgate.schema.OrderRejectionReason;
import io.agreementgate.testkit.Samples;
import io.agreementgate.topology.config.GateConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Records not on the partition Kafka's default placement gives their customer, through the real topology. The test
 * driver reads every input record from partition 0: a gate configured for 3 partitions must move a customer whose
 * murmur2 partition is not 0 through the repartition topics, and still decide exactly as for one that is.
 */
class PlacementTopologyTest {
    private static final int PARTITIONS = 3;
    private static final String GROUP = "stream-agreement-gate-metrics";
    /** Lives on partition 1 or 2: every one of its records arrives misplaced. */
    private static final String MISPLACED = customerWhoseHomeIs(false);
    /** Lives on partition 0, where the driver delivers. */
    private static final String PLACED = customerWhoseHomeIs(true);

    private static GateDriver gate(Duration maxWait) {
        return new GateDriver(GateConfig.defaults().withMaxWait(maxWait).withInputPartitions(PARTITIONS));
    }

    @Test
    void shouldApproveOrderWhenBothItAndItsAttestationArriveOffTheirCustomersPartition() {
        try (GateDriver gate = gate(Duration.ZERO)) {
            AgreementAttestation attestation = mca(MISPLACED, "a1").build();
            gate.send(attestation);
            gate.send(order(MISPLACED, "o1"));

            assertThat(gate.approvedRecords()).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo(MISPLACED);
                assertThat(r.value().getEvidence().get(0).getAttestationId()).isEqualTo("a1");
            });
            assertThat(gate.rejectedRecords()).isEmpty();
            assertThat(rerouted(gate, "csp.agreement-attestations", "partition"))
                    .isEqualTo(1);
            assertThat(rerouted(gate, "csp.orders", "partition")).isEqualTo(1);
            assertThat(rerouted(gate, "csp.orders", "key")).isZero();
        }
    }

    @Test
    void shouldRejectOrderWhenTheWithdrawalArrivedOffItsCustomersPartition() {
        try (GateDriver gate = gate(Duration.ZERO)) {
            gate.send(mca(MISPLACED, "a1").build());
            gate.send(mca(MISPLACED, "a2")
                    .recordedAt(Samples.MCA_ERA.minusSeconds(60))
                    .withdrawn()
                    .build());
            gate.send(order(MISPLACED, "o1"));

            assertThat(gate.approvedRecords()).isEmpty();
            assertThat(gate.rejectedRecords())
                    .singleElement()
                    .satisfies(r -> assertThat(r.value().getReasons())
                            .extracting(OrderRejectionReason::getCode)
                            .containsExactly(OrderRejectionCode.ACCEPTANCE_MISSING));
            assertThat(rerouted(gate, "csp.agreement-attestations", "partition"))
                    .isEqualTo(2);
        }
    }

    @Test
    void shouldDropAReSentApprovedOrderThatArrivedOffItsCustomersPartition() {
        try (GateDriver gate = gate(Duration.ZERO)) {
            gate.send(mca(MISPLACED, "a1").build());
            gate.send(order(MISPLACED, "o1"));
            gate.send(order(MISPLACED, "o1"));

            assertThat(gate.approvedRecords()).hasSize(1);
            assertThat(gate.rejectedRecords()).isEmpty();
            assertThat(rerouted(gate, "csp.orders", "partition")).isEqualTo(2);
        }
    }

    @Test
    void shouldReleaseAWaitingOrderWhenItsAttestationArrivesOffItsCustomersPartition() {
        try (GateDriver gate = gate(Duration.ofMinutes(1))) {
            gate.send(order(MISPLACED, "o1"));
            assertThat(gate.approvedRecords()).isEmpty();
            assertThat(gate.<Object>store(GateNames.WAITING_STORE).get(WaitingKeys.key(MISPLACED, "o1")))
                    .isNotNull();

            gate.send(mca(MISPLACED, "a1").build());

            assertThat(gate.approvedRecords())
                    .singleElement()
                    .satisfies(
                            r -> assertThat(r.value().getOrder().getOrderId()).isEqualTo("o1"));
        }
    }

    @Test
    void shouldTakeNoExtraHopForRecordsOnTheirCustomersPartition() {
        try (GateDriver gate = gate(Duration.ZERO)) {
            gate.send(mca(PLACED, "a1").build());
            gate.send(order(PLACED, "o1"));

            assertThat(gate.approvedRecords()).hasSize(1);
            assertThat(rerouted(gate, "csp.agreement-attestations", "partition"))
                    .isZero();
            assertThat(rerouted(gate, "csp.orders", "partition")).isZero();
        }
    }

    @Test
    void shouldRegisterEveryReroutedSeriesAtZeroBeforeTheFirstRecord() {
        try (GateDriver gate = gate(Duration.ZERO)) {
            for (ReroutedSeries series :
                    ReroutedSeries.all(GateConfig.defaults().topics())) {
                assertThat(gate.driver.metrics().keySet())
                        .as(series.toString())
                        .anyMatch(name -> name.group().equals(GROUP)
                                && name.name().endsWith("-total")
                                && name.tags()
                                        .entrySet()
                                        .containsAll(tags(series).entrySet()));
            }
        }
    }

    @Test
    void shouldRejectAnUnkeyedAttestationAsBeforeWithoutMovingIt() {
        try (GateDriver gate = gate(Duration.ZERO)) {
            AgreementAttestation attestation = mca(MISPLACED, "a1").build();
            gate.attestations.pipeInput(null, attestation, attestation.getRecordedAt());

            assertThat(gate.rejectedAttestations.readRecordsToList())
                    .singleElement()
                    .satisfies(r -> assertThat(r.value().getReasons())
                            .extracting(AttestationRejectionReason::getCode)
                            .containsExactly(AttestationRejectionCode.CUSTOMER_KEY_MISMATCH));
            assertThat(rerouted(gate, "csp.agreement-attestations", "partition"))
                    .isZero();
        }
    }

    @Test
    void shouldReKeyAnUnkeyedOrderAndCountItApartFromMisplacedOnes() {
        try (GateDriver gate = gate(Duration.ZERO)) {
            gate.send(mca(MISPLACED, "a1").build());
            Order unkeyed = order(MISPLACED, "o1");
            gate.orders.pipeInput(null, unkeyed, unkeyed.getOrderedAt());

            assertThat(gate.approvedRecords())
                    .singleElement()
                    .satisfies(r -> assertThat(r.key()).isEqualTo(MISPLACED));
            assertThat(rerouted(gate, "csp.orders", "key")).isEqualTo(1);
            assertThat(rerouted(gate, "csp.orders", "partition")).isZero();
        }
    }

    @Test
    void shouldLogOncePerTopicPartitionNamingTheProducerSettingThatAvoidsTheHop() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        // slf4j-simple writes each line to whatever System.err is at the time.
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (GateDriver gate = gate(Duration.ZERO)) {
            gate.send(mca(MISPLACED, "a1").build());
            gate.send(mca(MISPLACED, "a2").by(Samples.OTHER_PARTNER).build());
            gate.send(order(MISPLACED, "o1"));
            gate.send(order(MISPLACED, "o2"));
        } finally {
            System.setErr(err);
        }
        String log = captured.toString(StandardCharsets.UTF_8);

        assertThat(log.lines().filter(l -> l.contains("partitioner=murmur2_random")))
                .hasSize(2)
                .anyMatch(l -> l.contains("csp.agreement-attestations-0")
                        && l.contains("-attestations-by-customer-repartition"))
                .anyMatch(l -> l.contains("csp.orders-0") && l.contains("-orders-by-customer-repartition"));
    }

    private static Samples.AttestationBuilder mca(String customer, String id) {
        return anAttestation().id(id).customer(customer);
    }

    private static Order order(String customer, String id) {
        return anOrder().id(id).customer(customer).build();
    }

    private static Map<String, String> tags(ReroutedSeries series) {
        return Map.of("gate-metric", "rerouted-records", "topic", series.topic(), "cause", series.cause());
    }

    private static double rerouted(GateDriver gate, String topic, String cause) {
        Map<String, String> tags = tags(new ReroutedSeries(topic, cause));
        return gate.driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals(GROUP)
                        && e.getKey().name().endsWith("-total")
                        && e.getKey().tags().entrySet().containsAll(tags.entrySet()))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .sum();
    }

    private static String customerWhoseHomeIs(boolean partitionZero) {
        return IntStream.range(0, 100)
                .mapToObj(i -> "cust-" + i)
                .filter(c -> (Placement.home(c, PARTITIONS) == 0) == partitionZero)
                .findFirst()
                .orElseThrow();
    }
}
