package io.agreementgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.runtime.gate.GateAcls;
import io.agreementgate.topology.config.Topics;
import io.agreementgate.topology.streams.StreamsDefaults;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** README's ACL list is the one the secured-cluster test grants: both come from {@link GateAcls}. */
class ReadmeAclsTest {
    private static final Path README = Path.of(System.getProperty("project.root", ".."))
            .toAbsolutePath()
            .normalize()
            .resolve("README.md");

    @Test
    void shouldListExactlyTheAclsTheSecuredClusterTestGrants() throws IOException {
        List<String> documented = Files.readAllLines(README, StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith("kafka-acls "))
                .toList();

        assertThat(documented)
                .containsExactlyElementsOf(
                        GateAcls.commands("User:agreement-gate", StreamsDefaults.APPLICATION_ID, Topics.DEFAULTS));
    }
}
