package io.agreementgate.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agreementgate.topology.config.GateConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {
    @TempDir
    Path dir;

    @Test
    void layersDefaultsFileEnvironmentAndFlags() throws Exception {
        Path file = dir.resolve("gate.properties");
        Files.writeString(file, """
                gate.wait.max.ms=1000
                gate.http.port=9000
                commit.interval.ms=500
                security.protocol=SASL_SSL
                """);
        Map<String, String> env = Map.of(
                "AGREEMENT_GATE_GATE_WAIT_MAX_MS", "2000",
                "AGREEMENT_GATE_GATE_HTTP_PORT", "9001",
                "PATH", "/usr/bin");
        GateSettings settings = SettingsLoader.load(file, env, Map.of("gate.http.port", "9002"));

        assertThat(settings.get(RuntimeSettings.HTTP_PORT)).isEqualTo(9002);
        assertThat(settings.origin("gate.http.port")).isEqualTo("flag");
        assertThat(settings.get("gate.wait.max.ms")).hasValue("2000");
        assertThat(settings.origin("gate.wait.max.ms"))
                .isEqualTo("environment variable AGREEMENT_GATE_GATE_WAIT_MAX_MS");
        assertThat(settings.get("commit.interval.ms")).hasValue("500");
        assertThat(settings.origin("commit.interval.ms")).isEqualTo("file " + file);
        assertThat(settings.get(RuntimeSettings.HTTP_HOST)).isEqualTo("127.0.0.1");

        GateConfig config = settings.gateConfig();
        assertThat(config.maxWait()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.streamsProperties())
                .containsEntry("processing.guarantee", "exactly_once_v2")
                .containsEntry("commit.interval.ms", "500");
        assertThat(config.streams())
                .containsEntry("commit.interval.ms", "500")
                .containsEntry("security.protocol", "SASL_SSL")
                .doesNotContainKeys("gate.http.port", "schema.registry.url");
    }

    @Test
    void environmentVariablesMapToKnownKeysWithDashes() {
        assertThat(EnvironmentMapping.keyFor("AGREEMENT_GATE_BOOTSTRAP_SERVERS"))
                .isEqualTo("bootstrap.servers");
        assertThat(EnvironmentMapping.keyFor("AGREEMENT_GATE_GATE_WAIT_CHECK_INTERVAL_MS"))
                .isEqualTo("gate.wait.check-interval.ms");
        assertThat(EnvironmentMapping.keyFor("AGREEMENT_GATE_GATE_TOPIC_ORDERS_APPROVED"))
                .isEqualTo("gate.topic.orders-approved");
        assertThat(EnvironmentMapping.keyFor("AGREEMENT_GATE_SASL_JAAS_CONFIG")).isEqualTo("sasl.jaas.config");
        assertThat(EnvironmentMapping.keyFor("AGREEMENT_GATE_SCHEMA_REGISTRY_URL"))
                .isEqualTo("schema.registry.url");
        assertThat(EnvironmentMapping.keyFor("AGREEMENT_GATE_SOME_PLUGIN_SETTING"))
                .isEqualTo("some.plugin.setting");
        assertThat(EnvironmentMapping.keyFor("JAVA_HOME")).isNull();
        assertThat(EnvironmentMapping.keyFor("AGREEMENT_GATE_LOG_LEVEL"))
                .as("for logback")
                .isNull();
        for (String key : EnvironmentMapping.knownKeys()) {
            assertThat(EnvironmentMapping.keyFor(EnvironmentMapping.variableFor(key)))
                    .as("round trip of " + key)
                    .isEqualTo(key);
        }
    }

    @Test
    void registryAndRuntimeKeysStayOutOfKafkaStreams() {
        GateSettings settings = GateSettings.of(Map.of(
                "schema.registry.url", "http://r:8081",
                "basic.auth.user.info", "u:p",
                "bootstrap.servers", "b:9092"));
        assertThat(settings.gateConfig().streams())
                .containsEntry("bootstrap.servers", "b:9092")
                .doesNotContainKeys("schema.registry.url", "basic.auth.user.info", "gate.data.dir");
        assertThat(settings.registryProperties()).containsOnlyKeys("schema.registry.url", "basic.auth.user.info");
        assertThat(settings.clientProperties(java.util.Set.of("bootstrap.servers", "acks")))
                .containsOnlyKeys("bootstrap.servers");
    }

    @Test
    void wrongValuesNameTheKeyAndItsOrigin() {
        GateSettings env = SettingsLoader.load(null, Map.of("AGREEMENT_GATE_GATE_TOPICS_PARTITIONS", "zero"), Map.of());
        assertThatThrownBy(env::validate)
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("invalid value 'zero' for gate.topics.partitions: not a number "
                        + "(environment variable AGREEMENT_GATE_GATE_TOPICS_PARTITIONS)");
        assertThatThrownBy(
                        () -> GateSettings.of(Map.of("gate.wait.max.ms", "-1")).validate())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("gate.wait.max.ms")
                .hasMessageEndingWith("(flag)");
        assertThatThrownBy(() ->
                        GateSettings.of(Map.of("gate.topics.create", "maybe")).validate())
                .hasMessageContaining("gate.topics.create");
    }

    @Test
    void defaultsKeepAGateOnLoopback() {
        GateOptions options = GateSettings.of(Map.of()).validate();
        assertThat(options.get(RuntimeSettings.HTTP_HOST)).isEqualTo("127.0.0.1");
        assertThat(options.get(RuntimeSettings.HTTP_PORT)).isEqualTo(8080);
        assertThat(options.get(RuntimeSettings.TOPICS_PARTITIONS)).isEqualTo(3);
        assertThat(options.bootstrapServers()).isEmpty();
        assertThat(options.get(RuntimeSettings.DATA_DIR).endsWith(Path.of("data", "embedded")))
                .isTrue();
    }
}
