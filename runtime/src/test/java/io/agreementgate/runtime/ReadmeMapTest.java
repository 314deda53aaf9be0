package io.agreementgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * README's "Map of the code" and "Changing it" name classes and paths: a rename that forgets them fails here, so a
 * newcomer is never sent to a place that is gone.
 */
class ReadmeMapTest {
    private static final Path ROOT = Path.of("..");
    /** A class name as the map writes it: {@code `GateTopology`} or {@code `GateTopology.build`}. */
    private static final Pattern CLASS = Pattern.compile("`([A-Z][A-Za-z0-9]+)(?:\\.[a-zA-Z]+)?`");
    /** A path of the tree: a backticked word with a slash and no "..." abbreviation. */
    private static final Pattern PATH = Pattern.compile("`([a-z][\\w.-]*/[\\w./<>-]*)`");

    @Test
    void shouldNameOnlyClassesThatExist() throws IOException {
        Set<String> classes = javaClassNames();
        Set<String> named = matches(CLASS, mapAndChanges());

        assertThat(named).as("classes README's map names").hasSizeGreaterThan(40);
        assertThat(named.stream()
                        .filter(name -> !classes.contains(name) && !isLibraryClass(name))
                        .toList())
                .as("classes named in README's map or 'Changing it' that no .java file declares")
                .isEmpty();
    }

    @Test
    void shouldNameOnlyPathsThatExist() throws IOException {
        List<String> missing = matches(PATH, mapAndChanges()).stream()
                .filter(path -> !path.contains("...") && !path.contains("<"))
                // The distribution's layout, not the tree's: AsShippedIT runs the archive as the image lays it out.
                .filter(path -> !path.startsWith("lib/"))
                .filter(path -> !Files.exists(ROOT.resolve(path)))
                .toList();

        assertThat(missing)
                .as("paths named in README's map or 'Changing it' that are not in the tree")
                .isEmpty();
    }

    /** The JDK's and Kafka Streams' own types the map mentions (ServiceLoader, TopologyTestDriver). */
    private static boolean isLibraryClass(String simpleName) {
        return Stream.of("java.util.", "org.apache.kafka.streams.").anyMatch(pkg -> {
            try {
                Class.forName(pkg + simpleName, false, ReadmeMapTest.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException e) {
                return false;
            }
        });
    }

    private static Set<String> matches(Pattern pattern, String text) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    private static String mapAndChanges() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("## Map of the code");
        int end = readme.indexOf("\n## ", readme.indexOf("## Changing it"));
        assertThat(start).as("README has a 'Map of the code' section").isNotNegative();
        assertThat(end).as("README's 'Changing it' follows the map").isGreaterThan(start);
        return readme.substring(start, end);
    }

    /** Every top-level type in the tree's Java sources, by file name (one public type per file). */
    private static Set<String> javaClassNames() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(path -> path.toString().endsWith(".java"))
                    .filter(path -> !path.toString().contains("node_modules"))
                    .map(path -> path.getFileName().toString().replace(".java", ""))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
