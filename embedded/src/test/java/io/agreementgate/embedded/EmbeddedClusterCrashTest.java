package io.agreementgate.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared-cluster use: {@link EmbeddedCluster#main} in another JVM, killed with SIGKILL, then started again. */
class EmbeddedClusterCrashTest {

    @Test
    void shouldRestartOnSameAddressesAfterProcessIsKilled(@TempDir Path root) throws Exception {
        Path javaBin = Paths.get(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(
                        javaBin.toString(),
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        EmbeddedCluster.class.getName(),
                        root.toString())
                .redirectErrorStream(true)
                .redirectOutput(root.resolve("child.log").toFile())
                .start();
        Properties first;
        try {
            Path clusterFile = root.resolve(EmbeddedCluster.CLUSTER_FILE);
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(clusterFile) || !child.isAlive());
            assertThat(child.isAlive()).as("child JVM is running").isTrue();
            first = load(clusterFile);
            String bootstrap = first.getProperty(EmbeddedCluster.BOOTSTRAP_SERVERS);
            KafkaTestClients.createTopic(bootstrap, "crash-survivors", 3);
            KafkaTestClients.produce(bootstrap, "crash-survivors", List.of("one", "two", "three"));
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        long started = System.nanoTime();
        try (EmbeddedCluster cluster = EmbeddedCluster.start(root)) {
            Duration startup = Duration.ofNanos(System.nanoTime() - started);
            assertThat(cluster.bootstrapServers()).isEqualTo(first.getProperty(EmbeddedCluster.BOOTSTRAP_SERVERS));
            assertThat(cluster.schemaRegistryUrl()).isEqualTo(first.getProperty(EmbeddedCluster.SCHEMA_REGISTRY_URL));
            // The old broker session must expire before this node may register again: bounded by the short timeout.
            assertThat(startup).isLessThan(Duration.ofSeconds(8));
            assertThat(KafkaTestClients.consume(cluster.bootstrapServers(), "crash-survivors", 3))
                    .containsExactlyInAnyOrder("one", "two", "three");
        }
    }

    private static Properties load(Path file) throws Exception {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        }
        return props;
    }
}
