package io.agreementgate.runtime;

import io.agreementgate.runtime.cluster.GroupInstanceId;
import io.agreementgate.runtime.config.ConfigurationException;
import io.agreementgate.runtime.config.GateOptions;
import io.agreementgate.runtime.config.GateSettings;
import io.agreementgate.runtime.config.Keys;
import io.agreementgate.runtime.http.GateHttpServer;
import io.agreementgate.runtime.metrics.DecisionLatency;
import io.agreementgate.runtime.metrics.GateMeters;
import io.agreementgate.serde.AvroSerdes;
import io.agreementgate.serde.SchemaRegistryClient;
import io.agreementgate.serde.SchemaRegistryClients;
import io.agreementgate.topology.GateTopology;
import io.agreementgate.topology.config.GateConfig;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
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
 * try (GateRunner gate = GateRunner.start(settings)) {
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
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ScheduledExecutorService metricsScheduler;
    private final CompletableFuture<Void> running = new CompletableFuture<>();
    private final CompletableFuture<KafkaStreams.State> stopped = new CompletableFuture<>();
    private final GateHealth health;
    private volatile String fatalError;
    private volatile KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;
    /** Held for the meters: Micrometer references their state weakly. */
    private GateMeters gateMeters;

    private boolean closed;

    private GateRunner(
            GateOptions options,
            SchemaRegistryClient registry,
            GateHttpServer http,
            StateDirectoryClaim stateClaim,
            HostInfo applicationServer) {
        this.options = options;
        this.config = options.gate();
        this.registry = registry;
        this.serdes = new AvroSerdes(registry, options.autoRegisterSchemas());
        this.http = http;
        this.stateClaim = stateClaim;
        this.applicationServer = applicationServer;
        this.health = new GateHealth(Clock.systemUTC(), options.healthGrace());
        this.metricsScheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "gate-metrics-refresh");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Builds the topology and starts Kafka Streams and the HTTP endpoint; returns at once (Kafka Streams reaches
     * RUNNING in the background, see {@link #awaitRunning}).
     *
     * @param settings must set {@code bootstrap.servers} and {@code schema.registry.url}
     * @throws ConfigurationException for a wrong setting
     * @throws StartupException when the HTTP port or the state directory cannot be had
     */
    public static GateRunner start(GateSettings settings) {
        return start(settings.validate());
    }

    /**
     * As {@link #start(GateSettings)}, with settings already validated (start-up validates once and hands them down).
     */
    public static GateRunner start(GateOptions options) {
        String registryUrl = options.schemaRegistryUrl()
                .orElseThrow(() -> new ConfigurationException(Keys.SCHEMA_REGISTRY_URL + " is not set"));
        options.bootstrapServers()
                .orElseThrow(() -> new ConfigurationException(Keys.BOOTSTRAP_SERVERS + " is not set"));
        // Real HTTP even for the embedded registry: the gate runs exactly as it would against Confluent's.
        SchemaRegistryClient registry =
                SchemaRegistryClients.forUrl(registryUrl, options.settings().registryProperties());

        GateHttpServer http = GateHttpServer.bind(options.httpHost(), options.httpPort());
        StateDirectoryClaim claim = null;
        GateRunner runner;
        try {
            HostInfo self = applicationServer(options, http);
            Map<String, Object> streamsSettings =
                    new LinkedHashMap<>(options.gate().streams());
            streamsSettings.putIfAbsent(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
            if (!streamsSettings.containsKey(StreamsConfig.STATE_DIR_CONFIG)) {
                claim = StateDirectoryClaim.claim(options.dataDir().resolve("gate-state"));
                streamsSettings.put(
                        StreamsConfig.STATE_DIR_CONFIG, claim.directory().toString());
            }
            if (options.staticMembership()) {
                streamsSettings.putIfAbsent(
                        ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
                        GroupInstanceId.in(
                                Path.of(String.valueOf(streamsSettings.get(StreamsConfig.STATE_DIR_CONFIG)))));
            }
            runner = new GateRunner(
                    options.withGate(options.gate().withStreams(streamsSettings)), registry, http, claim, self);
        } catch (RuntimeException e) {
            http.close();
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

    /** {@code application.server} as set, or this endpoint's host and port. */
    private static HostInfo applicationServer(GateOptions options, GateHttpServer http) {
        String configured = options.settings()
                .get(StreamsConfig.APPLICATION_SERVER_CONFIG)
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .orElse(null);
        if (configured != null) {
            try {
                return HostInfo.buildFromEndpoint(configured);
            } catch (RuntimeException e) {
                throw new ConfigurationException("invalid value '" + configured + "' for application.server ("
                        + options.settings().origin(StreamsConfig.APPLICATION_SERVER_CONFIG) + "): expected host:port");
            }
        }
        String host = options.httpAdvertisedHost().orElseGet(() -> {
            if (!http.boundToAnyAddress()) {
                return options.httpHost();
            }
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "127.0.0.1";
            }
        });
        return new HostInfo(host, http.port());
    }

    private void startStreams() {
        Topology topology = GateTopology.build(config, serdes);
        Properties streamsProperties = config.streamsProperties();
        GateMeters.hideRawDecisionSensors(meters);
        DecisionLatency.install(
                streamsProperties,
                meters,
                Set.of(config.topics().approvedOrders(), config.topics().rejectedOrders()));
        KafkaStreams created = new KafkaStreams(topology, streamsProperties);
        created.setStateListener(this::onStateChange);
        created.setUncaughtExceptionHandler(this::onUncaughtException);
        streams = created;

        streamsMetrics = new KafkaStreamsMetrics(
                created,
                List.of(Tag.of("application.id", config.applicationId())),
                metricsScheduler,
                options.metricsRefresh());
        streamsMetrics.bindTo(meters);
        gateMeters = GateMeters.bind(meters, () -> streams, config);
        new JvmMemoryMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        new UptimeMetrics().bindTo(meters);

        http.start(new GateHttpServer.Endpoints(
                () -> streams,
                health::verdict,
                applicationServer,
                meters,
                new GateHttpServer.Access(options.httpToken().orElse(null), options.showContacts())));
        created.start();
        LOG.info(
                "Gate {} started: HTTP {}, application.server {}:{}, state in {}",
                config.applicationId(),
                http.boundUrl(),
                applicationServer.host(),
                applicationServer.port(),
                config.streams().get(StreamsConfig.STATE_DIR_CONFIG));
    }

    private void onStateChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        LOG.info("Kafka Streams {} -> {}", oldState, newState);
        health.stateChanged(newState);
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
    private StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse onUncaughtException(Throwable e) {
        health.threadDied();
        Optional<String> refused = AccessErrors.describe(e, config.applicationId(), config.topics());
        if (refused.isPresent()) {
            fatalError = refused.get();
            LOG.error("{}; stopping the gate", fatalError);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        LOG.error("A stream thread died, replacing it: {}", e.toString(), e);
        return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** Why the gate stopped by itself (refused credentials or permissions), if it did. */
    public Optional<String> fatalError() {
        return Optional.ofNullable(fatalError);
    }

    /** Waits until Kafka Streams is RUNNING for the first time. */
    public GateRunner awaitRunning(Duration timeout) {
        try {
            CompletableFuture.anyOf(running, stopped).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new StartupException(
                    "the gate failed while starting: " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new StartupException("the gate did not reach RUNNING within " + timeout.toMillis() + " ms (state "
                    + streams.state() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while waiting for the gate to run", e);
        }
        if (stopped.isDone()) {
            throw new StartupException(
                    fatalError().orElse("the gate stopped while starting (state " + stopped.join() + ")"));
        }
        return this;
    }

    /** Completes with ERROR when Kafka Streams fails, or NOT_RUNNING once closed. */
    public CompletableFuture<KafkaStreams.State> stopped() {
        return stopped;
    }

    public KafkaStreams streams() {
        return streams;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The configuration the topology was built with, including the Kafka Streams settings in effect. */
    public GateConfig config() {
        return config;
    }

    /** The validated settings it runs with. */
    public GateOptions options() {
        return options;
    }

    /** The layered settings it was started from (client properties, origins). */
    public GateSettings settings() {
        return options.settings();
    }

    public AvroSerdes serdes() {
        return serdes;
    }

    public SchemaRegistryClient registryClient() {
        return registry;
    }

    public PrometheusMeterRegistry meters() {
        return meters;
    }

    /** e.g. {@code http://127.0.0.1:8080}: where a client on this machine reaches the endpoint. */
    public String httpUrl() {
        return http.url();
    }

    /** The address bound, e.g. {@code http://0.0.0.0:8080}. */
    public String httpBoundUrl() {
        return http.boundUrl();
    }

    public int httpPort() {
        return http.port();
    }

    public HostInfo applicationServer() {
        return applicationServer;
    }

    public Path stateDir() {
        return Path.of(String.valueOf(config.streams().get(StreamsConfig.STATE_DIR_CONFIG)));
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
        Duration timeout = options.shutdownTimeout();
        LOG.info("Stopping the gate (up to {} ms)", timeout.toMillis());
        // Metrics readers stop first: reading a store's gauges while Kafka Streams closes the store has crashed the
        // JVM in native RocksDB code (see StreamsDefaults), and nothing needs fresh metrics during a shutdown.
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        metricsScheduler.shutdownNow();
        try {
            if (streams != null) {
                boolean clean = streams.close(
                        CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                                .withTimeout(timeout));
                if (!clean) {
                    LOG.warn("Kafka Streams did not stop within {} ms", timeout.toMillis());
                }
            }
        } finally {
            meters.close();
            http.close();
            if (stateClaim != null) {
                stateClaim.close();
            }
            stopped.complete(KafkaStreams.State.NOT_RUNNING);
        }
        LOG.info("Gate stopped");
    }
}
