package io.agreementgate.embedded;

import io.agreementgate.embedded.EmbeddedKafkaBroker.Node;
import io.agreementgate.embedded.EmbeddedKafkaBroker.Quorum;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;

/**
 * One or more embedded Kafka nodes as one cluster. One node keeps the single-broker layout of {@link
 * EmbeddedKafkaBroker} in {@code dir}; several form a static KRaft quorum of all of them (each broker and
 * controller), in {@code dir/node-<id>}, with their ports and the cluster id in {@code dir/nodes.properties} so that
 * a restart, or a node started in another JVM ({@link #startNode}), finds the same addresses.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

    static final String NODES_FILE = "nodes.properties";
    private static final String BROKERS_KEY = "brokers";
    private static final String CLUSTER_ID_KEY = "cluster.id";

    private final Path dir;
    private final Layout layout;
    private final Map<Integer, EmbeddedKafkaBroker> running = new TreeMap<>();

    private EmbeddedKafkaCluster(Path dir, Layout layout) {
        this.dir = dir;
        this.layout = layout;
    }

    /** The nodes of a cluster of several, as recorded in {@code dir/nodes.properties}. */
    public record Layout(Quorum quorum) {
        public List<Node> nodes() {
            return quorum.voters();
        }

        public String bootstrapServers() {
            return nodes().stream().map(Node::bootstrapAddress).collect(Collectors.joining(","));
        }
    }

    /**
     * Starts {@code brokers} nodes on {@code dir} and waits until all are ready.
     *
     * @throws IllegalStateException when {@code dir} holds a cluster of another size
     */
    public static EmbeddedKafkaCluster start(Path dir, int brokers) {
        Path absolute = dir.toAbsolutePath().normalize();
        if (brokers == 1) {
            refuseOtherSize(absolute, 1, recordedSize(absolute));
            EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(absolute, null);
            cluster.running.put(1, EmbeddedKafkaBroker.start(absolute));
            return cluster;
        }
        Layout layout = prepare(absolute, brokers);
        EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(absolute, layout);
        // Each node's start-up waits for a quorum majority, so they must start together: a thread each (the common
        // pool may have a single thread on a small machine).
        List<CompletableFuture<EmbeddedKafkaBroker>> starting = layout.nodes().stream()
                .map(node -> inThread(() -> startNode(absolute, layout, node.id()), "start-kafka-node-" + node.id()))
                .toList();
        RuntimeException failure = null;
        for (CompletableFuture<EmbeddedKafkaBroker> future : starting) {
            try {
                EmbeddedKafkaBroker node = future.join();
                cluster.running.put(nodeId(layout, node), node);
            } catch (CompletionException e) {
                failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
        if (failure != null) {
            cluster.close();
            throw failure;
        }
        return cluster;
    }

    /**
     * The layout of a cluster of {@code brokers} nodes on {@code dir}: the recorded one, or new free ports and a new
     * cluster id, recorded before any node starts.
     */
    public static Layout prepare(Path dir, int brokers) {
        if (brokers < 2) {
            throw new IllegalArgumentException("a layout of several nodes needs at least 2, not " + brokers);
        }
        Path absolute = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute);
            Path file = absolute.resolve(NODES_FILE);
            Properties recorded = PortFile.load(file);
            refuseOtherSize(absolute, brokers, recordedSize(absolute));
            String clusterId =
                    recorded.getProperty(CLUSTER_ID_KEY, Uuid.randomUuid().toString());
            Set<Integer> taken = new HashSet<>();
            List<Node> nodes = new ArrayList<>();
            for (int id = 1; id <= brokers; id++) {
                int brokerPort = distinctPort(recorded, "node." + id + ".broker.port", taken);
                int controllerPort = distinctPort(recorded, "node." + id + ".controller.port", taken);
                nodes.add(new Node(id, brokerPort, controllerPort));
            }
            Properties out = new Properties();
            out.setProperty(BROKERS_KEY, Integer.toString(brokers));
            out.setProperty(CLUSTER_ID_KEY, clusterId);
            for (Node node : nodes) {
                out.setProperty("node." + node.id() + ".broker.port", Integer.toString(node.brokerPort()));
                out.setProperty("node." + node.id() + ".controller.port", Integer.toString(node.controllerPort()));
            }
            if (!out.equals(recorded)) {
                // Written only when new: nodes started in several JVMs at once read it, none rewrites it.
                PortFile.store(file, out, "Nodes of the embedded Kafka cluster, reused on restart");
            }
            return new Layout(new Quorum(Optional.of(clusterId), nodes));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the embedded Kafka cluster in " + absolute, e);
        }
    }

    /** Starts node {@code nodeId} of a prepared layout in this JVM (it waits for a majority of the quorum). */
    public static EmbeddedKafkaBroker startNode(Path dir, Layout layout, int nodeId) {
        Node self = layout.nodes().stream()
                .filter(n -> n.id() == nodeId)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + nodeId + " in " + layout));
        Path nodeDir = dir.toAbsolutePath().normalize().resolve("node-" + nodeId);
        return EmbeddedKafkaBroker.startNode(EmbeddedKafkaBroker.Config.of(nodeDir), self, layout.quorum());
    }

    private static int distinctPort(Properties recorded, String key, Set<Integer> taken) {
        int port = PortFile.resolve(recorded, key, 0);
        while (!taken.add(port)) {
            port = PortFile.freePort();
        }
        return port;
    }

    /** How many nodes the cluster on {@code dir} has, if there is one. */
    public static Optional<Integer> recordedBrokers(Path dir) {
        int size = recordedSize(dir.toAbsolutePath().normalize());
        return size == 0 ? Optional.empty() : Optional.of(size);
    }

    /** 1 for the single-node layout, N from {@code nodes.properties}, or 0 for an empty folder. */
    private static int recordedSize(Path dir) {
        if (Files.exists(dir.resolve(EmbeddedKafkaBroker.LOG_DIR))) {
            return 1;
        }
        Path file = dir.resolve(NODES_FILE);
        if (!Files.exists(file)) {
            return 0;
        }
        try {
            return Integer.parseInt(
                    PortFile.load(file).getProperty(BROKERS_KEY, "0").trim());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(file + " is damaged: " + e.getMessage(), e);
        }
    }

    private static void refuseOtherSize(Path dir, int wanted, int recorded) {
        if (recorded != 0 && recorded != wanted) {
            throw new IllegalStateException(dir + " holds a Kafka cluster of " + recorded + " broker"
                    + (recorded == 1 ? "" : "s") + ", not " + wanted + ": start it with " + recorded
                    + ", or use another data dir");
        }
    }

    private static int nodeId(Layout layout, EmbeddedKafkaBroker broker) {
        return layout.nodes().stream()
                .filter(n -> n.bootstrapAddress().equals(broker.bootstrapServers()))
                .findFirst()
                .orElseThrow()
                .id();
    }

    /** Every node's broker address, comma-separated. */
    public String bootstrapServers() {
        return layout == null ? running.get(1).bootstrapServers() : layout.bootstrapServers();
    }

    public int size() {
        return layout == null ? 1 : layout.nodes().size();
    }

    /** Stops one node cleanly (controlled shutdown: its leaderships move first). */
    public synchronized void stopNode(int nodeId) {
        EmbeddedKafkaBroker node = running.remove(nodeId);
        if (node == null) {
            throw new IllegalStateException("node " + nodeId + " is not running");
        }
        node.close();
    }

    /** Starts a stopped node again on its folder and ports. */
    public synchronized void restartNode(int nodeId) {
        if (running.containsKey(nodeId)) {
            throw new IllegalStateException("node " + nodeId + " is running");
        }
        running.put(nodeId, layout == null ? EmbeddedKafkaBroker.start(dir) : startNode(dir, layout, nodeId));
    }

    /** Stops every running node, all at once (one by one, the last ones would wait for a lost quorum). */
    @Override
    public synchronized void close() {
        List<CompletableFuture<Boolean>> stopping = running.entrySet().stream()
                .map(e -> inThread(
                        () -> {
                            e.getValue().close();
                            return true;
                        },
                        "stop-kafka-node-" + e.getKey()))
                .toList();
        running.clear();
        stopping.forEach(CompletableFuture::join);
    }

    private static <T> CompletableFuture<T> inThread(Supplier<T> work, String name) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(
                () -> {
                    try {
                        result.complete(work.get());
                    } catch (RuntimeException | Error e) {
                        result.completeExceptionally(e);
                    }
                },
                name);
        thread.start();
        return result;
    }
}
