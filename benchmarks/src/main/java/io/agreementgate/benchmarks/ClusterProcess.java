package io.agreementgate.benchmarks;

import io.agreementgate.embedded.EmbeddedCluster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The embedded broker and registry in a child JVM, so the benchmark's heap and CPU figures are the gate's, not the
 * broker's, and the gate talks to Kafka over loopback as it would in production.
 */
final class ClusterProcess implements AutoCloseable {
    private final Process process;
    final String bootstrapServers;
    final String schemaRegistryUrl;

    private ClusterProcess(Process process, String bootstrapServers, String schemaRegistryUrl) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
        this.schemaRegistryUrl = schemaRegistryUrl;
    }

    static ClusterProcess start(Path root, String heap) throws IOException, InterruptedException {
        Path log = root.resolve("cluster.log");
        Files.createDirectories(root);
        Process process = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx" + heap,
                        "-cp",
                        System.getProperty("java.class.path"),
                        EmbeddedCluster.class.getName(),
                        root.toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Path clusterFile = root.resolve(EmbeddedCluster.CLUSTER_FILE);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("embedded cluster exited; see " + log);
            }
            if (Files.exists(clusterFile)) {
                Properties props = new Properties();
                try (InputStream in = Files.newInputStream(clusterFile)) {
                    props.load(in);
                }
                String bootstrap = props.getProperty(EmbeddedCluster.BOOTSTRAP_SERVERS);
                if (bootstrap != null && reachable(bootstrap)) {
                    return new ClusterProcess(
                            process, bootstrap, props.getProperty(EmbeddedCluster.SCHEMA_REGISTRY_URL));
                }
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new IllegalStateException("embedded cluster did not start within 90 s; see " + log);
    }

    private static boolean reachable(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster().nodes().get();
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** The broker's and registry's process, for its CPU time. */
    ProcessHandle process() {
        return process.toHandle();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
