package io.agreementgate.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Files of tests and benchmarks: state, logs and data directories made and removed again. */
public final class TestFiles {
    private TestFiles() {}

    /**
     * Deletes a directory with everything below it, deepest first; nothing when it is not there. A file that went away
     * meanwhile is fine (RocksDB and the broker delete their own files until they are closed); any other failure is
     * thrown, so that a test relying on a clean directory never runs on a dirty one.
     */
    public static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> deepestFirst = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path path : deepestFirst) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + root, e);
        }
    }
}
