package io.agreementgate.embedded;

import io.agreementgate.spi.LocalCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * A local cluster for the gate: Kafka in {@code root/kafka} (one {@link EmbeddedKafkaBroker}, or several nodes as an
 * {@link EmbeddedKafkaCluster}) and an {@link EmbeddedSchemaRegistry} in {@code root/schema-registry}. It writes {@code root/cluster.properties} with {@code
 * bootstrap.servers} and {@code schema.registry.url}, so that other processes can find and share it; the addresses
 * stay the same across restarts on the same root.
 */
public final class EmbeddedCluster implements LocalCluster {

    public static final String CLUSTER_FILE = LocalCluster.CLUSTER_FILE;
    public static final String BOOTSTRAP_SERVERS = LocalCluster.BOOTSTRAP_SERVERS;
    public static final String SCHEMA_REGISTRY_URL = LocalCluster.SCHEMA_REGISTRY_URL;
    static final String DEFAULT_ROOT = "./data/embedded";

    private final Path root;
    private final EmbeddedKafkaCluster kafka;
    private final EmbeddedSchemaRegistry registry;
    private boolean closed;

    private EmbeddedCluster(Path root, EmbeddedKafkaCluster kafka, EmbeddedSchemaRegistry registry) {
        this.root = root;
        this.kafka = kafka;
        this.registry = registry;
    }

    /**
     * Starts Kafka with as many brokers as {@code root} holds (one for a new folder) and the registry under {@code
     * root}, and writes {@code root/cluster.properties}.
     */
    public static EmbeddedCluster start(Path root) {
        return start(root, recordedBrokers(root).orElse(1));
    }

    /** How many brokers the Kafka cluster under {@code root} has, if there is one. */
    public static Optional<Integer> recordedBrokers(Path root) {
        return EmbeddedKafkaCluster.recordedBrokers(root.resolve("kafka"));
    }

    /**
     * Starts {@code brokers} Kafka nodes and the registry under {@code root} and writes {@code
     * root/cluster.properties}.
     *
     * @throws IllegalStateException when {@code root} holds a Kafka cluster of another size
     */
    public static EmbeddedCluster start(Path root, int brokers) {
        Path absolute = root.toAbsolutePath().normalize();
        EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start(absolute.resolve("kafka"), brokers);
        EmbeddedSchemaRegistry registry;
        try {
            registry = EmbeddedSchemaRegistry.start(absolute.resolve("schema-registry"));
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        EmbeddedCluster cluster = new EmbeddedCluster(absolute, kafka, registry);
        try {
            cluster.writeClusterFile();
        } catch (IOException e) {
            cluster.close();
            throw new UncheckedIOException("Cannot write " + absolute.resolve(CLUSTER_FILE), e);
        }
        return cluster;
    }

    private void writeClusterFile() throws IOException {
        Properties props = new Properties();
        props.setProperty(BOOTSTRAP_SERVERS, bootstrapServers());
        props.setProperty(SCHEMA_REGISTRY_URL, schemaRegistryUrl());
        PortFile.store(clusterFile(), props, "Embedded agreement-gate cluster");
    }

    /** Every broker's address, comma-separated. */
    @Override
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The Kafka nodes, e.g. to stop and restart one. */
    public EmbeddedKafkaCluster kafka() {
        return kafka;
    }

    @Override
    public String schemaRegistryUrl() {
        return registry.url();
    }

    @Override
    public int brokers() {
        return kafka.size();
    }

    @Override
    public Path root() {
        return root;
    }

    /** {@code root/cluster.properties}; left in place on close, as the addresses are reused on restart. */
    @Override
    public Path clusterFile() {
        return root.resolve(CLUSTER_FILE);
    }

    /** Closes the registry, then the broker; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            registry.close();
        } finally {
            kafka.close();
        }
    }

    /**
     * Runs a cluster on the folder given as first argument (default {@value #DEFAULT_ROOT}) with the number of brokers
     * given as second (default 1) until SIGTERM/Ctrl-C.
     */
    public static void main(String[] args) throws InterruptedException {
        Path root = Paths.get(args.length > 0 ? args[0] : DEFAULT_ROOT);
        EmbeddedCluster cluster = args.length > 1 ? start(root, Integer.parseInt(args[1])) : start(root);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("Stopping embedded cluster...");
                            try {
                                cluster.close();
                            } finally {
                                stopped.countDown();
                            }
                        },
                        "embedded-cluster-shutdown"));
        System.out.println("Embedded cluster running, data in " + cluster.root());
        System.out.println("  " + BOOTSTRAP_SERVERS + "=" + cluster.bootstrapServers());
        System.out.println("  " + SCHEMA_REGISTRY_URL + "=" + cluster.schemaRegistryUrl());
        System.out.println("  written to " + cluster.clusterFile());
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
    }
}
