package io.agreementgate.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.runtime.SharedCluster;
import io.agreementgate.runtime.TestSettings;
import io.agreementgate.testkit.KafkaTopics;
import io.agreementgate.topology.config.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A wrong setting stops start-up with one line that names it, exit code 1, and no stack trace. */
@ExtendWith(SharedCluster.class)
class ConfigErrorsTest {
    @TempDir
    Path dataDir;

    @Test
    void invalidValueNamesTheKeyAndWhereItWasSet() {
        Cli.Result result = run(Map.of("AGREEMENT_GATE_GATE_WAIT_MAX_MS", "soon"), "run");
        assertOneLine(result, "gate.wait.max.ms");
        assertThat(result.err()).contains("soon").contains("AGREEMENT_GATE_GATE_WAIT_MAX_MS");
    }

    @Test
    void unknownGateKeySuggestsTheNearestOne() {
        Cli.Result result = run(Map.of(), "run", "-D", "gate.wait.max.msx=5");
        assertOneLine(result, "unknown setting gate.wait.max.msx");
        assertThat(result.err()).contains("did you mean gate.wait.max.ms?");
    }

    @Test
    void invalidPolicyStopsStartUp() {
        Cli.Result result = run(Map.of(), "run", "--set", "gate.policy.customer-agreement-from=2030-01-01");
        assertOneLine(result, "invalid agreement policy");
    }

    @Test
    void bindingBeyondLoopbackWithoutATokenIsRefused() {
        Cli.Result result = run(Map.of("AGREEMENT_GATE_GATE_HTTP_HOST", "0.0.0.0"), "run");
        assertOneLine(result, "gate.http.host 0.0.0.0 (environment variable AGREEMENT_GATE_GATE_HTTP_HOST)");
        assertThat(result.err()).contains("set gate.http.token");
    }

    @Test
    void unknownRegistryKeyIsRefusedWithoutShowingItsValue() {
        Cli.Result result =
                run(Map.of("AGREEMENT_GATE_SCHEMA_REGISTRY_SSL_TRUSTSTORE_PASWORD", "planted-Secret-81"), "run");
        assertOneLine(result, "unknown setting schema.registry.ssl.truststore.pasword");
        assertThat(result.err())
                .contains("did you mean schema.registry.ssl.truststore.password?")
                .doesNotContain("planted-Secret-81");
    }

    @Test
    void invalidRuntimeValueNamesTheKey() {
        Cli.Result result = run(Map.of(), "run", "-Dgate.http.port=70000");
        assertOneLine(result, "gate.http.port");
    }

    @Test
    void invalidKafkaStreamsValueIsCaughtBeforeAnythingStarts() {
        Cli.Result result = run(Map.of(), "run", "-D", "processing.guarantee=sometimes");
        assertOneLine(result, "processing.guarantee");
        assertThat(result.err()).contains("sometimes").contains("(flag)");
    }

    @Test
    void unreachableBootstrapServers() {
        Cli.Result result = run(
                Map.of(), "run", "--bootstrap-servers", "127.0.0.1:1", "--schema-registry-url", "http://127.0.0.1:1");
        assertOneLine(result, "cannot reach Kafka (bootstrap.servers 127.0.0.1:1)");
    }

    @Test
    void unreachableRegistry() {
        Cli.Result result = run(
                Map.of(),
                "run",
                "--bootstrap-servers",
                SharedCluster.get().bootstrapServers(),
                "--schema-registry-url",
                "http://127.0.0.1:1");
        assertOneLine(result, "cannot use the schema registry at http://127.0.0.1:1");
    }

    @Test
    void registryWithoutBootstrapIsAMistake() {
        Cli.Result result = run(Map.of(), "run", "--schema-registry-url", "http://127.0.0.1:1");
        assertOneLine(result, "schema.registry.url is set (flag) but bootstrap.servers is not");
    }

    @Test
    void missingConfigFile() {
        Cli.Result result = run(
                Map.of(), "run", "--config", dataDir.resolve("nope.properties").toString());
        assertOneLine(result, "config file");
    }

    @Test
    void customerKeyedTopicsWithDifferentPartitionCounts() throws Exception {
        Topics topics = TestSettings.topics("mismatch");
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedCluster.get().bootstrapServers()))) {
            KafkaTopics.create(
                    admin,
                    List.of(
                            new NewTopic(topics.orders(), Optional.of(3), Optional.empty()),
                            new NewTopic(topics.approvedOrders(), Optional.of(2), Optional.empty())));
        }
        List<String> args = new ArrayList<>(List.of("run"));
        TestSettings.onSharedCluster("mismatch", dataDir, 1000).forEach((k, v) -> args.add("-D" + k + "=" + v));
        Cli.Result result = run(Map.of(), args.toArray(String[]::new));
        assertOneLine(result, "must have one partition count (co-partitioning)");
        assertThat(result.err()).contains(topics.orders() + "=3", topics.approvedOrders() + "=2");
    }

    @Test
    void verboseAddsTheStackTrace() {
        Cli.Result result = run(Map.of(), "run", "--verbose", "-D", "gate.wait.max.ms=soon");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("gate.wait.max.ms").contains("\tat ");
    }

    private Cli.Result run(Map<String, String> env, String... args) {
        String[] withDataDir = java.util.Arrays.copyOf(args, args.length + 2);
        withDataDir[args.length] = "--data-dir";
        withDataDir[args.length + 1] = dataDir.toString();
        return Cli.run("", env, withDataDir);
    }

    private static void assertOneLine(Cli.Result result, String expected) {
        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().lines())
                .singleElement()
                .satisfies(
                        line -> assertThat(line).startsWith("agreement-gate: ").contains(expected));
    }
}
