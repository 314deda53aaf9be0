package io.agreementgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.ApprovedOrder;
import io.agreementgate.schema.AttestationRejectionCode;
import io.agreementgate.schema.LineItem;
import io.agreementgate.schema.Order;
import io.agreementgate.schema.ProductType;
import io.agreementgate.schema.RejectedAttestation;
import io.agreementgate.testkit.Samples;
import io.agreementgate.topology.config.Topics;
import io.agreementgate.topology.policy.AgreementBook;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.utils.Utils;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Records that used to stop a partition for good (a state, a waiting list, a decision or a dead letter past what the
 * broker accepts: the stream thread died and was replaced forever), sent as an attacker or a careless backend would,
 * on the embedded broker, while ordinary orders of other customers on the same partition keep being decided.
 */
class NoRecordStopsTheGateTest {
    private static final Duration DECISION = Duration.ofMinutes(3);
    /** 10,000 attestations of one customer ahead of the flow's orders on its partition, on a loaded machine. */
    private static final Duration CROWDED = Duration.ofMinutes(8);

    private static final String PREFIX = "bounded";
    private static final Topics TOPICS = TestSettings.topics(PREFIX);
    /** The gate creates its topics with three partitions (gate.topics.partitions). */
    private static final int PARTITIONS = 3;

    // Strings up to a million characters are valid here (an operator may raise the bound): the state and the outputs
    // must stay within what the broker accepts whatever the bound.
    @RegisterExtension
    static final GateUnderTest GATE =
            GateUnderTest.named(PREFIX).waitMs(60_000).with("gate.policy.max-string-length", "1000000");

    @Test
    void shouldKeepDecidingTheCustomersPartitionWhileOneCustomerGetsTenThousandPartnersAttestations() {
        String crowded = TestRecords.unique("cust-crowded");
        Flow flow = new Flow(partitionOf(crowded));
        int partners = 10_000;
        for (int p = 0; p < partners; p++) {
            AgreementAttestation attestation = Samples.anAttestation()
                    .id(crowded + "-att-" + p)
                    .customer(crowded)
                    .by("partner-" + p)
                    .build();
            GATE.client().sendAsync(TOPICS.attestations(), crowded, attestation);
            if (p % 500 == 0) {
                flow.next();
            }
        }
        GATE.client().flush();
        long sent = System.nanoTime();
        Order ofPartner7 = TestRecords.order(crowded).setPartnerId("partner-7").build();
        GATE.client().order(ofPartner7, crowded);
        flow.next();

        flow.awaitAllApproved(CROWDED);
        System.out.printf(
                "%d partners' attestations of one customer and %d orders of others on its partition decided %.1f s"
                        + " after the last was sent%n",
                partners, flow.orderIds.size(), (System.nanoTime() - sent) / 1e9);
        RejectedAttestation last = GATE.client().awaitRejectedAttestation(crowded + "-att-" + (partners - 1), DECISION);
        assertThat(last.getReasons()).singleElement().satisfies(r -> {
            assertThat(r.getCode()).isEqualTo(AttestationRejectionCode.INVALID_ATTESTATION);
            assertThat(r.getMessage()).contains("at most " + AgreementBook.MAX_PAIRS);
        });
        assertThat(GATE.client()
                        .awaitApproved(ofPartner7.getOrderId(), DECISION)
                        .getEvidence())
                .singleElement()
                .satisfies(e -> assertThat(e.getAttestationId()).isEqualTo(crowded + "-att-7"));
    }

    @Test
    void shouldApplyTwoAttestationsWithSixHundredKilobyteNamesAndKeepDeciding() {
        String customer = TestRecords.unique("cust-long-names");
        Flow flow = new Flow(partitionOf(customer));
        String name = "N".repeat(600_000);
        GATE.client()
                .attest(
                        Samples.anAttestation()
                                .id(TestRecords.unique("att"))
                                .customer(customer)
                                .contact(name, "Lovelace", "ada@contoso.example")
                                .build(),
                        customer);
        flow.next();
        GATE.client()
                .attest(
                        Samples.anAttestation()
                                .id(TestRecords.unique("att"))
                                .customer(customer)
                                .by(Samples.OTHER_PARTNER)
                                .contact("Ada", name, "ada@contoso.example")
                                .build(),
                        customer);
        flow.next();
        Order order =
                TestRecords.order(customer).setPartnerId(Samples.OTHER_PARTNER).build();
        GATE.client().order(order, customer);
        flow.next();

        flow.awaitAllApproved();
        assertThat(GATE.client().awaitApproved(order.getOrderId(), DECISION).getEvidence())
                .hasSize(1);
    }

    @Test
    void shouldDeadLetterASummaryOfTheRejectionOfAnOversizeInvalidOrderAndKeepDeciding() {
        String customer = TestRecords.unique("cust-oversize");
        Flow flow = new Flow(partitionOf(customer));
        Order oversize = TestRecords.order(customer)
                .setLineItems(List.of(new LineItem("x".repeat(1_040_000), ProductType.LICENSE_SUBSCRIPTION, -1)))
                .build();
        flow.next();
        GATE.client().order(oversize, customer);
        flow.next();

        flow.awaitAllApproved();
        Map<String, String> deadLetter = GATE.client()
                .awaitDeadLetterWhere(
                        h -> TOPICS.rejectedOrders().equals(h.get("agreement-gate.output-topic")), DECISION);
        assertThat(deadLetter)
                .containsEntry("__streams.errors.topic", TOPICS.orders())
                .containsEntry("__streams.errors.partition", String.valueOf(partitionOf(customer)))
                .containsEntry("__streams.errors.exception", "org.apache.kafka.common.errors.RecordTooLargeException")
                .containsKey("__streams.errors.offset")
                .containsKey("agreement-gate.value-omitted-bytes");
        // The same order id, small and valid, is judged afresh: the oversize one was rejected, not approved.
        GATE.client().attest(TestRecords.mca(customer), customer);
        Order resent =
                TestRecords.order(customer).setOrderId(oversize.getOrderId()).build();
        GATE.client().order(resent, customer);
        assertThat(GATE.client().awaitApproved(oversize.getOrderId(), DECISION).getOrder())
                .isEqualTo(resent);
    }

    @Test
    void shouldDeadLetterAOneMegabyteUndecodableRecordAsASummaryAndKeepDeciding() {
        String customer = TestRecords.unique("cust-undecodable");
        Flow flow = new Flow(partitionOf(customer));
        byte[] garbage = new byte[1_040_000];
        Arrays.fill(garbage, (byte) 7);
        flow.next();
        GATE.client().sendRaw(TOPICS.orders(), customer, garbage);
        flow.next();
        byte[] small = ("not avro " + customer).getBytes(StandardCharsets.UTF_8);
        GATE.client().sendRaw(TOPICS.orders(), customer, small);
        flow.next();

        flow.awaitAllApproved();
        Map<String, String> deadLetter = GATE.client()
                .awaitDeadLetterWhere(
                        h -> String.valueOf(garbage.length).equals(h.get("agreement-gate.value-omitted-bytes")),
                        DECISION);
        assertThat(deadLetter)
                .containsEntry("__streams.errors.topic", TOPICS.orders())
                .containsEntry("__streams.errors.partition", String.valueOf(partitionOf(customer)))
                .containsKey("__streams.errors.offset")
                .containsKey("__streams.errors.exception");
        assertThat(GATE.client().awaitDeadLetter(small, DECISION))
                .as("a small undecodable record is still copied whole")
                .containsEntry("__streams.errors.topic", TOPICS.orders());
    }

    @Test
    void shouldDecideTwelveNinetyFiveKilobyteOrdersWaitingForOneCustomerAndKeepDeciding() {
        String customer = TestRecords.unique("cust-waiting");
        Flow flow = new Flow(partitionOf(customer));
        List<LineItem> items = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            items.add(new LineItem("offer-" + i + "-" + "y".repeat(4_000), ProductType.LICENSE_SUBSCRIPTION, 1));
        }
        List<String> waiting = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Order order = TestRecords.order(customer).setLineItems(items).build();
            waiting.add(order.getOrderId());
            GATE.client().order(order, customer);
            flow.next();
        }
        flow.awaitAllApproved();
        GATE.client().attest(TestRecords.mca(customer), customer);
        flow.next();

        flow.awaitAllApproved();
        for (String orderId : waiting) {
            assertThat(GATE.client().awaitApproved(orderId, DECISION).getEvidence())
                    .hasSize(1);
        }
    }

    /** Ordinary customers on a given partition, each attested and ordering once; all must be approved. */
    private static final class Flow {
        private final int partition;
        private final List<String> orderIds = new ArrayList<>();
        private int n;

        Flow(int partition) {
            this.partition = partition;
        }

        void next() {
            String customer;
            do {
                customer = TestRecords.unique("cust-flow-" + n++);
            } while (partitionOf(customer) != partition);
            GATE.client().attest(TestRecords.mca(customer), customer);
            Order order = TestRecords.order(customer).build();
            GATE.client().order(order, customer);
            orderIds.add(order.getOrderId());
        }

        void awaitAllApproved() {
            awaitAllApproved(DECISION);
        }

        void awaitAllApproved(Duration timeout) {
            Awaitility.await()
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> approved().containsAll(orderIds));
        }

        private static Set<String> approved() {
            return GATE.client().readAll(TOPICS.approvedOrders(), ApprovedOrder.class).stream()
                    .map(a -> a.getOrder().getOrderId())
                    .collect(Collectors.toSet());
        }
    }

    /** The partition a Java or kafkajs producer puts this key on (murmur2). */
    private static int partitionOf(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }
}
