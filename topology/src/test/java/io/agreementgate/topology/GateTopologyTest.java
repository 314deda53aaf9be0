package io.agreementgate.topology;

import static io.agreementgate.testkit.Samples.CUSTOMER;
import static io.agreementgate.testkit.Samples.MCA_ERA;
import static io.agreementgate.testkit.Samples.PARTNER;
import static io.agreementgate.testkit.Samples.anAttestation;
import static io.agreementgate.testkit.Samples.anOrder;
import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.schema.AgreementType;
import io.agreementgate.schema.ApprovedOrder;
import io.agreementgate.schema.AttestationRejectionCode;
import io.agreementgate.schema.AttestationRejectionReason;
import io.agreementgate.schema.Evidence;
import io.agreementgate.schema.OrderRejectionCode;
import io.agreementgate.schema.OrderRejectionReason;
import io.agreementgate.schema.RejectedAttestation;
import io.agreementgate.schema.RejectedOrder;
import io.agreementgate.serde.AvroSerdes;
import io.agreementgate.serde.InMemorySchemaRegistry;
import io.agreementgate.topology.config.GateConfig;
import io.agreementgate.topology.config.GateTopics;
import io.agreementgate.topology.config.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The wiring: each kind of decision reaches its topic from every processor that makes it, keyed by its customer and
 * stamped with its input's timestamp; re-keying; the stores that make an approval once-only. What is decided is the
 * policy's ({@code OrderRulesTest}, {@code OrderValidatorTest}, {@code AttestationValidatorTest},
 * {@code AgreementBookTest}); waiting is {@code WaitingTest}'s, records off their customer's partition {@code
 * PlacementTopologyTest}'s, names {@code TopologyNamingTest}'s.
 */
class GateTopologyTest {

    /** Orders are decided at once (no wait), so each test sees its decision immediately. */
    @Nested
    class Orders {
        private final GateDriver gate = GateDriver.withoutWaiting();

        @AfterEach
        void close() {
            gate.close();
        }

        @Test
        void shouldSendAnApprovalToTheApprovedTopicWithTheEvidenceOnRecord() {
            gate.send(anAttestation().id("att-mca").build());
            gate.send(anOrder().build());

            ApprovedOrder approved = onlyApproved();
            assertThat(approved.getEvidence())
                    .extracting(Evidence::getAttestationId, Evidence::getAgreementType, Evidence::getAttestedBy)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(
                            "att-mca", AgreementType.MICROSOFT_CUSTOMER_AGREEMENT, PARTNER));
            assertThat(approved.getExemption()).isNull();
            assertThat(approved.getPolicyVersion()).isEqualTo("csp-agreement-policy/2020-02-01");
            assertThat(approved.getDecidedAt()).isEqualTo(GateDriver.WALL_CLOCK_START);
        }

        @Test
        void shouldSendARejectionToTheRejectedTopic() {
            gate.send(anOrder().build());

            RejectedOrder rejected = onlyRejected();
            assertThat(codes(rejected)).containsExactly(OrderRejectionCode.ACCEPTANCE_MISSING);
            assertThat(rejected.getWaitedMs()).isZero();
            assertThat(rejected.getDecidedAt()).isEqualTo(GateDriver.WALL_CLOCK_START);
        }

        @Test
        void shouldRejectAnInvalidOrderWithoutJudgingItsAgreements() {
            gate.send(anOrder().items().professionalSecrecyIn("DE").build());

            assertThat(codes(onlyRejected())).containsExactly(OrderRejectionCode.INVALID_ORDER);
        }

        @Test
        void shouldApproveAnOrderIdOnlyOnceAndDropItsResend() {
            gate.send(anAttestation().build());
            gate.send(anOrder().id("order-42").build());
            gate.send(anOrder().id("order-42").build());

            assertThat(gate.approvedRecords()).hasSize(1);
            assertThat(gate.rejectedRecords()).isEmpty();
            assertThat(gate.<Long>store(GateNames.APPROVED_IDS_STORE).get("order-42"))
                    .isEqualTo(GateDriver.WALL_CLOCK_START.toEpochMilli());
            assertThat(metricTotal("decisions-order-dropped-duplicate-approved-order-total"))
                    .isEqualTo(1.0);
        }

        @Test
        void shouldJudgeResentRejectedOrderAfreshAndApproveItOnceAttested() {
            gate.send(anOrder().id("order-7").build());
            assertThat(codes(onlyRejected())).containsExactly(OrderRejectionCode.ACCEPTANCE_MISSING);

            gate.send(anAttestation().build());
            gate.send(anOrder().id("order-7").build());

            assertThat(onlyApproved().getOrder().getOrderId()).isEqualTo("order-7");
        }

        @Test
        void shouldRekeyOrderKeyedBySomethingOtherThanTheCustomer() {
            gate.send(anAttestation().build());
            gate.orders.pipeInput("order-1", anOrder().build(), MCA_ERA);

            List<TestRecord<String, ApprovedOrder>> approved = gate.approvedRecords();
            assertThat(approved).hasSize(1);
            assertThat(approved.get(0).key()).isEqualTo(CUSTOMER);
        }

        @Test
        void shouldRekeyOrderWithoutKeyAndSendItsRejectionToTheRejectedTopic() {
            gate.orders.pipeInput((String) null, anOrder().build(), MCA_ERA);

            assertThat(gate.rejectedRecords()).extracting(TestRecord::key).containsExactly(CUSTOMER);
            assertThat(gate.approvedRecords()).isEmpty();
        }

        @Test
        void shouldForwardTheOrdersRecordTimestamp() {
            gate.send(anAttestation().build());
            gate.orders.pipeInput(CUSTOMER, anOrder().build(), Instant.parse("2026-11-24T12:00:00Z"));

            assertThat(gate.approved.readRecord().getRecordTime()).isEqualTo(Instant.parse("2026-11-24T12:00:00Z"));
        }

        private ApprovedOrder onlyApproved() {
            assertThat(gate.rejectedRecords()).as("rejected orders").isEmpty();
            List<TestRecord<String, ApprovedOrder>> approved = gate.approvedRecords();
            assertThat(approved).hasSize(1);
            assertThat(approved.get(0).key())
                    .isEqualTo(approved.get(0).value().getOrder().getCustomerId());
            return approved.get(0).value();
        }

        private RejectedOrder onlyRejected() {
            assertThat(gate.approvedRecords()).as("approved orders").isEmpty();
            List<TestRecord<String, RejectedOrder>> rejected = gate.rejectedRecords();
            assertThat(rejected).hasSize(1);
            rejected.get(0)
                    .value()
                    .getReasons()
                    .forEach(r -> assertThat(r.getMessage()).isNotBlank());
            return rejected.get(0).value();
        }

        private double metricTotal(String name) {
            return gate.driver.metrics().entrySet().stream()
                    .filter(e -> e.getKey().name().equals(name))
                    .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                    .sum();
        }
    }

    @Nested
    class Attestations {
        private final GateDriver gate = GateDriver.withoutWaiting();

        @AfterEach
        void close() {
            gate.close();
        }

        @Test
        void shouldKeepAValidAttestationInTheCustomersAgreementState() {
            gate.send(anAttestation().id("att-mca").build());

            assertThat(gate.rejectedAttestations.isEmpty()).isTrue();
            assertThat(gate.<io.agreementgate.schema.internal.CustomerAgreements>store(GateNames.AGREEMENTS_STORE)
                            .get(CUSTOMER)
                            .getAttestations())
                    .hasSize(1);
        }

        @Test
        void shouldSendARejectionToTheRejectedTopicAndKeepNoState() {
            gate.send(anAttestation()
                    .recordedAt(Instant.parse("2024-01-10T09:00:00Z"))
                    .agreedAt(Instant.parse("2024-01-10T09:06:00Z"))
                    .build());
            gate.send(anOrder().build());

            List<TestRecord<String, RejectedAttestation>> rejected = gate.rejectedAttestations.readRecordsToList();
            assertThat(rejected).singleElement().satisfies(r -> {
                assertThat(attestationCodes(r.value())).containsExactly(AttestationRejectionCode.DATE_AGREED_IN_FUTURE);
                assertThat(r.value().getDecidedAt()).isEqualTo(GateDriver.WALL_CLOCK_START);
            });
            assertThat(gate.store(GateNames.AGREEMENTS_STORE).get(CUSTOMER)).isNull();
            assertThat(codes(gate.rejectedRecords().get(0).value()))
                    .containsExactly(OrderRejectionCode.ACCEPTANCE_MISSING);
        }

        @Test
        void shouldKeyTheRejectionOfAnAttestationKeyedByAnotherCustomerByItsCustomer() {
            gate.attestations.pipeInput("cust-other", anAttestation().build());

            TestRecord<String, RejectedAttestation> rejected = gate.rejectedAttestations.readRecord();
            assertThat(attestationCodes(rejected.value()))
                    .containsExactly(AttestationRejectionCode.CUSTOMER_KEY_MISMATCH);
            assertThat(rejected.key()).isEqualTo(CUSTOMER);
        }
    }

    /** Every processor that makes a kind of decision has a sink for it, to that kind's topic, and no other. */
    @Test
    void shouldRouteEachKindOfDecisionOfEachProcessorToItsTopic() {
        Topics topics = GateConfig.defaults().topics();
        TopologyDescription description = GateTopology.build(
                        GateConfig.defaults(), new AvroSerdes(new InMemorySchemaRegistry(), true))
                .describe();
        Set<String> sinks = description.subtopologies().stream()
                .flatMap(s -> s.nodes().stream())
                .filter(n -> n instanceof TopologyDescription.Sink)
                .map(n -> n.name() + " -> " + ((TopologyDescription.Sink) n).topic())
                .collect(Collectors.toSet());
        String approved = topics.name(GateTopics.ORDERS_APPROVED);
        String rejected = topics.name(GateTopics.ORDERS_REJECTED);
        String rejectedAttestations = topics.name(GateTopics.ATTESTATIONS_REJECTED);

        assertThat(sinks)
                .containsExactlyInAnyOrder(
                        sink(GateNames.DECIDE_ORDERS, GateNames.APPROVED, approved),
                        sink(GateNames.DECIDE_ORDERS, GateNames.REJECTED_ORDERS, rejected),
                        sink(GateNames.DECIDE_REKEYED_ORDERS, GateNames.APPROVED, approved),
                        sink(GateNames.DECIDE_REKEYED_ORDERS, GateNames.REJECTED_ORDERS, rejected),
                        sink(GateNames.APPLY_ATTESTATIONS, GateNames.APPROVED, approved),
                        sink(GateNames.APPLY_ATTESTATIONS, GateNames.REJECTED_ORDERS, rejected),
                        sink(GateNames.APPLY_ATTESTATIONS, GateNames.REJECTED_ATTESTATIONS, rejectedAttestations),
                        sink(GateNames.APPLY_REROUTED_ATTESTATIONS, GateNames.APPROVED, approved),
                        sink(GateNames.APPLY_REROUTED_ATTESTATIONS, GateNames.REJECTED_ORDERS, rejected),
                        sink(
                                GateNames.APPLY_REROUTED_ATTESTATIONS,
                                GateNames.REJECTED_ATTESTATIONS,
                                rejectedAttestations),
                        GateNames.ORDERS_REPARTITION + "-repartition-sink -> " + GateNames.ORDERS_REPARTITION
                                + "-repartition",
                        GateNames.ATTESTATIONS_REPARTITION + "-repartition-sink -> "
                                + GateNames.ATTESTATIONS_REPARTITION + "-repartition");
    }

    private static String sink(String processor, String branch, String topic) {
        return GateNames.sink(processor, branch) + " -> " + topic;
    }

    static List<OrderRejectionCode> codes(RejectedOrder rejected) {
        return rejected.getReasons().stream().map(OrderRejectionReason::getCode).toList();
    }

    static List<AttestationRejectionCode> attestationCodes(RejectedAttestation rejected) {
        return rejected.getReasons().stream()
                .map(AttestationRejectionReason::getCode)
                .toList();
    }
}
