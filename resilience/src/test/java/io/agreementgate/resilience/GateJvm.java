package io.agreementgate.resilience;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gate as its own OS process ({@code agreement-gate run}), as operators run it: so that a test can kill it with
 * SIGKILL, stop it with SIGTERM, and start it again on the same data dir.
 */
final class GateJvm implements AutoCloseable {
    private static final Pattern HTTP_URL = Pattern.compile("HTTP\\s+(http://[0-9.]+:\\d+)");
    private static final Pattern STREAMS_STATE =
            Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .*Kafka Streams (\\w+) -> (\\w+)", Pattern.MULTILINE);
    private static final Pattern PRODUCE_RETRY = Pattern.compile("Got error produce response .* Error: ([A-Z_]+)");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path log;

    private GateJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code agreement-gate run} with these options and settings ({@code -D key=value}). */
    static GateJvm start(Path log, List<String> options, Map<String, String> settings) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-cp",
                System.getProperty("java.class.path"),
                "io.agreementgate.runtime.AgreementGateCli",
                "run"));
        command.addAll(options);
        settings.forEach((key, value) -> command.addAll(List.of("-D", key + "=" + value)));
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new GateJvm(process, log);
    }

    /** Waits until the gate's /health says Kafka Streams is RUNNING. */
    GateJvm awaitHealthy(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("gate exited with " + process.exitValue() + "; log:\n" + tail());
            }
            String url = httpUrl();
            if (url != null && healthy(url)) {
                return this;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("gate not healthy within " + timeout + "; log:\n" + tail());
    }

    private String httpUrl() throws IOException {
        Matcher last = null;
        for (String line : Files.readAllLines(log)) {
            Matcher m = HTTP_URL.matcher(line);
            if (m.find()) {
                last = m;
            }
        }
        return last == null ? null : last.group(1);
    }

    /** The body of a GET on the gate's HTTP endpoint (the fault runs set no token), e.g. {@code /health}. */
    String get(String path) throws IOException, InterruptedException {
        String url = httpUrl();
        if (url == null) {
            throw new IllegalStateException("the gate has not said where it listens; log:\n" + tail());
        }
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(url + path))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static boolean healthy(String url) throws InterruptedException {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url + "/health"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("RUNNING");
        } catch (IOException notYet) {
            return false;
        }
    }

    /** SIGKILL: no shutdown hook, no commit, no goodbye to the group coordinator. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the shutdown hook closes Kafka Streams, committing what it processed. */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("gate did not stop within " + timeout + " after SIGTERM");
        }
        return process.exitValue();
    }

    /** Waits for a gate that is expected to stop on its own (a start-up error). */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("gate still running after " + timeout);
        }
        return process.exitValue();
    }

    String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    /**
     * The produce requests this gate's producer retried, by error, from its log: e.g. {@code CONCURRENT_TRANSACTIONS}
     * for the first write of a transaction while the previous one is still completing, then {@code
     * OUT_OF_ORDER_SEQUENCE_NUMBER} for the batches already in flight behind it.
     */
    Map<String, Integer> producerRetries() throws IOException {
        Map<String, Integer> counts = new TreeMap<>();
        Matcher m = PRODUCE_RETRY.matcher(output());
        while (m.find()) {
            counts.merge(m.group(1), 1, Integer::sum);
        }
        return counts;
    }

    /**
     * From Kafka Streams' start to its first RUNNING, from this gate's log: joining the group, getting tasks and
     * their state ready, without the JVM's own start (slow on a loaded machine).
     */
    Duration timeToRunning() throws IOException {
        LocalTime created = null;
        Matcher m = STREAMS_STATE.matcher(output());
        while (m.find()) {
            LocalTime at = LocalTime.parse(m.group(1));
            if (m.group(2).equals("CREATED")) {
                created = at;
            } else if (created != null && m.group(3).equals("RUNNING")) {
                Duration d = Duration.between(created, at);
                return d.isNegative() ? d.plusDays(1) : d;
            }
        }
        throw new IllegalStateException("no start and RUNNING in the log:\n" + tail());
    }

    /** {@link #producerRetries()} of several gates (and their earlier incarnations), summed. */
    static Map<String, Integer> producerRetries(List<GateJvm> gates) throws IOException {
        Map<String, Integer> counts = new TreeMap<>();
        for (GateJvm gate : gates) {
            gate.producerRetries().forEach((error, n) -> counts.merge(error, n, Integer::sum));
        }
        return counts;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
