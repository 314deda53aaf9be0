package io.agreementgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** README's claims that the code can check: they fail here when the code moves on and the README does not. */
class ReadmeTest {
    private static final Path README = Path.of("../README.md");

    @Test
    void shouldShowTheTopologyDiagramTheGateDrawsOfItself() throws IOException {
        Matcher block = Pattern.compile("```mermaid\n(.*?)```", Pattern.DOTALL).matcher(readme());
        assertThat(block.find()).as("a mermaid block in README.md").isTrue();

        assertThat(block.group(1).strip())
                .as("README's diagram; regenerate with: bin/agreement-gate topology --mermaid")
                .isEqualTo(cli("topology", "--mermaid").strip());
    }

    static String readme() throws IOException {
        return Files.readString(README, StandardCharsets.UTF_8);
    }

    static String cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = AgreementGateCli.execute(
                args,
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err,
                Map.of());
        assertThat(code).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }
}
