package io.agreementgate.runtime.shipped;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The files users run, checked the way their tools read them: docker-compose.yml against the Compose Specification's
 * published JSON schema (committed beside this test, its source in compose-spec.SOURCE.md), the Dockerfile for the
 * layout {@link AsShippedIT} runs, and both builds (image, {@code bin/agreement-gate}) for never rewriting sources.
 */
class ShippedFilesTest {
    private static final Path ROOT =
            Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Where compose-spec.json was published (compose-spec.SOURCE.md). */
    private static final String COMPOSE_SPEC = "https://raw.githubusercontent.com/compose-spec/compose-spec/"
            + "170098ba07d9f53c383a41bfd4c5166b0a4529a6/schema/compose-spec.json";

    private static Schema composeSpec;
    private static ImageLayout layout;
    private static ComposeFile compose;

    @BeforeAll
    static void read() throws IOException {
        try (InputStream spec = ShippedFilesTest.class.getResourceAsStream("/compose-spec.json")) {
            // Loaded under its published address, so that its relative $id resolves; nothing is fetched.
            composeSpec = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                    .getSchema(
                            SchemaLocation.of(COMPOSE_SPEC), new tools.jackson.databind.ObjectMapper().readTree(spec));
        }
        layout = ImageLayout.of(Dockerfile.read(ROOT.resolve("Dockerfile")));
        compose = ComposeFile.read(ROOT.resolve("docker-compose.yml"));
    }

    @Test
    void shouldBeAValidComposeFileUnderTheComposeSpecification() throws IOException {
        JsonNode file = YAML.readTree(ROOT.resolve("docker-compose.yml").toFile());

        assertThat(validate(file)).isEmpty();
    }

    @Test
    void shouldFailTheComposeSpecificationForAMisspeltServiceKey() throws IOException {
        ObjectNode file =
                (ObjectNode) YAML.readTree(ROOT.resolve("docker-compose.yml").toFile());
        ObjectNode gate = (ObjectNode) file.path("services").path("gate");
        gate.set("enviroment", gate.remove("environment"));

        assertThat(validate(file)).anyMatch(error -> error.contains("enviroment"));
    }

    @Test
    void shouldInstallTheArchiveWithoutTheEmbeddedClusterAndRunItsLauncher() throws IOException {
        assertThat(layout.removedFromArchive()).containsExactly("lib/embedded");
        assertThat(layout.command()).containsExactly(layout.installDir() + "/bin/agreement-gate", "run");
        // The archive has what the image runs: the launcher in bin/, the embedded cluster apart in lib/embedded/.
        assertThat(ROOT.resolve("runtime/src/dist/bin/agreement-gate")).isRegularFile();
        String assembly = Files.readString(ROOT.resolve("runtime/src/assembly/distribution.xml"));
        assertThat(assembly)
                .contains("<outputDirectory>bin</outputDirectory>")
                .contains("<outputDirectory>lib/embedded</outputDirectory>");
        assertThat(layout.user()).isNotIn("root", "0");
    }

    @Test
    void shouldKeepTheGatesStateWhereComposeMountsItsVolume() {
        String dataDir = layout.env().get("AGREEMENT_GATE_GATE_DATA_DIR");
        assertThat(dataDir).isEqualTo(layout.workdir());
        Map<String, String> env = compose.environment("gate", Map.of("GATE_HTTP_TOKEN", "t"));
        assertThat(env).containsEntry("AGREEMENT_GATE_GATE_DATA_DIR", dataDir);
        List<String> volumes = YAML.convertValue(
                compose.service("gate").path("volumes"),
                YAML.getTypeFactory().constructCollectionType(List.class, String.class));
        assertThat(volumes).contains("gate-data:" + dataDir);
        assertThat(layout.env()).containsEntry("AGREEMENT_GATE_GATE_HTTP_HOST", "0.0.0.0");
    }

    @Test
    void shouldRefuseToStartComposeWithoutATokenForTheCustomerRoutes() {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> compose.environment("gate", Map.of())))
                .hasMessageContaining("GATE_HTTP_TOKEN");
    }

    @Test
    void shouldBuildTheImageAndTheLocalLauncherWithoutRewritingSources() throws IOException {
        // spotless-maven-plugin 3.11.0: apply reads spotless.apply.skip, apply and check both read spotless.skip.
        String build = String.join(
                " ",
                Dockerfile.read(ROOT.resolve("Dockerfile")).stage("build").all("RUN").stream()
                        .map(Dockerfile.Instruction::arguments)
                        .toList());
        assertThat(build).contains("mvn ").containsAnyOf("-Dspotless.apply.skip=true", "-Dspotless.skip=true");
        List<String> mvnLines = Files.readAllLines(ROOT.resolve("bin/agreement-gate")).stream()
                .filter(l -> l.contains("mvn -") && !l.strip().startsWith("#"))
                .toList();
        assertThat(mvnLines).isNotEmpty().allMatch(l -> l.contains("-Dspotless.skip=true"));
    }

    private static List<String> validate(JsonNode compose) throws IOException {
        return composeSpec.validate(new ObjectMapper().writeValueAsString(compose), InputFormat.JSON).stream()
                .map(Error::toString)
                .toList();
    }
}
