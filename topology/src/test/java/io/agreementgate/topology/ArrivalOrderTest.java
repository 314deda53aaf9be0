package io.agreementgate.topology;

import static io.agreementgate.testkit.Samples.anAttestation;
import static io.agreementgate.testkit.Samples.anOrder;
import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.ApprovedOrder;
import io.agreementgate.schema.Order;
import io.agreementgate.schema.OrderRejectionCode;
import io.agreementgate.schema.OrderRejectionReason;
import io.agreementgate.schema.RejectedOrder;
import io.agreementgate.schema.internal.CustomerAgreements;
import io.agreementgate.testkit.Samples;
import io.agreementgate.topology.config.GateConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agreement state through the real topology (validation, store, changelogged serde): a re-sent or late older
 * attestation never overrides a newer withdrawal, whatever order the attestations arrive in.
 */
class ArrivalOrderTest {
    private static final Instant JAN_10 = Instant.parse("2024-01-10T10:00:00Z");
    private static final Instant FEB_01 = Instant.parse("2024-02-01T10:00:00Z");
    private static final Instant MAR_01 = Instant.parse("2024-03-01T10:00:00Z");

    private static final AgreementAttestation MCA_CONFIRMED = anAttestation()
            .id("a1")
            .customer("c1")
            .by("P1")
            .agreedAt(JAN_10)
            .recordedAt(JAN_10)
            .build();
    private static final AgreementAttestation MCA_WITHDRAWN = anAttestation()
            .id("a2")
            .customer("c1")
            .by("P1")
            .agreedAt(JAN_10)
            .recordedAt(FEB_01)
            .withdrawn()
            .build();

    @Test
    void shouldRejectOrderWhenTheConfirmationIsResentAfterItsWithdrawal() {
        try (GateDriver gate = GateDriver.withoutWaiting()) {
            gate.send(MCA_CONFIRMED);
            gate.send(MCA_WITHDRAWN);
            gate.send(MCA_CONFIRMED);
            gate.send(usOrder());

            assertThat(gate.approvedRecords()).isEmpty();
            assertThat(codes(gate.rejectedRecords())).containsExactly(OrderRejectionCode.ACCEPTANCE_MISSING);
        }
    }

    @Test
    void shouldRejectOrderWhenANewerWithdrawalArrivesBeforeAnOlderConfirmation() {
        try (GateDriver gate = GateDriver.withoutWaiting()) {
            gate.send(MCA_WITHDRAWN);
            gate.send(MCA_CONFIRMED);
            gate.send(usOrder());

            assertThat(gate.approvedRecords()).isEmpty();
            assertThat(codes(gate.rejectedRecords())).containsExactly(OrderRejectionCode.ACCEPTANCE_MISSING);
        }
    }

    @Test
    void shouldRejectSecrecyOrderWhenTheSecrecyAgreementIsResentAfterItsWithdrawal() {
        AgreementAttestation secrecy = anAttestation()
                .id("s1")
                .customer("c1")
                .by("P1")
                .professionalSecrecy()
                .agreedAt(JAN_10)
                .recordedAt(JAN_10)
                .build();
        AgreementAttestation secrecyWithdrawn = anAttestation()
                .id("s2")
                .customer("c1")
                .by("P1")
                .professionalSecrecy()
                .agreedAt(JAN_10)
                .recordedAt(FEB_01)
                .withdrawn()
                .build();
        try (GateDriver gate = GateDriver.withoutWaiting()) {
            gate.send(MCA_CONFIRMED);
            gate.send(secrecy);
            gate.send(secrecyWithdrawn);
            gate.send(secrecy);
            gate.send(anOrder()
                    .id("o1")
                    .customer("c1")
                    .partner("P1")
                    .orderedAt(MAR_01)
                    .professionalSecrecyIn("DE")
                    .build());

            assertThat(gate.approvedRecords()).isEmpty();
            assertThat(codes(gate.rejectedRecords()))
                    .containsExactly(OrderRejectionCode.PROFESSIONAL_SECRECY_AGREEMENT_MISSING);
        }
    }

    @Test
    void shouldApproveAgainOnceANewerConfirmationFollowsTheWithdrawal() {
        try (GateDriver gate = GateDriver.withoutWaiting()) {
            gate.send(MCA_WITHDRAWN);
            gate.send(anAttestation()
                    .id("a3")
                    .customer("c1")
                    .by("P1")
                    .agreedAt(FEB_01.plusSeconds(60))
                    .recordedAt(FEB_01.plusSeconds(60))
                    .build());
            gate.send(usOrder());

            assertThat(gate.approvedRecords())
                    .singleElement()
                    .satisfies(r -> assertThat(r.value().getEvidence().get(0).getAttestationId())
                            .isEqualTo("a3"));
        }
    }

    static Stream<Long> seeds() {
        return LongStream.rangeClosed(1, 12).boxed();
    }

    /** The property test's histories, through the topology: same store state and same decisions per arrival order. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shouldDecideTheSameWhateverOrderTheAttestationsArriveIn(long seed) {
        AttestationHistory history = AttestationHistory.random(seed, 8);
        Random random = new Random(seed);
        Outcome reference = run(history.attestations());

        assertThat(reference.state().getAttestations()).containsExactlyElementsOf(history.expectedAcceptances());
        for (int i = 0; i < 3; i++) {
            assertThat(run(history.shuffled(random))).isEqualTo(reference);
        }
    }

    /**
     * The same histories with every record arriving off its customer's partition (the driver delivers on partition 0;
     * the gate is told there are more and the customer lives on another): each attestation and order takes the hop
     * through its repartition topic, and the state and decisions are those of the well-placed run.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shouldDecideTheSameWhenEveryRecordArrivesOffItsCustomersPartition(long seed) {
        AttestationHistory history = AttestationHistory.random(seed, 8);
        Random random = new Random(seed);
        Outcome reference = run(history.attestations());
        int partitions = IntStream.rangeClosed(2, 16)
                .filter(n -> Placement.home(Samples.CUSTOMER, n) != 0)
                .findFirst()
                .orElseThrow();

        for (int i = 0; i < 3; i++) {
            assertThat(run(history.shuffled(random), partitions)).isEqualTo(reference);
        }
    }

    private record Outcome(CustomerAgreements state, Map<String, String> decisions) {}

    private static Outcome run(List<AgreementAttestation> arrival) {
        return run(arrival, 1);
    }

    private static Outcome run(List<AgreementAttestation> arrival, int partitions) {
        try (GateDriver gate =
                new GateDriver(GateConfig.defaults().withMaxWait(Duration.ZERO).withInputPartitions(partitions))) {
            arrival.forEach(gate::send);
            AttestationHistory.probeOrders().forEach(gate::send);
            Map<String, String> decisions = new TreeMap<>();
            for (TestRecord<String, ApprovedOrder> r : gate.approvedRecords()) {
                decisions.put(
                        r.value().getOrder().getOrderId(),
                        "APPROVED " + r.value().getEvidence());
            }
            for (TestRecord<String, RejectedOrder> r : gate.rejectedRecords()) {
                decisions.put(
                        r.value().getOrder().getOrderId(),
                        "REJECTED " + r.value().getReasons());
            }
            CustomerAgreements state =
                    gate.<CustomerAgreements>store(GateNames.AGREEMENTS_STORE).get(Samples.CUSTOMER);
            return new Outcome(state, decisions);
        }
    }

    private static Order usOrder() {
        return anOrder().id("o1").customer("c1").partner("P1").orderedAt(MAR_01).build();
    }

    private static List<OrderRejectionCode> codes(List<TestRecord<String, RejectedOrder>> rejected) {
        assertThat(rejected).hasSize(1);
        return rejected.get(0).value().getReasons().stream()
                .map(OrderRejectionReason::getCode)
                .toList();
    }
}
