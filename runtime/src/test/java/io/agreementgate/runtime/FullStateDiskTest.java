package io.agreementgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.agreementgate.runtime.config.GateSettings;
import io.agreementgate.runtime.gate.GateProcess;
import io.agreementgate.schema.Order;
import io.agreementgate.topology.config.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A real full state disk: the gate's data directory is a 64 MiB tmpfs (mounted by the test, which needs root, as CI
 * has), filled by a file while orders flow. The full disk is logged once, at once (not when RocksDB next flushes, minutes
 * later), shown by the metric and /health; the gate goes on, and a stop while the disk is full says the state may not be
 * persisted.
 */
@ExtendWith(SharedCluster.class)
class FullStateDiskTest {
    private static final String PREFIX = "diskfull";
    private static final String FULL_LINE = "is full (";
    private static final String NOT_PERSISTED_LINE = "may not be persisted";

    @TempDir
    Path dir;

    @Test
    void shouldReportARealFullStateDiskOnceResumeWhenFreedAndSayThatAStopCouldNotPersistTheState() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        mountTmpfs(data, "64m");
        ListAppender<ILoggingEvent> log = capture("io.agreementgate.runtime.gate");
        Topics topics = TestSettings.topics(PREFIX);
        try {
            Map<String, String> settings = TestSettings.onSharedCluster(PREFIX, data, 0);
            GateProcess gate =
                    GateProcess.start(GateSettings.of(settings), new PrintStream(new ByteArrayOutputStream(), true));
            try (GateClient client = new GateClient(
                    SharedCluster.get().bootstrapServers(), SharedCluster.get().schemaRegistryUrl(), topics)) {
                gate.runner().awaitRunning(Duration.ofSeconds(90));
                String http = gate.runner().httpUrl();
                decide(client);

                Path filler = data.resolve("filler");
                fill(filler);
                await().until(() -> metric(http, "agreement_gate_state_disk_full") == 1);
                // RocksDB takes the writes in memory for now, so orders may still be decided: /health names the
                // disk either way (503 once a stream thread died of it).
                assertThat(Http.get(http + "/health").body()).contains(FULL_LINE);
                for (int i = 0; i < 3; i++) {
                    decide(client);
                }
                assertThat(metric(http, "agreement_gate_state_disk_full")).isEqualTo(1);
                assertThat(lines(log, FULL_LINE)).hasSize(1);
                System.out.printf(
                        "full state disk: %.0f stream threads died of it, %d log line(s): %s%n",
                        metric(http, "agreement_gate_state_disk_full_failures_total"),
                        lines(log, FULL_LINE).size(),
                        lines(log, FULL_LINE).get(0));

                Files.delete(filler);
                decide(client);
                await().until(() -> metric(http, "agreement_gate_state_disk_full") == 0);
                await().until(() -> Http.get(http + "/health").status() == 200);

                fill(filler);
                await().until(() -> metric(http, "agreement_gate_state_disk_full") == 1);
                decide(client);
            } finally {
                gate.close();
            }
            assertThat(gate.runner().stateNotPersisted()).isPresent();
            assertThat(lines(log, NOT_PERSISTED_LINE)).hasSize(1);
            System.out.printf(
                    "stop on a full state disk: %s%n",
                    lines(log, NOT_PERSISTED_LINE).get(0));
        } finally {
            ((Logger) LoggerFactory.getLogger("io.agreementgate.runtime.gate")).detachAppender(log);
            unmount(data);
        }
    }

    private static void decide(GateClient client) {
        String customer = TestRecords.unique("cust");
        Order order = TestRecords.order(customer).build();
        client.attest(TestRecords.mca(customer), customer);
        client.order(order, customer);
        client.awaitApproved(order.getOrderId(), Duration.ofMinutes(2));
    }

    /** Writes {@code file} until the file system has no space left. */
    private static void fill(Path file) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(256 * 1024);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            while (true) {
                chunk.clear();
                out.write(chunk);
            }
        } catch (IOException e) {
            assertThat(e.getMessage()).containsIgnoringCase("no space left");
        }
        // What a small write may still find (tmpfs hands out pages): taken too.
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.APPEND)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            while (true) {
                one.clear();
                out.write(one);
            }
        } catch (IOException e) {
            // full to the byte
        }
    }

    private static double metric(String http, String name) {
        return PrometheusText.parse(Http.get(http + "/metrics").body()).value(name, Map.of());
    }

    private static List<String> lines(ListAppender<ILoggingEvent> log, String containing) {
        synchronized (log) {
            return log.list.stream()
                    .map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.contains(containing))
                    .toList();
        }
    }

    private static ListAppender<ILoggingEvent> capture(String loggerName) {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(loggerName)).addAppender(appender);
        return appender;
    }

    private static ConditionFactory await() {
        return Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500));
    }

    /** Needs root (CI runs as root): fails under CI=true when it cannot mount, else the test is skipped. */
    private static void mountTmpfs(Path at, String size) throws Exception {
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", at.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean mounted = mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
        if (!mounted) {
            String why = "cannot mount a tmpfs for the state directory (needs root): " + output.strip();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(why);
            }
            Assumptions.abort(why);
        }
    }

    private static void unmount(Path at) throws Exception {
        Process umount = new ProcessBuilder("umount", at.toString())
                .redirectErrorStream(true)
                .start();
        umount.getInputStream().readAllBytes();
        if (!umount.waitFor(30, TimeUnit.SECONDS) || umount.exitValue() != 0) {
            // Something still holds a file there: detach now, the kernel frees it when the last file closes.
            new ProcessBuilder("umount", "-l", at.toString()).start().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
