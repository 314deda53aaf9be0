package io.agreementgate.runtime.gate;

import io.agreementgate.runtime.cluster.ClusterEndpoints;
import io.agreementgate.runtime.cluster.ClusterLocator;
import io.agreementgate.runtime.cluster.TopicSetup;
import io.agreementgate.runtime.config.GateOptions;
import io.agreementgate.runtime.config.GateSettings;
import io.agreementgate.runtime.config.RuntimeSettings;
import io.agreementgate.runtime.http.GateHttpServer;
import io.agreementgate.serde.Redaction;
import io.agreementgate.spi.OwnerOnly;
import io.agreementgate.topology.config.GateConfig;
import io.agreementgate.topology.config.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code agreement-gate run} does: find (or start) the cluster, create the topics, start the gate, say where
 * everything listens. Closing stops them in reverse order, the embedded cluster last, so that Kafka Streams can commit
 * on its way out. The demo is not part of it: the {@code run} command starts it beside a process.
 */
public final class GateProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GateProcess.class);

    private final ClusterEndpoints cluster;
    private final GateRunner runner;
    private final PrintStream out;
    private boolean closed;

    private GateProcess(ClusterEndpoints cluster, GateRunner runner, PrintStream out) {
        this.cluster = cluster;
        this.runner = runner;
        this.out = out;
    }

    /** Starts everything; on failure stops what was started and throws. */
    public static GateProcess start(GateSettings settings, PrintStream out) {
        // The one validation pass, before anything starts: a wrong setting must not leave a broker behind.
        GateOptions options = settings.validate();
        ownerOnlyDataDir(options.get(RuntimeSettings.DATA_DIR));
        try {
            return startOn(options, out);
        } catch (RuntimeException e) {
            // Refused credentials or permissions while checking the cluster or creating topics: say what to grant.
            throw AccessErrors.describe(
                            e, options.gate().applicationId(), options.gate().topics())
                    .<RuntimeException>map(line -> new StartupException(line, e))
                    .orElse(e);
        }
    }

    private static GateProcess startOn(GateOptions requested, PrintStream out) {
        ClusterEndpoints cluster = ClusterLocator.locate(requested.settings(), true);
        GateRunner runner = null;
        try {
            GateOptions options = onCluster(requested, cluster);
            int partitions = createTopics(options);
            // The topology compares each record's partition with Kafka's default placement for this count.
            runner = GateRunner.start(options.withGate(options.gate().withInputPartitions(partitions)));
            GateProcess process = new GateProcess(cluster, runner, out);
            process.printBanner(partitions);
            return process;
        } catch (RuntimeException e) {
            if (runner != null) {
                runner.close();
            }
            cluster.closeOwned();
            throw e;
        }
    }

    /** Broker segments, schemas and gate state hold personal data: only the owner may read them. */
    private static void ownerOnlyDataDir(Path dir) {
        try {
            OwnerOnly.createDirectories(dir);
        } catch (IOException e) {
            throw new StartupException("cannot create the data dir " + dir + " (gate.data.dir): " + e.getMessage(), e);
        }
    }

    /**
     * The options with the cluster's addresses. Replication is left to the cluster's defaults (Kafka Streams'
     * {@code replication.factor} -1): one copy on a single embedded broker, three with two in sync on three.
     */
    static GateOptions onCluster(GateOptions options, ClusterEndpoints cluster) {
        if (!cluster.embedded()) {
            return options;
        }
        return options.onCluster(cluster.bootstrapServers(), cluster.schemaRegistryUrl(), "embedded cluster");
    }

    /**
     * Rejections and dead letters hold personal data (the rejected attestation, the raw record): they are kept as
     * long as support needs them, not for ever.
     */
    static Map<String, Map<String, String>> retention(GateOptions options, Topics topics) {
        Map<String, String> rejected = Map.of(
                "retention.ms",
                Long.toString(
                        options.get(RuntimeSettings.TOPICS_REJECTED_RETENTION).toMillis()));
        Map<String, Map<String, String>> configs = new HashMap<>();
        configs.put(topics.rejectedOrders(), rejected);
        configs.put(topics.rejectedAttestations(), rejected);
        if (!topics.deadLetter().isBlank()) {
            configs.put(
                    topics.deadLetter(),
                    Map.of(
                            "retention.ms",
                            Long.toString(options.get(RuntimeSettings.TOPICS_DEAD_LETTER_RETENTION)
                                    .toMillis())));
        }
        return configs;
    }

    private static int createTopics(GateOptions options) {
        Topics topics = options.gate().topics();
        Map<String, Object> properties =
                new HashMap<>(options.settings().clientProperties(AdminClientConfig.configNames()));
        try (Admin admin = Admin.create(properties)) {
            return TopicSetup.ensure(
                    admin,
                    topics,
                    new TopicSetup.Plan(
                            options.get(RuntimeSettings.TOPICS_PARTITIONS),
                            options.get(RuntimeSettings.TOPICS_REPLICATION_FACTOR),
                            options.get(RuntimeSettings.TOPICS_CREATE),
                            options.get(RuntimeSettings.CONNECT_TIMEOUT),
                            retention(options, topics)));
        }
    }

    private void printBanner(int partitions) {
        GateConfig config = runner.config();
        Topics topics = config.topics();
        String dataDir = cluster.embedded() ? ", data in " + runner.options().get(RuntimeSettings.DATA_DIR) : "";
        out.println("agreement-gate " + config.applicationId() + " started (policy "
                + config.policy().version() + ", orders wait up to "
                + config.maxWait().toMillis() + " ms for an attestation)");
        out.println("  Kafka            " + cluster.bootstrapServers() + "  (" + cluster.describe() + dataDir + ")");
        out.println("  Schema registry  " + Redaction.urls(cluster.schemaRegistryUrl()));
        String bound = runner.httpBoundUrl();
        String local = bound.equals(runner.httpUrl()) ? "" : " (every interface; locally " + runner.httpUrl() + ")";
        out.println("  HTTP             " + bound + local + "  " + String.join(" ", GateHttpServer.PATHS));
        out.println("  Topics in        " + topics.orders() + ", " + topics.attestations() + "  (" + partitions
                + " partitions)");
        out.println("  Topics out       " + topics.approvedOrders() + ", " + topics.rejectedOrders() + ", "
                + topics.rejectedAttestations()
                + (topics.deadLetter().isBlank() ? "" : "; dead letters " + topics.deadLetter()));
        out.println("  State            " + runner.stateDir());
        out.println("Stop with Ctrl-C.");
    }

    public GateRunner runner() {
        return runner;
    }

    public ClusterEndpoints cluster() {
        return cluster;
    }

    /** Blocks until the gate stops: ERROR when Kafka Streams failed, NOT_RUNNING when closed. */
    public KafkaStreams.State awaitStop() {
        return runner.stopped().join();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            runner.close();
        } finally {
            if (cluster.owned().isPresent()) {
                LOG.info("Stopping the embedded cluster");
                cluster.closeOwned();
            }
        }
    }
}
