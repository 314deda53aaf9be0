package io.agreementgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.runtime.gate.GateHealth;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

class GateHealthTest {
    private static final Duration GRACE = Duration.ofSeconds(60);
    private static final Duration STALL = Duration.ofSeconds(30);
    private final MovableClock clock = new MovableClock(Instant.parse("2024-03-01T10:00:00Z"));
    private final GateHealth health = new GateHealth(clock, GRACE, STALL);

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
    void shouldBeDownWhileAThreadDiesAndIsReplacedAgainAndAgainWithRecordsWaiting() {
        // Kafka Streams' own pattern for a fatal error per thread: dies, rebalances, runs briefly, dies again.
        health.stateChanged(KafkaStreams.State.RUNNING);
        health.observe(new GateHealth.Progress(10, true, false));
        for (int i = 0; i < 5; i++) {
            health.threadDied();
            health.stateChanged(KafkaStreams.State.REBALANCING);
            clock.advance(Duration.ofSeconds(15));
            health.stateChanged(KafkaStreams.State.RUNNING);
            health.observe(new GateHealth.Progress(10, true, true));
            assertThat(health.verdict().up()).as("after death %d", i).isFalse();
            clock.advance(Duration.ofSeconds(30));
            health.observe(new GateHealth.Progress(10, true, true));
            assertThat(health.verdict().up()).as("running after death %d", i).isFalse();
        }
    }

    @Test
    void shouldBeUpAsSoonAsRecordsAreProcessedAfterAThreadDied() {
        health.stateChanged(KafkaStreams.State.RUNNING);
        health.observe(new GateHealth.Progress(10, true, true));
        health.threadDied();
        clock.advance(Duration.ofSeconds(1));
        health.observe(new GateHealth.Progress(10, true, true));
        assertThat(health.verdict().reason()).startsWith("a stream thread died 1 s ago");

        clock.advance(Duration.ofSeconds(1));
        health.observe(new GateHealth.Progress(11, true, true));

        assertThat(health.verdict()).isEqualTo(new GateHealth.Verdict(true, KafkaStreams.State.RUNNING, "processing"));
    }

    @Test
    void shouldBeUpAgainOnAnIdleGateOnceTheStallTimeAfterTheLastDeathHasPassed() {
        health.threadDied();
        health.stateChanged(KafkaStreams.State.RUNNING);
        health.observe(new GateHealth.Progress(0, true, false));
        clock.advance(STALL.minusSeconds(1));
        assertThat(health.verdict().up()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(health.verdict().up()).isTrue();
    }

    @Test
    void shouldBeDownWhenKafkaIsUnreachableForTheStallTimeAndUpOnceReachedAgain() {
        health.stateChanged(KafkaStreams.State.RUNNING);
        health.observe(new GateHealth.Progress(5, true, false));
        clock.advance(Duration.ofSeconds(1));
        health.observe(new GateHealth.Progress(5, false, false));
        clock.advance(STALL.minusSeconds(1));
        health.observe(new GateHealth.Progress(5, false, false));
        assertThat(health.verdict().up())
                .as("unreachable for less than the stall time")
                .isTrue();

        clock.advance(Duration.ofSeconds(1));
        health.observe(new GateHealth.Progress(5, false, false));
        assertThat(health.verdict())
                .isEqualTo(new GateHealth.Verdict(false, KafkaStreams.State.RUNNING, "cannot reach Kafka for 30 s"));

        clock.advance(Duration.ofSeconds(1));
        health.observe(new GateHealth.Progress(5, true, false));
        assertThat(health.verdict().up()).isTrue();
    }

    @Test
    void shouldBeDownWhenRecordsWaitAndNothingIsProcessedForTheStallTimeWhateverTheCause() {
        health.stateChanged(KafkaStreams.State.RUNNING);
        health.observe(new GateHealth.Progress(5, true, false));
        clock.advance(Duration.ofSeconds(10));
        health.observe(new GateHealth.Progress(5, true, true));
        clock.advance(STALL.minusSeconds(1));
        health.observe(new GateHealth.Progress(5, true, true));
        assertThat(health.verdict().up())
                .as("waiting for less than the stall time")
                .isTrue();

        clock.advance(Duration.ofSeconds(1));
        health.observe(new GateHealth.Progress(5, true, true));
        assertThat(health.verdict())
                .isEqualTo(new GateHealth.Verdict(
                        false, KafkaStreams.State.RUNNING, "records waiting and nothing processed for 30 s"));

        clock.advance(Duration.ofSeconds(1));
        health.observe(new GateHealth.Progress(6, true, true));
        assertThat(health.verdict().up()).as("up at the first record processed").isTrue();
    }

    @Test
    void shouldStayUpWhileRecordsWaitAndAreProcessed() {
        health.stateChanged(KafkaStreams.State.RUNNING);
        for (int i = 0; i < 10; i++) {
            health.observe(new GateHealth.Progress(i * 100, true, true));
            clock.advance(STALL.dividedBy(2));
            assertThat(health.verdict().up()).as("sample %d", i).isTrue();
        }
    }

    @Test
    void shouldStayUpWhileIdleWithNothingWaiting() {
        health.stateChanged(KafkaStreams.State.RUNNING);
        for (int i = 0; i < 10; i++) {
            health.observe(new GateHealth.Progress(3, true, false));
            clock.advance(STALL);
            assertThat(health.verdict().up()).as("sample %d", i).isTrue();
        }
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
