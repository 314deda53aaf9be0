package io.agreementgate.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka node running in this JVM: KRaft mode, combined broker and controller roles, listening on 127.0.0.1
 * only. Alone it is a single-node cluster ({@link #start(Config)}); {@link EmbeddedKafkaCluster} starts several as one
 * replicated cluster with a static quorum of all of them.
 *
 * <p>The data directory holds the log dirs ({@code logs/}, formatted on first start only) and, for a single node,
 * {@code ports.properties} with the broker and controller ports, chosen free on first start and reused afterwards so
 * that clients configured with the old bootstrap address reconnect after a restart. Replication settings follow the
 * quorum's size (see {@link #brokerProperties}); topics are not auto-created.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    static final String PORTS_FILE = "ports.properties";
    static final String LOG_DIR = "logs";
    private static final String BROKER_PORT_KEY = "broker.port";
    private static final String CONTROLLER_PORT_KEY = "controller.port";
    private static final int SINGLE_NODE_ID = 1;

    /**
     * How to start the broker.
     *
     * @param dataDir folder for the log dirs and the ports file
     * @param port broker (client) port; 0 means the stored one, or a free one on first start
     * @param defaultPartitions {@code num.partitions} for topics created without an explicit count
     * @param overrides any further broker properties, applied last
     */
    public record Config(Path dataDir, int port, int defaultPartitions, Map<String, String> overrides) {

        public static final int DEFAULT_PARTITIONS = 3;

        public Config {
            Objects.requireNonNull(dataDir, "dataDir");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 (automatic) or 1-65535: " + port);
            }
            if (defaultPartitions < 1) {
                throw new IllegalArgumentException("defaultPartitions must be positive: " + defaultPartitions);
            }
            overrides = Map.copyOf(overrides);
        }

        public static Config of(Path dataDir) {
            return new Config(dataDir, 0, DEFAULT_PARTITIONS, Map.of());
        }

        public Config withPort(int newPort) {
            return new Config(dataDir, newPort, defaultPartitions, overrides);
        }

        public Config withDefaultPartitions(int partitions) {
            return new Config(dataDir, port, partitions, overrides);
        }

        public Config withOverride(String key, String value) {
            Map<String, String> merged = new LinkedHashMap<>(overrides);
            merged.put(key, value);
            return new Config(dataDir, port, defaultPartitions, merged);
        }
    }

    /** One node of the quorum: its id and ports on 127.0.0.1. */
    public record Node(int id, int brokerPort, int controllerPort) {
        public String bootstrapAddress() {
            return KafkaNodeSetup.HOST + ":" + brokerPort;
        }
    }

    /**
     * The static KRaft quorum this node belongs to.
     *
     * @param clusterId the id every node's storage is formatted with; empty for a single node (a random one then)
     * @param voters every node of the cluster (each is broker and controller)
     */
    public record Quorum(Optional<String> clusterId, List<Node> voters) {
        public Quorum {
            Objects.requireNonNull(clusterId, "clusterId");
            voters = List.copyOf(voters);
            if (voters.isEmpty()) {
                throw new IllegalArgumentException("a quorum needs at least one voter");
            }
        }
    }

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path dataDir;
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers, Path dataDir) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.dataDir = dataDir;
    }

    /** Starts a broker on {@code dataDir} with an automatic (persisted) port and 3 default partitions. */
    public static EmbeddedKafkaBroker start(Path dataDir) {
        return start(Config.of(dataDir));
    }

    /** Starts a single-node cluster as configured; blocks until it is ready for clients. */
    public static EmbeddedKafkaBroker start(Config config) {
        return start(config, null);
    }

    /** Starts a broker whose client listener is secured as {@code security} says (null: PLAINTEXT). */
    public static EmbeddedKafkaBroker start(Config config, EmbeddedBrokerSecurity security) {
        try {
            return doStart(config, security);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start embedded Kafka broker in " + config.dataDir(), e);
        }
    }

    private static EmbeddedKafkaBroker doStart(Config config, EmbeddedBrokerSecurity security) throws IOException {
        Path dataDir = config.dataDir().toAbsolutePath();
        Files.createDirectories(dataDir);
        Path portsFile = dataDir.resolve(PORTS_FILE);
        Properties ports = PortFile.load(portsFile);
        int brokerPort = PortFile.resolve(ports, BROKER_PORT_KEY, config.port());
        int controllerPort = PortFile.resolve(ports, CONTROLLER_PORT_KEY, 0);
        if (controllerPort == brokerPort) {
            controllerPort = PortFile.freePort();
        }
        ports.setProperty(BROKER_PORT_KEY, Integer.toString(brokerPort));
        ports.setProperty(CONTROLLER_PORT_KEY, Integer.toString(controllerPort));
        PortFile.store(portsFile, ports, "Ports of the embedded Kafka broker, reused on restart");
        Node self = new Node(SINGLE_NODE_ID, brokerPort, controllerPort);
        return startNode(config, self, new Quorum(Optional.empty(), List.of(self)), security);
    }

    /**
     * Starts one node of {@code quorum} on {@code config.dataDir()}; blocks until it is ready for clients, which in a
     * quorum of several needs a majority of the voters running.
     */
    static EmbeddedKafkaBroker startNode(Config config, Node self, Quorum quorum) {
        return startNode(config, self, quorum, null);
    }

    /** As {@link #startNode(Config, Node, Quorum)}, its client listener secured as {@code security} says (null: none). */
    static EmbeddedKafkaBroker startNode(Config config, Node self, Quorum quorum, EmbeddedBrokerSecurity security) {
        try {
            return doStartNode(config, self, quorum, security);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot start embedded Kafka node " + self.id() + " in " + config.dataDir(), e);
        }
    }

    private static EmbeddedKafkaBroker doStartNode(
            Config config, Node self, Quorum quorum, EmbeddedBrokerSecurity security) throws IOException {
        Path dataDir = config.dataDir().toAbsolutePath();
        Path logDir = dataDir.resolve(LOG_DIR);
        Files.createDirectories(logDir);
        Map<String, Object> properties = brokerProperties(config, logDir, self, quorum.voters());
        if (security != null) {
            security.apply(properties);
            properties.putAll(config.overrides());
        }
        KafkaConfig kafkaConfig = new KafkaConfig(properties, false);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            KafkaNodeSetup.format(
                    kafkaConfig,
                    logDir,
                    quorum.clusterId().orElseGet(() -> Uuid.randomUuid().toString()),
                    security == null ? List.of() : security.scramArguments());
        }

        KafkaRaftServer server = new KafkaRaftServer(kafkaConfig, Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            shutdownQuietly(server);
            throw e;
        }
        String bootstrap = self.bootstrapAddress();
        LOG.info("Embedded Kafka node {} listening on {} (data in {})", self.id(), bootstrap, dataDir);
        return new EmbeddedKafkaBroker(server, bootstrap, dataDir);
    }

    /** The node's server properties (kept here for the tests that read them). */
    static Map<String, Object> brokerProperties(Config config, Path logDir, Node self, List<Node> voters) {
        return KafkaNodeSetup.properties(config, logDir, self, voters);
    }

    /** {@code 127.0.0.1:PORT}, stable across restarts on the same data directory. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The data directory this broker keeps its logs and ports file in. */
    public Path dataDir() {
        return dataDir;
    }

    /** Shuts the broker down cleanly and waits for it; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
        LOG.info("Embedded Kafka broker on {} stopped", bootstrapServers);
    }

    private static void shutdownQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Error while shutting down a broker that failed to start", e);
        }
    }
}
