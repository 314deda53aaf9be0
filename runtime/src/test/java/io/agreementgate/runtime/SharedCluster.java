package io.agreementgate.runtime;

import io.agreementgate.embedded.EmbeddedCluster;
import io.agreementgate.testkit.TestFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One embedded broker and registry for all integration test classes of a test run (starting one costs seconds on a
 * small machine). Classes keep apart by their own topic names and application ids. Closed when the run ends.
 */
public final class SharedCluster implements BeforeAllCallback {
    private static EmbeddedCluster cluster;

    @Override
    public void beforeAll(ExtensionContext context) {
        get();
        context.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(SharedCluster.class, k -> new Closer(), Closer.class);
    }

    public static synchronized EmbeddedCluster get() {
        if (cluster == null) {
            try {
                Path root = Files.createTempDirectory("agreement-gate-it-");
                cluster = EmbeddedCluster.start(root);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return cluster;
    }

    private static synchronized void closeCluster() {
        if (cluster != null) {
            cluster.close();
            TestFiles.deleteRecursively(cluster.root());
            cluster = null;
        }
    }

    private static final class Closer implements AutoCloseable {
        @Override
        public void close() {
            closeCluster();
        }
    }
}
