package io.agreementgate.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.embedded.EmbeddedKafkaCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code agreement-gate embedded}'s refusals: each one line and a non-zero exit, nothing started. */
class EmbeddedCommandTest {
    @TempDir
    Path dataDir;

    @Test
    void shouldRefuseFewerThanOneBroker() {
        Cli.Result result = Cli.run("embedded", "--brokers", "0", "--data-dir", dataDir.toString());

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.err().lines().filter(l -> l.startsWith("agreement-gate:")))
                .singleElement()
                .asString()
                .contains("--brokers must be at least 1, not 0");
    }

    @Test
    void shouldRefuseADataDirHoldingAClusterOfAnotherSize() {
        EmbeddedKafkaCluster.prepare(dataDir.resolve("kafka"), 3);

        Cli.Result result = Cli.run("embedded", "--brokers", "1", "--data-dir", dataDir.toString());

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.err().lines().filter(l -> l.startsWith("agreement-gate:")))
                .singleElement()
                .asString()
                .contains("holds a Kafka cluster of 3 brokers, not 1");
    }
}
