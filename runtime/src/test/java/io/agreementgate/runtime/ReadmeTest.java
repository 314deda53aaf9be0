package io.agreementgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.runtime.cli.Cli;
import io.agreementgate.runtime.config.RuntimeSettings;
import io.agreementgate.topology.config.Setting;
import io.agreementgate.topology.config.Topics;
import io.agreementgate.topology.config.TopologySettings;
import io.agreementgate.topology.streams.StreamsDefaults;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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

    @Test
    void shouldListEveryDeclaredSettingAndNoOther() throws IOException {
        Set<String> listed = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| `([^`]+)` \\|").matcher(settingsSection());
        while (row.find()) {
            listed.add(row.group(1));
        }
        Set<String> declared =
                new TreeSet<>(declaredSettings().map(Setting::key).toList());

        assertThat(difference(declared, listed))
                .as("settings declared in TopologySettings/RuntimeSettings but missing from README's table")
                .isEmpty();
        assertThat(difference(listed, declared))
                .as("README rows naming no declared setting")
                .isEmpty();
    }

    @Test
    void shouldListEverySettingWithItsDeclaredTypeDefaultAndDoc() throws IOException {
        assertThat(settingsSection())
                .as("README's settings table; expected:%n%s", settingsTable())
                .isEqualTo(settingsTable());
    }

    @Test
    void shouldListTheKafkaStreamsDefaultsTheGateSets() throws IOException {
        assertThat(between("<!-- streams-defaults:start -->", "<!-- streams-defaults:end -->"))
                .as("README's Kafka Streams defaults; expected:%n%s", streamsDefaults())
                .isEqualTo(streamsDefaults());
    }

    private static String settingsSection() throws IOException {
        return between("<!-- settings:start -->", "<!-- settings:end -->");
    }

    private static Stream<Setting<?>> declaredSettings() {
        return Stream.concat(TopologySettings.ALL.stream(), RuntimeSettings.ALL.stream());
    }

    private static Set<String> difference(Set<String> of, Set<String> without) {
        Set<String> rest = new TreeSet<>(of);
        rest.removeAll(without);
        return rest;
    }

    /** One row per declared setting: the topology's, then the runtime's, each as declared. */
    static String settingsTable() {
        StringBuilder table = new StringBuilder("| setting | type | default | what it does |\n|---|---|---|---|\n");
        declaredSettings()
                .forEach(s -> table.append("| `")
                        .append(s.key())
                        .append("` | ")
                        .append(s.type())
                        .append(" | ")
                        .append(s.defaultValue() == null ? "(none)" : "`" + s.defaultValue() + "`")
                        .append(" | ")
                        .append(s.doc())
                        .append(" |\n"));
        return table.toString().strip();
    }

    /** The defaults for the default topics and a gate whose orders may wait. */
    static String streamsDefaults() {
        StringBuilder list = new StringBuilder();
        StreamsDefaults.of(Topics.DEFAULTS.deadLetter(), true)
                .forEach((key, value) -> list.append("- `")
                        .append(key)
                        .append("=")
                        .append(value instanceof Class<?> c ? c.getName() : value)
                        .append("`\n"));
        return list.toString().strip();
    }

    private static String between(String start, String end) throws IOException {
        String text = readme();
        int from = text.indexOf(start);
        int to = text.indexOf(end);
        assertThat(from).as(start + " in README.md").isNotNegative();
        assertThat(to).as(end + " in README.md").isGreaterThan(from);
        return text.substring(from + start.length(), to).strip();
    }

    static String readme() throws IOException {
        return Files.readString(README, StandardCharsets.UTF_8);
    }

    static String cli(String... args) {
        Cli.Result result = Cli.run(args);
        assertThat(result.exitCode()).as(result.err()).isZero();
        return result.out();
    }
}
