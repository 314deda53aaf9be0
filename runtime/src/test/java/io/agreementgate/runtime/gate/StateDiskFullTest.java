package io.agreementgate.runtime.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.topology.config.GateConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rocksdb.RocksDBException;

/**
 * A full state disk, as Kafka Streams reports it to the uncaught-exception handler: told apart from other failures,
 * reported once (health and metric), not at every replacement of the thread. The exception chains are the ones
 * RocksDB and Kafka Streams throw; a real full disk (a tmpfs) is {@code runtime/FullStateDiskTest}.
 */
class StateDiskFullTest {
    private static final Path STATE = Path.of("/var/lib/agreement-gate/state");

    static Stream<Arguments> fullDisks() {
        return Stream.of(
                Arguments.of(
                        "RocksDB flush",
                        new StreamsException(new ProcessorStateException(
                                "Error while executing flush from store customer-agreements",
                                new RocksDBException("IO error: No space left on device: While appending to file: "
                                        + "/state/0_1/rocksdb/customer-agreements/000012.log")))),
                Arguments.of(
                        "checkpoint write",
                        new ProcessorStateException(
                                "Error writing checkpoint",
                                new UncheckedIOException(new IOException("No space left on device")))));
    }

    static Stream<Arguments> otherFailures() {
        return Stream.of(
                Arguments.of(
                        "RocksDB permission",
                        new ProcessorStateException(new RocksDBException("IO error: Permission denied"))),
                Arguments.of(
                        "registry outage",
                        new StreamsException(new IllegalStateException("schema registry unreachable"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fullDisks")
    void shouldNameTheStateDirectoryWhenItsDiskIsFull(String what, Throwable failure) {
        assertThat(StateDiskFull.describe(failure, STATE))
                .as(what)
                .hasValueSatisfying(line -> assertThat(line)
                        .startsWith("the disk of the state directory " + STATE + " is full (")
                        .contains("No space left on device")
                        .endsWith("free space there: the gate retries and resumes where it stopped"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherFailures")
    void shouldNotCallOtherFailuresAFullDisk(String what, Throwable failure) {
        assertThat(StateDiskFull.describe(failure, STATE)).as(what).isEmpty();
    }

    @Test
    void shouldReportAFullDiskOnceAndBeDownUntilRecordsAreProcessedAgain() {
        GateHealth health = new GateHealth(Clock.systemUTC(), Duration.ofMinutes(1), Duration.ofSeconds(30));
        StreamsLifecycle lifecycle = new StreamsLifecycle(health, GateConfig.defaults(), null, STATE);
        health.stateChanged(KafkaStreams.State.RUNNING);
        health.observe(new GateHealth.Progress(7, true, false));
        Throwable full = new ProcessorStateException(new RocksDBException("IO error: No space left on device"));

        assertThat(lifecycle.handle(full)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(lifecycle.handle(full)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);

        assertThat(lifecycle.diskFullFailures()).isEqualTo(2);
        assertThat(health.diskFull()).isPresent();
        assertThat(health.diskFull(health.diskFull().orElseThrow()))
                .as("a new episode")
                .isFalse();
        assertThat(health.verdict().up()).isFalse();
        assertThat(health.verdict().reason()).startsWith("the disk of the state directory " + STATE + " is full");

        health.observe(new GateHealth.Progress(8, true, false));

        assertThat(health.diskFull()).isEmpty();
        assertThat(health.verdict().up()).isTrue();
    }
}
