package io.agreementgate.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;

/**
 * The committed snapshots of every published version of each schema, in {@code src/test/resources/published/<full
 * name>/<version>.avsc}. Kept in the tree rather than read from git history, so that the compatibility check works
 * the same in a shallow clone, a source archive or a fresh CI checkout.
 */
final class PublishedSchemas {
    static final Path DIR = Path.of("src/test/resources/published");

    /** A published version of a schema. */
    record Version(int number, Schema schema) {}

    private PublishedSchemas() {}

    /** Every published version of the schema with this full name, oldest first; empty when it was never published. */
    static List<Version> of(String fullName) {
        Path dir = DIR.resolve(fullName);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".avsc"))
                    .map(PublishedSchemas::read)
                    .sorted(Comparator.comparingInt(Version::number))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path fileFor(String fullName, int version) {
        return DIR.resolve(fullName).resolve(version + ".avsc");
    }

    private static Version read(Path file) {
        String name = file.getFileName().toString();
        int number = Integer.parseInt(name.substring(0, name.length() - ".avsc".length()));
        try {
            return new Version(number, new Schema.Parser().parse(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
