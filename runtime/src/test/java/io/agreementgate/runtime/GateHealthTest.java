package io.agreementgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

class GateHealthTest {
    private static final Duration GRACE = Duration.ofSeconds(60);
    private final MovableClock clock = new MovableClock(Instant.parse("2024-03-01T10:00:00Z"));
    private final GateHealth health = new GateHealth(clock, GRACE);

    @Test
    void shouldBeUpWhileRunning() {
        health.stateChanged(KafkaStreams.State.RUNNING);
        clock.advance(Duration.ofHours(1));
        assertThat(health.verdict().up()).isTrue();
    }

    @Test
    void shouldBeDownBeforeRunningAndAfterAnError() {
        assertThat(health.verdict().up()).isFalse();
        health.stateChanged(KafkaStreams.State.ERROR);
        assertThat(health.verdict().up()).isFalse();
    }

    @Test
    void shouldBeUpWhileARebalanceIsShorterThanTheGrace() {
        health.stateChanged(KafkaStreams.State.REBALANCING);
        clock.advance(GRACE.minusSeconds(1));
        assertThat(health.verdict().up()).isTrue();
    }

    @Test
    void shouldBeDownWhenStuckRebalancing() {
        health.stateChanged(KafkaStreams.State.RUNNING);
        health.stateChanged(KafkaStreams.State.REBALANCING);
        clock.advance(GRACE);
        assertThat(health.verdict()).satisfies(v -> {
            assertThat(v.up()).isFalse();
            assertThat(v.reason()).isEqualTo("rebalancing for 60 s");
        });
    }

    @Test
    void shouldBeDownWhileAThreadDiesAndIsReplacedAgainAndAgain() {
        // Kafka Streams' own pattern for a fatal error per thread: dies, rebalances, runs briefly, dies again.
        for (int i = 0; i < 5; i++) {
            health.threadDied();
            health.stateChanged(KafkaStreams.State.REBALANCING);
            clock.advance(Duration.ofSeconds(15));
            health.stateChanged(KafkaStreams.State.RUNNING);
            assertThat(health.verdict().up()).as("after death %d", i).isFalse();
            clock.advance(Duration.ofSeconds(30));
            assertThat(health.verdict().up()).as("running after death %d", i).isFalse();
        }
    }

    @Test
    void shouldBeUpAgainOnceRunningForTheGraceAfterTheLastDeath() {
        health.threadDied();
        health.stateChanged(KafkaStreams.State.RUNNING);
        clock.advance(GRACE);
        assertThat(health.verdict().up()).isTrue();
    }

    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
