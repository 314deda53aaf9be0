package io.agreementgate.embedded;

import io.agreementgate.testkit.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An embedded schema registry on a fresh data directory for each test, stopped and removed after it; it can be stopped
 * and started again on the same directory within a test (restart, torn journal). Use as
 * {@code @RegisterExtension final RunningRegistry registry = new RunningRegistry();}.
 */
final class RunningRegistry implements BeforeEachCallback, AfterEachCallback {
    private Path dataDir;
    private EmbeddedSchemaRegistry registry;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dataDir = Files.createTempDirectory("embedded-registry-test");
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        stop();
        TestFiles.deleteRecursively(dataDir);
    }

    String url() {
        return registry.url();
    }

    /** Where the registry keeps its journal, for tests that tamper with it while it is stopped. */
    Path dataDir() {
        return dataDir;
    }

    void start() {
        registry = EmbeddedSchemaRegistry.start(dataDir);
    }

    void stop() {
        if (registry != null) {
            registry.close();
            registry = null;
        }
    }

    /** Stops the registry and starts it again on the same data directory (and port). */
    void restart() {
        stop();
        start();
    }
}
