package io.agreementgate.resilience;

import io.agreementgate.embedded.EmbeddedKafkaCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One node of a several-node embedded Kafka cluster as its own OS process, so that a test can kill it with SIGKILL as a
 * machine failure would, and start it again on the same folder and ports.
 */
final class KafkaNodeJvm implements AutoCloseable {
    static final String READY = "kafka node ready";

    private final Process process;
    private final Path log;
    final int nodeId;

    private KafkaNodeJvm(Process process, Path log, int nodeId) {
        this.process = process;
        this.log = log;
        this.nodeId = nodeId;
    }

    /** Starts node {@code nodeId} of the cluster of {@code brokers} prepared in {@code dir}; returns at once. */
    static KafkaNodeJvm start(Path dir, int brokers, int nodeId) throws IOException {
        Path log = dir.resolve("node-" + nodeId + ".log");
        Files.createDirectories(dir);
        Process process = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx384m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        dir.toString(),
                        Integer.toString(brokers),
                        Integer.toString(nodeId)))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new KafkaNodeJvm(process, log, nodeId);
    }

    /** Waits until the node has joined the quorum and serves clients. */
    KafkaNodeJvm awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("kafka node " + nodeId + " exited; log:\n" + tail());
            }
            if (Files.readString(log).contains(READY)) {
                return this;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("kafka node " + nodeId + " not ready within " + timeout + "; log:\n" + tail());
    }

    /** SIGKILL: no controlled shutdown, leaderships move only once the controller fences the node. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The node process: {@code <dir> <brokers> <node id>}. */
    public static final class Main {
        private Main() {}

        public static void main(String[] args) throws InterruptedException {
            Path dir = Path.of(args[0]);
            EmbeddedKafkaCluster.Layout layout = EmbeddedKafkaCluster.prepare(dir, Integer.parseInt(args[1]));
            EmbeddedKafkaCluster.startNode(dir, layout, Integer.parseInt(args[2]));
            System.out.println(READY);
            Thread.currentThread().join();
        }
    }
}
