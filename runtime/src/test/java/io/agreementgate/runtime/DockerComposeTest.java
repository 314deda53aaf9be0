package io.agreementgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.agreementgate.runtime.config.EnvironmentMapping;
import io.agreementgate.runtime.config.GateOptions;
import io.agreementgate.runtime.config.GateSettings;
import io.agreementgate.runtime.config.RuntimeSettings;
import io.agreementgate.runtime.config.SettingsLoader;
import io.agreementgate.topology.config.Topics;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs where the tests do, so this is docker-compose.yml's check: its services and settings agree
 * with the code (topic names, partition count, the environment variables the gate reads, addresses and ports).
 */
class DockerComposeTest {
    private static final Path ROOT =
            Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
    private static JsonNode services;

    @BeforeAll
    static void parse() throws IOException {
        JsonNode compose = new ObjectMapper(new YAMLFactory())
                .readTree(ROOT.resolve("docker-compose.yml").toFile());
        services = compose.path("services");
    }

    @Test
    void hasKafkaRegistryTopicsAndTheGate() {
        assertThat(services.fieldNames()).toIterable().contains("kafka", "schema-registry", "topics", "gate");
        String kafkaImage = "apache/kafka:" + System.getProperty("kafka.version", "4.4.0");
        assertThat(services.path("kafka").path("image").asText()).isEqualTo(kafkaImage);
        assertThat(services.path("topics").path("image").asText()).isEqualTo(kafkaImage);
        assertThat(services.path("schema-registry").path("image").asText())
                .startsWith("confluentinc/cp-schema-registry:");
        assertThat(env("kafka")).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
    }

    @Test
    void topicsServiceCreatesTheDefaultTopicsWithOnePartitionCount() {
        Map<String, String> env = env("topics");
        assertThat(Arrays.asList(env.get("GATE_TOPICS").trim().split("\\s+")))
                .containsExactlyInAnyOrderElementsOf(Topics.DEFAULTS.all());
        assertThat(env.get("GATE_PARTITIONS")).isEqualTo(RuntimeSettings.TOPICS_PARTITIONS.defaultValue());
        assertThat(services.path("topics").path("command").get(0).asText())
                .contains("$$GATE_TOPICS", "--partitions \"$$GATE_PARTITIONS\"", "kafka:29092");
        assertThat(env("kafka"))
                .containsEntry("KAFKA_NUM_PARTITIONS", RuntimeSettings.TOPICS_PARTITIONS.defaultValue())
                .containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1");
    }

    @Test
    void gateIsConfiguredOnlyWithVariablesItReads() {
        Map<String, String> env = env("gate");
        env.forEach((variable, value) -> {
            if (!variable.equals("JAVA_TOOL_OPTIONS")) {
                assertThat(variable).startsWith(EnvironmentMapping.PREFIX);
                assertThat(EnvironmentMapping.knownKeys())
                        .as(variable + " sets a key the gate reads")
                        .contains(EnvironmentMapping.keyFor(variable));
            }
        });
        GateOptions options = SettingsLoader.load(null, env, Map.of()).validate();
        assertThat(options.gate().topics()).isEqualTo(Topics.DEFAULTS);
        assertThat(options.get(RuntimeSettings.TOPICS_PARTITIONS))
                .isEqualTo(Integer.parseInt(RuntimeSettings.TOPICS_PARTITIONS.defaultValue()));
        assertThat(options.get(RuntimeSettings.HTTP_HOST)).isEqualTo("0.0.0.0");
    }

    @Test
    void gateReachesKafkaAndTheRegistryWhereTheyListen() {
        GateSettings settings = SettingsLoader.load(null, env("gate"), Map.of());
        String bootstrap = settings.bootstrapServers().orElseThrow();
        assertThat(env("kafka").get("KAFKA_ADVERTISED_LISTENERS")).contains("//" + bootstrap);

        URI registry = URI.create(settings.schemaRegistryUrl().orElseThrow());
        assertThat(services.has(registry.getHost()))
                .as("registry service " + registry.getHost())
                .isTrue();
        assertThat(env(registry.getHost()).get("SCHEMA_REGISTRY_LISTENERS")).endsWith(":" + registry.getPort());
        assertThat(env("schema-registry").get("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS"))
                .endsWith(bootstrap);
    }

    @Test
    void gatePortIsPublishedOnLoopbackAndDependsOnTopics() throws IOException {
        GateSettings settings = SettingsLoader.load(null, env("gate"), Map.of());
        assertThat(strings(services.path("gate").path("ports")))
                .containsExactly("127.0.0.1:" + RuntimeSettings.HTTP_PORT.defaultValue() + ":"
                        + settings.get(RuntimeSettings.HTTP_PORT));
        assertThat(services.path("gate")
                        .path("depends_on")
                        .path("topics")
                        .path("condition")
                        .asText())
                .isEqualTo("service_completed_successfully");
        assertThat(services.path("gate").path("build").asText()).isEqualTo(".");

        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        assertThat(dockerfile)
                .contains("EXPOSE " + settings.get(RuntimeSettings.HTTP_PORT))
                .contains("eclipse-temurin:17-jre")
                .contains("CMD [\"run\"]");
    }

    private static Map<String, String> env(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        services.path(service)
                .path("environment")
                .properties()
                .forEach(e -> env.put(e.getKey(), e.getValue().asText()));
        return env;
    }

    private static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }
}
