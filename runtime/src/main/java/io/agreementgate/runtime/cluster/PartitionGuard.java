package io.agreementgate.runtime.cluster;

import io.agreementgate.runtime.gate.StartupException;
import io.agreementgate.topology.config.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.processor.TaskId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the gate from deciding on a partitioning its state was not built for.
 *
 * <p>Three checks, because Kafka Streams notices new partitions on its own schedule (a consumer metadata refresh, by
 * default every 5 minutes, then a rebalance that creates tasks with empty state for them):
 *
 * <ul>
 *   <li>at start-up, before Kafka Streams starts: the changelogs' count against the customer-keyed topics' (catches a
 *       change made between two runs, also when all topics grew together);
 *   <li>while running, every {@link #CHECK_INTERVAL} and at every rebalance ({@link #checkSoon});
 *   <li>in the stream thread itself, before a task's first record ({@link #admit}, through
 *       {@link PartitionGuardWrapper}): a task for a partition the state has no part of never starts, and once the
 *       guard has tripped no processor takes another record. That is what makes "no decision on another
 *       partitioning" hold in the window between the change and the next check.
 * </ul>
 *
 * On a difference it trips once: {@code onTrip} gets the line for the operator, and the runner stops the gate.
 */
public final class PartitionGuard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionGuard.class);

    /** The key under which Kafka Streams' config hands the guard to {@link PartitionGuardWrapper}. */
    public static final String CONFIG_KEY = "agreement-gate.partition-guard";

    /**
     * How often the running gate compares the counts. 10 s keeps detection (plus a clean stop within
     * gate.shutdown.timeout.ms, 30 s) well inside a minute, for one describe-topics request, which costs the broker
     * next to nothing.
     */
    public static final Duration CHECK_INTERVAL = Duration.ofSeconds(10);

    private final String applicationId;
    /** 0 while unknown: no state and no customer-keyed topic yet (the first check that sees them adopts their count). */
    private volatile int builtWith;

    private final Supplier<PartitionLayout> layouts;
    private final AutoCloseable resources;
    private final ScheduledExecutorService checks;
    private volatile Consumer<String> onTrip = line -> {};
    private volatile String tripped;

    /**
     * @param layouts reads the current layout from the cluster
     * @param resources closed with the guard (the admin client behind {@code layouts})
     */
    PartitionGuard(String applicationId, int builtWith, Supplier<PartitionLayout> layouts, AutoCloseable resources) {
        this.applicationId = applicationId;
        this.builtWith = builtWith;
        this.layouts = layouts;
        this.resources = resources;
        this.checks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "partition-guard");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The start-up check: reads the layout and returns a guard for the count the state was built with (the
     * customer-keyed topics' count when there is no state yet).
     *
     * @throws StartupException when the state was built for another count (the operator's line); the admin is closed
     *     then
     */
    public static PartitionGuard atStartup(Admin admin, String applicationId, Topics topics, Duration timeout) {
        try {
            PartitionLayout layout = PartitionLayout.read(admin, applicationId, topics, timeout);
            int builtWith = layout.builtWith()
                    .orElseGet(() -> layout.keyed().values().stream()
                            .mapToInt(Integer::intValue)
                            .max()
                            .orElse(0));
            Optional<String> mismatch = layout.mismatch(builtWith, applicationId);
            if (mismatch.isPresent()) {
                throw new StartupException(mismatch.get());
            }
            LOG.info(
                    "The gate's state is built for {} partitions; checked every {} s",
                    builtWith,
                    CHECK_INTERVAL.toSeconds());
            return new PartitionGuard(
                    applicationId, builtWith, () -> PartitionLayout.read(admin, applicationId, topics, timeout), admin);
        } catch (RuntimeException e) {
            admin.close(Duration.ZERO);
            throw e;
        }
    }

    /** Starts the periodic check; {@code onTrip} gets the operator's line once, on the first difference. */
    // checkQuietly logs its own failures, so the future holds none to be read; close's shutdown stops it.
    @SuppressWarnings("FutureReturnValueIgnored")
    public void start(Consumer<String> onTrip) {
        this.onTrip = onTrip;
        checks.scheduleWithFixedDelay(
                this::checkQuietly, CHECK_INTERVAL.toMillis(), CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    public int builtWith() {
        return builtWith;
    }

    /** Checks at once in the background (a rebalance began: Kafka Streams may have seen new partitions). */
    public void checkSoon() {
        if (!checks.isShutdown()) {
            checks.execute(this::checkQuietly);
        }
    }

    /**
     * Before a task's first record: refuses a task for a partition the state has no part of, and every task once the
     * guard tripped. Runs on the stream thread.
     */
    public void admit(TaskId task) {
        ensureOpen();
        if (builtWith == 0) {
            check();
        }
        if (task.partition() >= builtWith) {
            checkSoon();
            throw new PartitionLayoutChangedException("Kafka Streams assigned task " + task + " of partition "
                    + task.partition() + ", but the gate's state (application.id " + applicationId
                    + ") was built for " + builtWith + " partitions");
        }
    }

    /** Before each record: nothing more is decided once the guard tripped. */
    public void ensureOpen() {
        String line = tripped;
        if (line != null) {
            throw new PartitionLayoutChangedException(line);
        }
    }

    /** Whether it tripped, and the line. */
    public Optional<String> tripped() {
        return Optional.ofNullable(tripped);
    }

    /**
     * For a stream thread that died of {@link #admit}: checks now, on the calling thread, and returns the operator's
     * line (the topics' counts when the cluster answers, else what the task showed).
     */
    public String confirm(String fallback) {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.warn("Could not read the topics' partition counts: {}", e.toString());
        }
        return tripped().orElse(fallback);
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            // The cluster may be briefly away: the next check (or the stream thread's own) catches up.
            LOG.warn("Could not read the topics' partition counts: {}", e.toString());
        }
    }

    private void check() {
        if (tripped != null) {
            return;
        }
        PartitionLayout layout = layouts.get();
        if (builtWith == 0) {
            adopt(layout);
            return;
        }
        layout.mismatch(builtWith, applicationId).ifPresent(this::trip);
    }

    private synchronized void adopt(PartitionLayout layout) {
        if (builtWith == 0) {
            builtWith = layout.builtWith()
                    .orElseGet(() -> layout.keyed().values().stream()
                            .mapToInt(Integer::intValue)
                            .max()
                            .orElse(0));
        }
    }

    private synchronized void trip(String line) {
        if (tripped != null) {
            return;
        }
        tripped = line;
        LOG.error("{}; stopping the gate", line);
        onTrip.accept(line);
    }

    /** The guard as Kafka Streams' config carries it to {@link PartitionGuardWrapper}. */
    public Map<String, Object> streamsSettings() {
        return Map.of(
                org.apache.kafka.streams.StreamsConfig.PROCESSOR_WRAPPER_CLASS_CONFIG,
                PartitionGuardWrapper.class.getName(),
                CONFIG_KEY,
                this);
    }

    @Override
    public void close() {
        checks.shutdownNow();
        try {
            resources.close();
        } catch (Exception e) {
            LOG.warn("Could not close the partition guard's admin client: {}", e.toString());
        }
    }

    @Override
    public String toString() {
        // Kafka Streams logs its config: say what this value is.
        return "PartitionGuard(" + applicationId + ", built for " + builtWith + " partitions)";
    }
}
