package io.agreementgate.topology.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The back-off between a parked record's tries; the consumer side is driven by RegistryOutageOnEveryPartitionTest. */
class ParkingLotTest {
    @Test
    void shouldDoubleTheHoldFromATenthOfASecondToAtMostFourSeconds() {
        assertThat(ParkingLot.holdAfter(0)).isEqualTo(Duration.ofMillis(100));
        assertThat(ParkingLot.holdAfter(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(ParkingLot.holdAfter(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(ParkingLot.holdAfter(6)).isEqualTo(Duration.ofMillis(3200));
        assertThat(ParkingLot.holdAfter(7)).isEqualTo(ParkingLot.MAX_HOLD);
        assertThat(ParkingLot.holdAfter(Integer.MAX_VALUE)).isEqualTo(ParkingLot.MAX_HOLD);
    }

    @Test
    void shouldKeepTheLongerHoldAndForgetAHoldThatIsOver() {
        ParkingLot lot = new ParkingLot();
        TopicPartition partition = new TopicPartition("csp.orders", 1);
        long now = System.nanoTime();

        lot.hold(partition, Duration.ofHours(1));
        lot.hold(partition, Duration.ZERO);

        assertThat(lot.isHeld(partition, now)).isTrue();
        assertThat(lot.isHeld(new TopicPartition("csp.orders", 2), now)).isFalse();
        assertThat(lot.isHeld(partition, now + Duration.ofHours(2).toNanos())).isFalse();
        assertThat(lot.isHeld(partition, now)).as("forgotten once over").isFalse();
        assertThat(lot.isEmpty()).isTrue();
    }

    @Test
    void shouldBeFoundInTheSettingsOrBeAbsent() {
        ParkingLot lot = new ParkingLot();

        assertThat(ParkingLot.from(lot.streamsSettings())).isSameAs(lot);
        assertThat(ParkingLot.from(Map.of())).isNull();
        assertThat(lot.honoured()).as("no consumer of the gate's yet").isFalse();
    }
}
