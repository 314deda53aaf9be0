package io.agreementgate.runtime.gate;

import io.agreementgate.runtime.cluster.PartitionGuard;
import io.agreementgate.runtime.config.ConfigurationException;
import io.agreementgate.runtime.config.GateOptions;
import io.agreementgate.runtime.config.GateSettings;
import io.agreementgate.runtime.config.RuntimeSettings;
import io.agreementgate.runtime.http.GateHttpServer;
import io.agreementgate.runtime.metrics.RunnerMetrics;
import io.agreementgate.runtime.metrics.StreamsProgress;
import io.agreementgate.serde.AvroLimits;
import io.agreementgate.serde.AvroSerdes;
import io.agreementgate.serde.SchemaRegistryClient;
import io.agreementgate.serde.SchemaRegistryClients;
import io.agreementgate.topology.GateTopology;
import io.agreementgate.topology.config.GateConfig;
import io.agreementgate.topology.streams.HandledRecords;
import io.agreementgate.topology.streams.ParkingLot;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running gate: the Kafka Streams instance of the topology, its HTTP endpoint and metrics. It neither creates
 * topics nor starts a cluster ({@link GateProcess} does): give it settings that name a reachable cluster.
 *
 * <p>Typical use, in-process (tests) or from the CLI:
 *
 * <pre>{@code
 * try (GateRunner gate = GateRunner.start(GateOptions.of(settings))) {
 *     gate.awaitRunning(Duration.ofMinutes(1));
 *     ... gate.streams(), gate.httpUrl() ...
 * }
 * }</pre>
 */
public final class GateRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GateRunner.class);

    private final GateOptions options;
    private final GateConfig config;
    private final SchemaRegistryClient registry;
    private final AvroSerdes serdes;
    private final GateHttpServer http;
    private final StateDirectoryClaim stateClaim;
    private final HostInfo applicationServer;
    private final Path stateDir;
    private final RunnerMetrics metrics = new RunnerMetrics();
    /** What the deserialization handler parked and dead-lettered: read by the metrics and by health. */
    private final HandledRecords handledRecords = new HandledRecords();
    /** The back-off of records parked during a registry outage, shared by the handlers and the main consumers. */
    private final ParkingLot parkingLot = new ParkingLot();

    private final GateHealth health;
    private final StreamsLifecycle lifecycle;
    private final PartitionGuard partitionGuard;
    /** Samples Kafka Streams' metrics for {@link GateHealth}: a stall is seen even when nobody asks /health. */
    private final ScheduledExecutorService healthSampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "gate-health-sampler");
        thread.setDaemon(true);
        return thread;
    });

    private volatile KafkaStreams streams;
    /** As {@link StreamsProperties} assembled them for {@link #streams}. */
    private volatile Properties streamsProperties;

    private boolean closed;
    private volatile boolean closedCleanly;

    /** Less than this free after a stop: RocksDB's last flush (a memtable, tens of MB) cannot have fitted. */
    private static final long MIN_FREE_STATE_BYTES = 1024 * 1024;

    private Optional<String> unpersisted = Optional.empty();

    private GateRunner(
            GateOptions options,
            SchemaRegistryClient registry,
            GateHttpServer http,
            StateDirectoryClaim stateClaim,
            HostInfo applicationServer,
            Path stateDir,
            PartitionGuard partitionGuard) {
        this.options = options;
        this.config = options.gate();
        this.registry = registry;
        // Avro's limits are process-wide statics: the last gate started in a JVM sets them (one gate per process in
        // production; tests start gates with the defaults).
        AvroLimits.apply(
                options.get(RuntimeSettings.AVRO_MAX_STRING_LENGTH),
                options.get(RuntimeSettings.AVRO_MAX_COLLECTION_ITEMS));
        this.serdes =
                new AvroSerdes(registry, options.get(RuntimeSettings.SCHEMAS_AUTO_REGISTER), options.schemaLimits());
        this.http = http;
        this.stateClaim = stateClaim;
        this.applicationServer = applicationServer;
        this.stateDir = stateDir;
        this.health = new GateHealth(
                Clock.systemUTC(),
                options.get(RuntimeSettings.HEALTH_GRACE),
                options.get(RuntimeSettings.HEALTH_STALL));
        this.partitionGuard = partitionGuard;
        this.lifecycle = new StreamsLifecycle(health, config, partitionGuard, stateDir);
    }

    /**
     * Builds the topology and starts Kafka Streams and the HTTP endpoint; returns at once (Kafka Streams reaches
     * RUNNING in the background, see {@link #awaitRunning}).
     *
     * @param options validated once at start-up; must name the cluster ({@code bootstrap.servers}, {@code
     *     schema.registry.url})
     * @throws ConfigurationException when the cluster is not named
     * @throws StartupException when the HTTP port or the state directory cannot be had
     */
    public static GateRunner start(GateOptions options) {
        String registryUrl = options.schemaRegistryUrl()
                .orElseThrow(() -> new ConfigurationException(RuntimeSettings.SCHEMA_REGISTRY_URL + " is not set"));
        if (options.bootstrapServers().isEmpty()) {
            throw new ConfigurationException(RuntimeSettings.BOOTSTRAP_SERVERS + " is not set");
        }
        // Real HTTP even for the embedded registry: the gate runs exactly as it would against Confluent's.
        SchemaRegistryClient registry =
                SchemaRegistryClients.forUrl(registryUrl, options.settings().registryProperties());

        GateHttpServer http =
                GateHttpServer.bind(options.get(RuntimeSettings.HTTP_HOST), options.get(RuntimeSettings.HTTP_PORT));
        StateDirectoryClaim claim = null;
        PartitionGuard guard = null;
        GateRunner runner;
        try {
            // Before anything decides: the state must be built for the partition count the topics have now.
            guard = PartitionGuard.atStartup(
                    Admin.create(options.settings().clientProperties(AdminClientConfig.configNames())),
                    options.gate().applicationId(),
                    options.gate().topics(),
                    options.get(RuntimeSettings.CONNECT_TIMEOUT));
            HostInfo self = ApplicationServer.resolve(options, http);
            Object configuredStateDir = options.gate().streams().get(StreamsConfig.STATE_DIR_CONFIG);
            if (configuredStateDir == null) {
                claim = StateDirectoryClaim.claim(
                        options.get(RuntimeSettings.DATA_DIR).resolve("gate-state"));
            }
            Path stateDir = claim != null ? claim.directory() : Path.of(String.valueOf(configuredStateDir));
            runner = new GateRunner(options, registry, http, claim, self, stateDir, guard);
        } catch (RuntimeException e) {
            http.close();
            if (guard != null) {
                guard.close();
            }
            if (claim != null) {
                claim.close();
            }
            throw e;
        }
        try {
            runner.startStreams();
        } catch (RuntimeException e) {
            runner.close(); // whatever was started: Kafka Streams, metrics, HTTP, the state directory
            throw e;
        }
        return runner;
    }

    private void startStreams() {
        streamsProperties = StreamsProperties.assemble(
                options,
                new StreamsProperties.Running(
                        applicationServer,
                        stateDir,
                        partitionGuard.streamsSettings(),
                        metrics.prepare(config),
                        handledRecords,
                        parkingLot));
        // The topology reads its build-time settings (the partition guard's processor wrapper, the handlers) from the
        // same properties Kafka Streams runs with.
        Topology topology = GateTopology.build(config.withStreams(StreamsProperties.asMap(streamsProperties)), serdes);
        KafkaStreams created = new KafkaStreams(topology, streamsProperties, new ParkingClientSupplier(parkingLot));
        created.setStateListener(lifecycle);
        created.setUncaughtExceptionHandler(lifecycle);
        streams = created;
        metrics.bind(created, () -> streams, config, handledRecords, options.get(RuntimeSettings.METRICS_REFRESH));
        startHealthSampler();
        registerStateDiskMeters();

        http.start(new GateHttpServer.Endpoints(
                () -> streams,
                health::verdict,
                applicationServer,
                metrics.meters(),
                new GateHttpServer.Access(
                        options.get(RuntimeSettings.HTTP_TOKEN).orElse(null),
                        options.get(RuntimeSettings.HTTP_SHOW_CONTACTS))));
        created.start();
        partitionGuard.start(this::partitionsChanged);
        LOG.info(
                "Gate {} started: HTTP {}, application.server {}:{}, state in {}",
                config.applicationId(),
                http.boundUrl(),
                applicationServer.host(),
                applicationServer.port(),
                stateDir);
    }

    /** True once {@link #close} stopped Kafka Streams within the shutdown timeout. */
    public boolean closedCleanly() {
        return closedCleanly;
    }

    /** The partition counts changed under the running gate: it stops, with the operator's line as its error. */
    private void partitionsChanged(String line) {
        lifecycle.fail(line);
        Thread stop = new Thread(this::close, "agreement-gate-partitions-changed");
        stop.setDaemon(true);
        stop.start();
    }

    /**
     * Samples every second (or a fifth of the stall time, if shorter), so that /health turns within the stall time
     * plus a second and is up again within a second of records being processed.
     */
    // The sample catches its own failures, so the future holds none to be read; shutdown stops it.
    @SuppressWarnings("FutureReturnValueIgnored")
    private void startHealthSampler() {
        StreamsProgress progress =
                new StreamsProgress(() -> streams, handledRecords::parked, handledRecords::deadLettered);
        long period = Math.max(
                10, Math.min(1000, options.get(RuntimeSettings.HEALTH_STALL).toMillis() / 5));
        healthSampler.scheduleWithFixedDelay(
                () -> {
                    try {
                        Optional<String> low = StateDiskFull.lowSpace(stateDir(), MIN_FREE_STATE_BYTES);
                        if (health.stateDiskSpace(low.isPresent(), low.orElse(null))) {
                            LOG.error("{}", low.get());
                        }
                        health.observe(progress.sample());
                    } catch (RuntimeException e) {
                        // A metric read racing a thread's replacement: the next sample sees the new thread.
                        LOG.debug("Health sample failed: {}", e.toString());
                    }
                },
                0,
                period,
                TimeUnit.MILLISECONDS);
    }

    /**
     * {@code agreement_gate_state_disk_full} (1 while the state disk has under 1 MiB free, or a stream thread died of
     * a full disk and nothing has been processed since)
     * and {@code agreement_gate_state_disk_full_failures_total} (stream threads that died of it).
     */
    private void registerStateDiskMeters() {
        Gauge.builder(
                        "agreement.gate.state.disk.full",
                        health,
                        h -> h.diskFull().isPresent() ? 1 : 0)
                .description("1 while the state directory's disk is full (under 1 MiB free, or a stream thread died of"
                        + " it and nothing has been processed since)")
                .register(metrics.meters());
        FunctionCounter.builder(
                        "agreement.gate.state.disk.full.failures", lifecycle, StreamsLifecycle::diskFullFailures)
                .description("Stream threads that died because the state directory's disk is full")
                .register(metrics.meters());
    }

    /** Why the gate stopped by itself (refused credentials or permissions), if it did. */
    public Optional<String> fatalError() {
        return lifecycle.fatalError();
    }

    /** Waits until Kafka Streams is RUNNING for the first time. */
    public GateRunner awaitRunning(Duration timeout) {
        lifecycle.awaitRunning(timeout, () -> streams.state());
        return this;
    }

    /** Completes with ERROR when Kafka Streams fails, or NOT_RUNNING once closed. */
    public CompletableFuture<KafkaStreams.State> stopped() {
        return lifecycle.stopped();
    }

    public KafkaStreams streams() {
        return streams;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The configuration the topology was built with. */
    public GateConfig config() {
        return config;
    }

    /** The Kafka Streams properties the gate runs with, as {@link StreamsProperties} assembled them. */
    public Properties streamsProperties() {
        Properties copy = new Properties();
        copy.putAll(streamsProperties);
        return copy;
    }

    /** The validated settings it runs with. */
    public GateOptions options() {
        return options;
    }

    /** The layered settings it was started from (client properties, origins). */
    public GateSettings settings() {
        return options.settings();
    }

    public SchemaRegistryClient registryClient() {
        return registry;
    }

    /** e.g. {@code http://127.0.0.1:8080}: where a client on this machine reaches the endpoint. */
    public String httpUrl() {
        return http.url();
    }

    /** The address bound, e.g. {@code http://0.0.0.0:8080}. */
    public String httpBoundUrl() {
        return http.boundUrl();
    }

    public HostInfo applicationServer() {
        return applicationServer;
    }

    public Path stateDir() {
        return stateDir;
    }

    /**
     * Why the state may not have been persisted on the way out: a full-disk episode going on (a store could not be
     * written), or no space left on the state directory's disk after the stop (RocksDB's last flush had none).
     * Kafka Streams 4.4 keeps its changelog offsets inside the stores, so there is no checkpoint file to look for.
     */
    private Optional<String> unpersistedState() {
        Optional<String> full = health.diskFull();
        if (full.isEmpty()) {
            try {
                long usable = Files.getFileStore(stateDir()).getUsableSpace();
                if (usable < MIN_FREE_STATE_BYTES) {
                    full = Optional.of(
                            "only " + usable + " bytes are free on the disk of the state directory " + stateDir());
                }
            } catch (IOException e) {
                full = Optional.of("the state directory " + stateDir() + " cannot be read: " + e.getMessage());
            }
        }
        return full.map(reason -> "the gate stopped but its state may not be persisted (" + reason
                + "): the next start restores it from the changelog topics");
    }

    /** After {@link #close()}: why the state may not have been persisted on the way out, if so. */
    public synchronized Optional<String> stateNotPersisted() {
        return unpersisted;
    }

    /**
     * Stops Kafka Streams, committing what was processed (and leaving the group so that other instances take over
     * at once), then the HTTP endpoint. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Duration timeout = options.get(RuntimeSettings.SHUTDOWN_TIMEOUT);
        LOG.info("Stopping the gate (up to {} ms)", timeout.toMillis());
        metrics.stopReading();
        healthSampler.shutdownNow();
        try {
            if (streams != null) {
                boolean clean = streams.close(
                        CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                                .withTimeout(timeout));
                if (!clean) {
                    LOG.warn("Kafka Streams did not stop within {} ms", timeout.toMillis());
                }
                closedCleanly = clean;
                unpersisted = unpersistedState();
                unpersisted.ifPresent(line -> LOG.error("{}", line));
            }
        } finally {
            partitionGuard.close();
            metrics.close();
            http.close();
            if (stateClaim != null) {
                stateClaim.close();
            }
            lifecycle.stopped().complete(KafkaStreams.State.NOT_RUNNING);
        }
        LOG.info("Gate stopped");
    }
}
