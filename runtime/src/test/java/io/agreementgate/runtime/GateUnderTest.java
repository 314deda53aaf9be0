package io.agreementgate.runtime;

import io.agreementgate.runtime.gate.GateProcess;
import io.agreementgate.testkit.TestFiles;
import io.agreementgate.topology.config.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A gate process under test for a whole test class, on the shared embedded cluster with topics and an application id
 * of its own, and a client for them: started before the class's first test, closed after its last, its data
 * directory removed. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final GateUnderTest GATE = GateUnderTest.named("it").waitMs(8000);
 * }</pre>
 *
 * Tests that start and stop gates themselves (restarts, two instances) use {@link RunningGate}.
 */
public final class GateUnderTest implements BeforeAllCallback, AfterAllCallback {
    private final String prefix;
    private final Map<String, String> extra = new LinkedHashMap<>();
    private long waitMs = 8_000;
    private Duration toRun = Duration.ofSeconds(90);
    private Path dataDir;
    private RunningGate running;

    private GateUnderTest(String prefix) {
        this.prefix = prefix;
    }

    /** A gate on the topics {@code prefix.csp.*} with the application id {@code gate-prefix}. */
    public static GateUnderTest named(String prefix) {
        return new GateUnderTest(prefix);
    }

    /** How long an order waits for its attestation (short by default: tests should not wait a minute). */
    public GateUnderTest waitMs(long waitMs) {
        this.waitMs = waitMs;
        return this;
    }

    /** How long start-up may take to RUNNING on a loaded machine. */
    public GateUnderTest toRun(Duration toRun) {
        this.toRun = toRun;
        return this;
    }

    /** A setting over the tests' defaults ({@link TestSettings#gate}). */
    public GateUnderTest with(String key, String value) {
        extra.put(key, value);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        new SharedCluster().beforeAll(context);
        try {
            dataDir = Files.createTempDirectory("gate-" + prefix + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        running = RunningGate.start(prefix, dataDir, waitMs, toRun, extra);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (running != null) {
                running.close();
            }
        } finally {
            running = null;
            TestFiles.deleteRecursively(dataDir);
        }
    }

    public GateProcess process() {
        return running().gate();
    }

    public GateClient client() {
        return running().client();
    }

    /** Where the gate keeps its state (a directory of its own, removed after the class). */
    public Path dataDir() {
        running();
        return dataDir;
    }

    public Topics topics() {
        return TestSettings.topics(prefix);
    }

    private RunningGate running() {
        if (running == null) {
            throw new IllegalStateException("the gate under test runs only while the test class runs");
        }
        return running;
    }
}
