package io.agreementgate.runtime.gate;

import io.agreementgate.runtime.cluster.PartitionGuard;
import io.agreementgate.runtime.cluster.PartitionLayoutChangedException;
import io.agreementgate.topology.config.GateConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Kafka Streams' state listener and uncaught-exception handler learn, kept for the runner: whether the gate ran,
 * why it stopped, and what {@code /health} must say.
 */
final class StreamsLifecycle implements KafkaStreams.StateListener, StreamsUncaughtExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsLifecycle.class);

    private final GateHealth health;
    private final GateConfig config;
    private final PartitionGuard partitionGuard;
    private final Path stateDir;
    private final AtomicLong diskFullFailures = new AtomicLong();
    private final CompletableFuture<Void> running = new CompletableFuture<>();
    private final CompletableFuture<KafkaStreams.State> stopped = new CompletableFuture<>();
    private volatile String fatalError;

    StreamsLifecycle(GateHealth health, GateConfig config, PartitionGuard partitionGuard, Path stateDir) {
        this.health = health;
        this.config = config;
        this.partitionGuard = partitionGuard;
        this.stateDir = stateDir;
    }

    @Override
    public void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        LOG.info("Kafka Streams {} -> {}", oldState, newState);
        health.stateChanged(newState);
        if (newState == KafkaStreams.State.REBALANCING) {
            // A rebalance may be Kafka Streams taking up new partitions: compare the counts now.
            partitionGuard.checkSoon();
        }
        if (newState == KafkaStreams.State.RUNNING) {
            running.complete(null);
        }
        if (newState == KafkaStreams.State.ERROR) {
            LOG.error("Kafka Streams failed and stopped processing; the gate is down");
            stopped.complete(newState);
        }
        if (newState == KafkaStreams.State.NOT_RUNNING) {
            stopped.complete(newState);
        }
    }

    /**
     * A stream thread died of an exception nothing else handled (undecodable input is handled: it goes to the
     * dead-letter topic). Its tasks are retried on a new thread from their last committed offsets, so with
     * exactly-once no decision is lost or doubled, and a transient failure (broker or registry away) heals itself.
     * Refused credentials or permissions never heal: the gate stops (state ERROR) with a line naming what is missing.
     */
    @Override
    public StreamThreadExceptionResponse handle(Throwable e) {
        health.threadDied();
        Optional<PartitionLayoutChangedException> changed = PartitionLayoutChangedException.in(e);
        if (changed.isPresent()) {
            // A task of a partition the state has no part of, or the guard tripped: never retried.
            fatalError = partitionGuard.confirm(changed.get().getMessage());
            LOG.error("{}; stopping the gate", fatalError);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        Optional<String> refused = AccessErrors.describe(e, config.applicationId(), config.topics());
        if (refused.isPresent()) {
            fatalError = refused.get();
            LOG.error("{}; stopping the gate", fatalError);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        Optional<String> diskFull = StateDiskFull.describe(e, stateDir);
        if (diskFull.isPresent()) {
            diskFullFailures.incrementAndGet();
            // Once per episode (until records are processed again), not at every replacement of the thread: the
            // metric and /health say it meanwhile.
            if (health.diskFull(diskFull.get())) {
                LOG.error("{}", diskFull.get(), e);
            } else {
                LOG.debug("Still no space for the state: {}", e.toString());
            }
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        LOG.error("A stream thread died, replacing it: {}", e.toString(), e);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** Stream threads that died of a full state disk so far. */
    long diskFullFailures() {
        return diskFullFailures.get();
    }

    /** The gate must stop for {@code line} (found outside Kafka Streams): it is down with that error. */
    void fail(String line) {
        if (fatalError == null) {
            fatalError = line;
        }
        health.stateChanged(KafkaStreams.State.ERROR);
        stopped.complete(KafkaStreams.State.ERROR);
    }

    Optional<String> fatalError() {
        return Optional.ofNullable(fatalError);
    }

    /** Waits until Kafka Streams is RUNNING for the first time. */
    void awaitRunning(Duration timeout, Supplier<KafkaStreams.State> state) {
        try {
            CompletableFuture.anyOf(running, stopped).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new StartupException(
                    "the gate failed while starting: " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new StartupException(
                    "the gate did not reach RUNNING within " + timeout.toMillis() + " ms (state " + state.get() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while waiting for the gate to run", e);
        }
        if (stopped.isDone()) {
            throw new StartupException(
                    fatalError().orElse("the gate stopped while starting (state " + stopped.join() + ")"));
        }
    }

    /** Completes with ERROR when Kafka Streams fails, or NOT_RUNNING once closed. */
    CompletableFuture<KafkaStreams.State> stopped() {
        return stopped;
    }
}
