package io.agreementgate.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.embedded.EmbeddedKafkaBroker;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A gate that cannot reach its broker or its schema registry at start-up says so in one line and exits non-zero. */
class StartupFaultsIT {
    @TempDir
    Path root;

    @Test
    void shouldExitWithOneClearLineWhenTheBrokerIsDownAtStartUp() throws Exception {
        String nowhere = "127.0.0.1:" + freePort();
        GateJvm gate = GateJvm.start(
                root.resolve("no-broker.log"),
                Fixture.options(nowhere, "http://127.0.0.1:" + freePort(), root.resolve("gate")),
                Fixture.settings("no-broker", Duration.ofSeconds(3)));

        assertThat(gate.awaitExit(Duration.ofSeconds(90))).isNotZero();
        assertThat(errorLines(gate)).singleElement().asString().contains(nowhere);
    }

    @Test
    void shouldExitWithOneClearLineWhenTheRegistryIsDownAtStartUp() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(root.resolve("kafka"))) {
            String registry = "http://127.0.0.1:" + freePort();
            GateJvm gate = GateJvm.start(
                    root.resolve("no-registry.log"),
                    Fixture.options(broker.bootstrapServers(), registry, root.resolve("gate")),
                    Fixture.settings("no-registry", Duration.ofSeconds(3)));

            assertThat(gate.awaitExit(Duration.ofSeconds(90))).isNotZero();
            assertThat(errorLines(gate)).singleElement().asString().contains(registry);
        }
    }

    private static List<String> errorLines(GateJvm gate) throws IOException {
        return gate.output()
                .lines()
                .filter(l -> l.startsWith("agreement-gate:"))
                .toList();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
