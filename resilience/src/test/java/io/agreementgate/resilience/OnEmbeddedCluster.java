package io.agreementgate.resilience;

import io.agreementgate.embedded.EmbeddedCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Fault tests of one class share one embedded broker and registry, with the gate's topics created. */
abstract class OnEmbeddedCluster {
    @TempDir
    static Path root;

    static EmbeddedCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = EmbeddedCluster.start(root.resolve("cluster"));
        Fixture.createTopics(cluster.bootstrapServers());
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }
}
