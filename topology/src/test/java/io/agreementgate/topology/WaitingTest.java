package io.agreementgate.topology;

import static io.agreementgate.testkit.Samples.OTHER_PARTNER;
import static io.agreementgate.testkit.Samples.anAttestation;
import static io.agreementgate.testkit.Samples.anOrder;
import static io.agreementgate.topology.GateTopologyTest.codes;
import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.schema.ApprovedOrder;
import io.agreementgate.schema.LineItem;
import io.agreementgate.schema.OrderRejectionCode;
import io.agreementgate.schema.OrderType;
import io.agreementgate.schema.ProductType;
import io.agreementgate.schema.RejectedOrder;
import io.agreementgate.schema.internal.WaitingOrder;
import io.agreementgate.schema.internal.WaitingOrders;
import io.agreementgate.testkit.Samples;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The default one-minute wait for an attestation that lands just after its order. */
class WaitingTest {
    private final GateDriver gate = new GateDriver();

    @AfterEach
    void close() {
        gate.close();
    }

    @Test
    void shouldHoldOrderThatLacksAnAttestation() {
        gate.send(anOrder().build());

        assertThat(gate.approved.isEmpty()).isTrue();
        assertThat(gate.rejected.isEmpty()).isTrue();
        WaitingOrders waiting =
                gate.<WaitingOrders>store(GateNames.WAITING_STORE).get(WaitingKeys.key(Samples.CUSTOMER, "order-1"));
        assertThat(waiting.getOrders())
                .extracting(w -> w.getOrder().getOrderId())
                .containsExactly("order-1");
    }

    @Test
    void shouldReleaseWaitingOrderAsSoonAsItsAttestationArrives() {
        gate.orders.pipeInput(Samples.CUSTOMER, anOrder().build(), Instant.parse("2026-11-25T07:59:59Z"));
        gate.advanceWallClock(Duration.ofSeconds(20));
        gate.send(anAttestation().build());

        List<TestRecord<String, ApprovedOrder>> approved = gate.approvedRecords();
        assertThat(approved).hasSize(1);
        assertThat(approved.get(0).getRecordTime()).isEqualTo(Instant.parse("2026-11-25T07:59:59Z"));
        assertThat(approved.get(0).value().getDecidedAt()).isEqualTo(GateDriver.WALL_CLOCK_START.plusSeconds(20));
        assertThat(gate.<WaitingOrders>store(GateNames.WAITING_STORE).get(WaitingKeys.key(Samples.CUSTOMER, "order-1")))
                .isNull();
    }

    @Test
    void shouldRejectWaitingOrderWhenTheWaitEndsWithoutFurtherInput() {
        gate.send(anOrder().build());
        gate.advanceWallClock(Duration.ofSeconds(59));
        assertThat(gate.rejected.isEmpty()).isTrue();

        gate.advanceWallClock(Duration.ofSeconds(2));

        List<TestRecord<String, RejectedOrder>> rejected = gate.rejectedRecords();
        assertThat(rejected).hasSize(1);
        assertThat(codes(rejected.get(0).value())).containsExactly(OrderRejectionCode.ACCEPTANCE_MISSING);
        assertThat(rejected.get(0).value().getWaitedMs()).isBetween(60_000L, 61_000L);
    }

    @Test
    void shouldDecideWaitingOrderWhenAnotherPartnersAttestationArrives() {
        gate.send(anOrder().build());
        gate.send(anAttestation().by(OTHER_PARTNER).build());

        List<TestRecord<String, RejectedOrder>> rejected = gate.rejectedRecords();
        assertThat(rejected).hasSize(1);
        assertThat(codes(rejected.get(0).value())).containsExactly(OrderRejectionCode.ACCEPTANCE_BY_OTHER_PARTNER);
    }

    @Test
    void shouldNotHoldOrderThatNeedsNoAttestation() {
        gate.send(anOrder().type(OrderType.AUTO_RENEWAL).build());

        assertThat(gate.approvedRecords()).hasSize(1);
    }

    @Test
    void shouldNotHoldInvalidOrder() {
        gate.send(anOrder().items().build());

        assertThat(codes(gate.rejectedRecords().get(0).value())).containsExactly(OrderRejectionCode.INVALID_ORDER);
    }

    @Test
    void shouldDecideAResentWaitingOrderOnlyOnce() {
        gate.send(anOrder().build());
        gate.send(anOrder().build());
        gate.send(anAttestation().build());
        gate.advanceWallClock(Duration.ofMinutes(2));

        assertThat(gate.approvedRecords()).hasSize(1);
        assertThat(gate.rejectedRecords()).isEmpty();
    }

    @Test
    void shouldNotDecideAgainAfterTheWaitEnded() {
        gate.send(anOrder().build());
        gate.advanceWallClock(Duration.ofMinutes(2));
        gate.send(anAttestation().build());

        assertThat(gate.rejectedRecords()).hasSize(1);
        assertThat(gate.approvedRecords()).isEmpty();
    }

    @Test
    void shouldKeepEachWaitingOrderOfACustomerInItsOwnStoreEntry() {
        for (int i = 0; i < 12; i++) {
            gate.send(anOrder().id("order-" + i).build());
        }

        for (int i = 0; i < 12; i++) {
            assertThat(gate.<WaitingOrders>store(GateNames.WAITING_STORE)
                            .get(WaitingKeys.key(Samples.CUSTOMER, "order-" + i))
                            .getOrders())
                    .singleElement()
                    .extracting(w -> w.getOrder().getOrderId())
                    .isEqualTo("order-" + i);
        }
        gate.send(anAttestation().build());
        assertThat(gate.approvedRecords()).hasSize(12);
    }

    @Test
    void shouldDecideOrdersWaitingInAnEntryWrittenBeforeThePerOrderLayoutWhenTheAttestationArrives() {
        Instant now = GateDriver.WALL_CLOCK_START;
        List<WaitingOrder> legacy = List.of(
                new WaitingOrder(anOrder().id("old-1").build(), 1L, now, now.plusSeconds(60), null, null),
                new WaitingOrder(anOrder().id("old-2").build(), 2L, now, now.plusSeconds(60), null, null));
        gate.<WaitingOrders>store(GateNames.WAITING_STORE)
                .put(Samples.CUSTOMER, new WaitingOrders(Samples.CUSTOMER, legacy));

        gate.send(anAttestation().build());

        assertThat(gate.approvedRecords())
                .extracting(r -> r.value().getOrder().getOrderId())
                .containsExactlyInAnyOrder("old-1", "old-2");
        assertThat(gate.<WaitingOrders>store(GateNames.WAITING_STORE).get(Samples.CUSTOMER))
                .isNull();
    }

    @Test
    void shouldRejectOrdersWaitingInAnEntryWrittenBeforeThePerOrderLayoutWhenTheirWaitEnds() {
        Instant now = GateDriver.WALL_CLOCK_START;
        List<WaitingOrder> legacy = List.of(
                new WaitingOrder(anOrder().id("old-1").build(), 1L, now, now.plusSeconds(10), null, null),
                new WaitingOrder(anOrder().id("old-2").build(), 2L, now, now.plusSeconds(90), null, null));
        gate.<WaitingOrders>store(GateNames.WAITING_STORE)
                .put(Samples.CUSTOMER, new WaitingOrders(Samples.CUSTOMER, legacy));

        gate.advanceWallClock(Duration.ofSeconds(30));
        assertThat(gate.rejectedRecords())
                .extracting(r -> r.value().getOrder().getOrderId())
                .containsExactly("old-1");
        gate.advanceWallClock(Duration.ofSeconds(90));
        assertThat(gate.rejectedRecords())
                .extracting(r -> r.value().getOrder().getOrderId())
                .containsExactly("old-2");
    }

    @Test
    void shouldRejectAtOnceAnOrderTooLargeToWait() {
        LineItem[] items = new LineItem[200];
        for (int i = 0; i < items.length; i++) {
            items[i] = new LineItem("offer-" + "x".repeat(4_000) + i, ProductType.LICENSE_SUBSCRIPTION, 1);
        }
        gate.send(anOrder().items(items).build());

        List<TestRecord<String, RejectedOrder>> rejected = gate.rejectedRecords();
        assertThat(rejected).hasSize(1);
        assertThat(codes(rejected.get(0).value())).containsExactly(OrderRejectionCode.ACCEPTANCE_MISSING);
        assertThat(rejected.get(0).value().getWaitedMs()).isZero();
    }
}
