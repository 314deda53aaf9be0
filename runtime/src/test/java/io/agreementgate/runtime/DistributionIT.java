package io.agreementgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution archive `mvn package` makes: the gate in lib/, the embedded broker (with Scala and log4j) apart in
 * lib/embedded/, and a lean install (lib/ only, as in the Docker image) that says clearly it has no embedded cluster.
 */
class DistributionIT {

    @TempDir
    static Path unpacked;

    private static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        Path archive = Path.of(System.getProperty("distribution.archive"));
        assertThat(archive).exists();
        Process tar = new ProcessBuilder("tar", "xzf", archive.toString(), "-C", unpacked.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(tar.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue())
                .as(new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();
        try (Stream<Path> top = Files.list(unpacked)) {
            home = top.findFirst().orElseThrow();
        }
    }

    @Test
    void shouldKeepTheBrokerScalaAndLog4jOutOfTheGatesLib() throws IOException {
        List<String> lib = jars(home.resolve("lib"));
        List<String> embedded = jars(home.resolve("lib/embedded"));

        assertThat(lib)
                .anyMatch(j -> j.startsWith("agreement-gate-runtime-"))
                .anyMatch(j -> j.startsWith("kafka-streams-"))
                .anyMatch(j -> j.startsWith("logback-classic-"))
                .noneMatch(j -> j.startsWith("kafka_2.13-")
                        || j.startsWith("kafka-server-")
                        || j.startsWith("scala-")
                        || j.startsWith("log4j-")
                        || j.startsWith("agreement-gate-embedded-"));
        assertThat(embedded)
                .anyMatch(j -> j.startsWith("agreement-gate-embedded-"))
                .anyMatch(j -> j.startsWith("kafka_2.13-"))
                .anyMatch(j -> j.startsWith("scala-library-"));
        assertThat(embedded).doesNotContainAnyElementsOf(lib);
        assertThat(home.resolve("bin/agreement-gate")).isExecutable();
    }

    @Test
    void shouldStopWithOneClearLineWhenALeanInstallIsAskedForTheEmbeddedCluster() throws Exception {
        Path lean = unpacked.resolve("lean");
        Files.createDirectories(lean.resolve("lib"));
        Files.createDirectories(lean.resolve("bin"));
        Files.copy(home.resolve("bin/agreement-gate"), lean.resolve("bin/agreement-gate"));
        for (String jar : jars(home.resolve("lib"))) {
            Files.copy(home.resolve("lib").resolve(jar), lean.resolve("lib").resolve(jar));
        }
        Path output = unpacked.resolve("lean.out");
        Process gate = new ProcessBuilder(
                        lean.resolve("bin/agreement-gate").toString(),
                        "embedded",
                        "--data-dir",
                        unpacked.resolve("data").toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        assertThat(gate.waitFor(120, TimeUnit.SECONDS)).isTrue();

        String printed = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(gate.exitValue()).as(printed).isNotZero();
        assertThat(printed)
                .contains("embedded Kafka broker and schema registry are not installed")
                .contains("--bootstrap-servers")
                .doesNotContain("NoClassDefFoundError");
    }

    private static List<String> jars(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".jar"))
                    .sorted()
                    .toList();
        }
    }
}
