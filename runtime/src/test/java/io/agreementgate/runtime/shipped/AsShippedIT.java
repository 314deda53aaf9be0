package io.agreementgate.runtime.shipped;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agreementgate.embedded.EmbeddedBrokerSecurity;
import io.agreementgate.runtime.TestRecords;
import io.agreementgate.runtime.config.EnvironmentMapping;
import io.agreementgate.runtime.gate.GateAcls;
import io.agreementgate.runtime.security.SecuredCluster;
import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.Order;
import io.agreementgate.schema.ProductType;
import io.agreementgate.serde.AvroJson;
import io.agreementgate.testkit.Samples;
import io.agreementgate.topology.config.Topics;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate as users get it: the distribution archive `mvn package` made, laid out as the Dockerfile lays it out (read
 * from the Dockerfile: unpacked, lib/embedded/ removed, the same paths under a folder standing for the container's
 * "/", ENTRYPOINT + CMD as the command), with the environment docker-compose.yml gives the gate service (read from
 * the compose file and interpolated with the variable a compose user sets). Orders and attestations go in through
 * the install's own {@code produce}, decisions come out through its own {@code consume}; {@code /health} and {@code
 * /metrics} answer; SIGTERM (what {@code docker stop} sends) stops it with exit 0 and loses nothing: a batch sent just
 * before the stop is decided, exactly once, by the gate started again on the same volume.
 *
 * <p>Compose host names: the cluster runs in another process on loopback with ports of its choosing, so the compose
 * file's {@code kafka:29092} and {@code schema-registry:8081} are rewritten to that cluster's host:port (nothing else
 * in the environment is changed, except the HTTP port: compose publishes container port 8080 on the host, here the
 * gate takes a free port and the test reads it from the banner, as the machine is shared).
 */
class AsShippedIT {
    private static final Path ROOT =
            Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HTTP_PORT = Pattern.compile("HTTP\\s+http://[^\\s/]+:(\\d+)");
    private static final String TOKEN = "compose-user-token";
    private static final Duration START = Duration.ofMinutes(3);
    private static final String TRUSTSTORE = "/etc/agreement-gate/truststore.p12";

    @TempDir
    static Path work;

    private static Path archive;
    private static ImageLayout layout;
    private static ComposeFile compose;

    @BeforeAll
    static void read() {
        archive = Path.of(System.getProperty("distribution.archive"));
        assertThat(archive).exists();
        layout = ImageLayout.of(Dockerfile.read(ROOT.resolve("Dockerfile")));
        compose = ComposeFile.read(ROOT.resolve("docker-compose.yml"));
    }

    @Test
    void shouldDecideEveryOrderWhenRunAsComposeRunsTheImage() throws Exception {
        Path dir = Files.createDirectories(work.resolve("plain"));
        // The cluster: `agreement-gate embedded` of the full archive (with lib/embedded/), in its own process.
        Path full = Files.createDirectories(dir.resolve("full"));
        untar(archive, full);
        Path clusterData = dir.resolve("cluster");
        Process cluster = new ProcessBuilder(
                        full.resolve("bin/agreement-gate").toString(), "embedded", "--data-dir", clusterData.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("cluster.out").toFile())
                .start();
        try {
            Awaitility.await("the embedded cluster of the full archive")
                    .atMost(START)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> !cluster.isAlive()
                            || read(dir.resolve("cluster.out")).contains("Stop with Ctrl-C"));
            assertThat(cluster.isAlive()).as(read(dir.resolve("cluster.out"))).isTrue();
            Properties recorded = new Properties();
            try (Reader reader = Files.newBufferedReader(clusterData.resolve("cluster.properties"))) {
                recorded.load(reader);
            }
            String bootstrap = recorded.getProperty("bootstrap.servers");
            String registry = recorded.getProperty("schema.registry.url");
            createTopicsAsComposeDoes(Map.of("bootstrap.servers", bootstrap));

            Map<String, String> gateEnv = composeEnvironment(Map.of(
                    "kafka:29092",
                    bootstrap,
                    "schema-registry:8081",
                    URI.create(registry).getAuthority()));
            runAndStop(dir, gateEnv, gateEnv);
        } finally {
            stop(cluster);
        }
    }

    @Test
    void shouldDecideEveryOrderOnASaslSslClusterWithCredentialsFromTheEnvironment() throws Exception {
        Path dir = Files.createDirectories(work.resolve("secured"));
        String gatePassword = "gate-secret-" + Instant.now().toEpochMilli();
        // The cluster runs in this test's JVM, another process than the gate: SASL_SSL (SCRAM-SHA-512) with ACLs,
        // the registry behind HTTPS and basic authentication.
        try (SecuredCluster cluster =
                SecuredCluster.start(dir.resolve("cluster"), Map.of("agreement-gate", gatePassword))) {
            cluster.createTopics(Topics.DEFAULTS);
            cluster.grant("agreement-gate", GateAcls.required("agreement-gate", Topics.DEFAULTS));
            URI registry = URI.create(cluster.registryUrl());

            // A compose user keeps the gate service and adds the cluster's security settings as variables, the
            // registry's URL becoming https.
            Map<String, String> gateEnv = composeEnvironment(
                    Map.of("kafka:29092", cluster.bootstrapServers(), "schema-registry:8081", registry.getAuthority()));
            gateEnv.put(
                    "AGREEMENT_GATE_SCHEMA_REGISTRY_URL",
                    gateEnv.get("AGREEMENT_GATE_SCHEMA_REGISTRY_URL").replace("http://", "https://"));
            // The CA's truststore, mounted into the container as a compose user would (a volume or a secret).
            Path container = dir.resolve("container");
            Path truststore = ImageLayout.inContainer(container, TRUSTSTORE);
            Files.createDirectories(truststore.getParent());
            Files.copy(cluster.security().tls().truststore(), truststore);
            Map<String, String> registrySettings = inContainer(cluster.registryProperties());
            Map<String, String> toolEnv = new LinkedHashMap<>(gateEnv);
            asVariables(inContainer(cluster.security().clientProperties("agreement-gate", gatePassword)), gateEnv);
            asVariables(registrySettings, gateEnv);
            // The console tools write the input topics: a backend's principal (here the admin), not the gate's.
            asVariables(inContainer(cluster.security().clientProperties(EmbeddedBrokerSecurity.ADMIN)), toolEnv);
            asVariables(registrySettings, toolEnv);
            assertThat(gateEnv).containsKeys("AGREEMENT_GATE_SASL_JAAS_CONFIG", "AGREEMENT_GATE_BASIC_AUTH_USER_INFO");

            runAndStop(dir, gateEnv, toolEnv);
        }
    }

    /**
     * Runs the gate as the image does, feeds two batches through the install's own tools, stops it with SIGTERM right
     * after the second, starts it again and checks that every order was decided exactly once.
     */
    private void runAndStop(Path dir, Map<String, String> gateEnv, Map<String, String> toolEnv) throws Exception {
        Path container = layout.install(archive, dir.resolve("container"));
        assertThat(ImageLayout.inContainer(container, layout.installDir()).resolve("lib/embedded"))
                .as("the image has no embedded broker")
                .doesNotExist();
        Map<String, String> env = layout.environment(container, gateEnv);
        Map<String, String> tools = layout.environment(container, toolEnv);

        Batch first = Batch.of(3);
        Batch second = Batch.of(3);

        Gate gate = Gate.start(container, env, dir.resolve("gate-1.out"));
        try {
            produce(container, tools, dir, first);
            Decisions decided = awaitDecided(container, tools, dir, first);
            decided.assertExactlyOnce(first);

            int port = gate.httpPort();
            HttpResponse<String> health = get(port, "/health");
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            HttpResponse<String> metrics = get(port, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(approvedCount(metrics.body()))
                    .isGreaterThanOrEqualTo(first.approved().size());

            produce(container, tools, dir, second);
        } finally {
            gate.sigterm();
        }
        assertThat(gate.exitCode())
                .as("exit code after SIGTERM\n" + gate.output())
                .isZero();
        assertThat(gate.output()).doesNotContain("NoClassDefFoundError", "ClassNotFoundException");

        Gate again = Gate.start(container, env, dir.resolve("gate-2.out"));
        try {
            Batch both = first.and(second);
            awaitDecided(container, tools, dir, both).assertExactlyOnce(both);
        } finally {
            again.sigterm();
        }
        assertThat(again.exitCode())
                .as("exit code after SIGTERM\n" + again.output())
                .isZero();
    }

    /** The gate service's environment from docker-compose.yml, compose host:port rewritten to the test cluster's. */
    private static Map<String, String> composeEnvironment(Map<String, String> hostPorts) {
        Map<String, String> env = new LinkedHashMap<>(compose.environment("gate", Map.of("GATE_HTTP_TOKEN", TOKEN)));
        hostPorts.forEach((composeAddress, local) -> {
            assertThat(env.values())
                    .as("compose gives the gate " + composeAddress)
                    .anyMatch(v -> v.contains(composeAddress));
            env.replaceAll((k, v) -> v.replace(composeAddress, local));
        });
        assertThat(env).containsKey("AGREEMENT_GATE_GATE_HTTP_PORT");
        env.put("AGREEMENT_GATE_GATE_HTTP_PORT", "0");
        return env;
    }

    /** The settings with every truststore location at the path mounted into the container. */
    private static Map<String, String> inContainer(Map<String, String> settings) {
        Map<String, String> mounted = new LinkedHashMap<>(settings);
        mounted.replaceAll((key, value) -> key.endsWith("truststore.location") ? TRUSTSTORE : value);
        return mounted;
    }

    private static void asVariables(Map<String, String> settings, Map<String, String> env) {
        settings.forEach((key, value) -> env.put(EnvironmentMapping.variableFor(key), value));
    }

    /** As the compose file's one-shot "topics" service: its topics, its partition count. */
    private static void createTopicsAsComposeDoes(Map<String, Object> admin) throws Exception {
        Map<String, String> env = compose.environment("topics", Map.of());
        int partitions = Integer.parseInt(env.get("GATE_PARTITIONS"));
        try (Admin client = Admin.create(admin)) {
            client.createTopics(List.of(env.get("GATE_TOPICS").trim().split("\\s+")).stream()
                            .map(t -> new NewTopic(t, Optional.of(partitions), Optional.empty()))
                            .toList())
                    .all()
                    .get(120, TimeUnit.SECONDS);
        }
    }

    private static void produce(Path container, Map<String, String> env, Path dir, Batch batch) throws Exception {
        Path attestations = Files.createTempFile(dir, "attestations", ".jsonl");
        Files.write(
                attestations,
                batch.attestations().stream().map(AvroJson::toJson).toList());
        Path orders = Files.createTempFile(dir, "orders", ".jsonl");
        Files.write(orders, batch.orders().stream().map(AvroJson::toJson).toList());
        Tool attest = Tool.run(container, env, dir, attestations, "produce", "--topic", Topics.DEFAULTS.attestations());
        assertThat(attest.exitCode()).as(attest.output()).isZero();
        Tool order = Tool.run(container, env, dir, orders, "produce", "--topic", Topics.DEFAULTS.orders());
        assertThat(order.exitCode()).as(order.output()).isZero();
    }

    /** Waits until every order of {@code batch} has a decision, read with the install's {@code consume}. */
    private static Decisions awaitDecided(Path container, Map<String, String> env, Path dir, Batch batch) {
        Decisions[] last = {Decisions.NONE};
        Awaitility.await("decisions for " + batch.orderIds())
                .atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    // Both topics read at once: each read is a JVM of its own and ends 5 s after its last record.
                    CompletableFuture<List<String>> rejected = CompletableFuture.supplyAsync(
                            () -> consumeOrderIds(container, env, dir, Topics.DEFAULTS.rejectedOrders()));
                    List<String> approved = consumeOrderIds(container, env, dir, Topics.DEFAULTS.approvedOrders());
                    last[0] = new Decisions(approved, rejected.join());
                    return last[0].all().containsAll(batch.orderIds());
                });
        return last[0];
    }

    private static List<String> consumeOrderIds(Path container, Map<String, String> env, Path dir, String topic) {
        try {
            return orderIds(Tool.run(
                    container,
                    env,
                    dir,
                    null,
                    "consume",
                    "--topic",
                    topic,
                    "--from-beginning",
                    "--timeout-ms",
                    "5000"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("consume --topic " + topic, e);
        }
    }

    private static List<String> orderIds(Tool consumed) throws IOException {
        assertThat(consumed.exitCode()).as(consumed.output()).isZero();
        List<String> ids = new ArrayList<>();
        for (String line : consumed.stdout().lines().filter(l -> !l.isBlank()).toList()) {
            ids.add(JSON.readTree(line).path("order").path("orderId").asText());
        }
        return ids;
    }

    private static long approvedCount(String metrics) {
        return metrics.lines()
                .filter(l -> l.startsWith("agreement_gate_decisions_total{")
                        && l.contains("kind=\"order\"")
                        && l.contains("outcome=\"approved\""))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static void untar(Path archive, Path into) throws Exception {
        Process tar = new ProcessBuilder(
                        "tar", "xzf", archive.toString(), "-C", into.toString(), "--strip-components=1")
                .redirectErrorStream(true)
                .start();
        assertThat(tar.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue())
                .as(new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    /** The process environment of a container: PATH (with this JDK's java first, as the image has its JRE's) only. */
    static ProcessBuilder inContainer(Path container, Map<String, String> env, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment()
                .put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":/usr/local/bin:/usr/bin:/bin");
        builder.environment().putAll(env);
        builder.directory(ImageLayout.inContainer(container, layout.workdir()).toFile());
        return builder;
    }

    /** One gate process, run as the image runs it. */
    private record Gate(Process process, Path log) {
        static Gate start(Path container, Map<String, String> env, Path output) throws IOException {
            Process process = inContainer(container, env, layout.command(container))
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            Gate gate = new Gate(process, output);
            Awaitility.await("the gate's banner")
                    .atMost(START)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> !process.isAlive() || gate.output().contains("Stop with Ctrl-C."));
            assertThat(process.isAlive()).as(gate.output()).isTrue();
            return gate;
        }

        String output() throws IOException {
            return read(log);
        }

        int httpPort() throws IOException {
            Matcher m = HTTP_PORT.matcher(output());
            assertThat(m.find()).as(output()).isTrue();
            return Integer.parseInt(m.group(1));
        }

        void sigterm() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }

        int exitCode() {
            return process.exitValue();
        }
    }

    /** One run of a console tool of the install, as {@code docker compose exec gate ...} would run it. */
    private record Tool(int exitCode, String stdout, String output) {
        static Tool run(Path container, Map<String, String> env, Path dir, Path stdin, String... arguments)
                throws Exception {
            List<String> command = new ArrayList<>();
            command.add(layout.command(container).get(0));
            command.addAll(List.of(arguments));
            Path out = Files.createTempFile(dir, "tool", ".out");
            Path err = Files.createTempFile(dir, "tool", ".err");
            ProcessBuilder builder = inContainer(container, env, command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            if (stdin != null) {
                builder.redirectInput(stdin.toFile());
            }
            Process process = builder.start();
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", arguments) + " did not finish: " + read(err));
            }
            return new Tool(process.exitValue(), read(out), read(out) + read(err));
        }
    }

    /** Orders and attestations: attested orders (approved) and one malformed order (rejected at once). */
    private record Batch(
            List<AgreementAttestation> attestations, List<Order> orders, List<String> approved, List<String> rejected) {
        static Batch of(int customers) {
            List<AgreementAttestation> attestations = new ArrayList<>();
            List<Order> orders = new ArrayList<>();
            for (int i = 0; i < customers; i++) {
                String customer = TestRecords.unique("shipped-cust");
                attestations.add(TestRecords.mca(customer));
                orders.add(TestRecords.order(customer).build());
            }
            // A new purchase of 0 licences: INVALID_ORDER at once, no attestation looked for.
            Order malformed = TestRecords.order(TestRecords.unique("shipped-cust"))
                    .setLineItems(List.of(Samples.item(ProductType.LICENSE_SUBSCRIPTION, 0)))
                    .build();
            List<String> approved = orders.stream().map(Order::getOrderId).toList();
            orders.add(malformed);
            return new Batch(attestations, orders, approved, List.of(malformed.getOrderId()));
        }

        Batch and(Batch other) {
            return new Batch(
                    concat(attestations, other.attestations),
                    concat(orders, other.orders),
                    concat(approved, other.approved),
                    concat(rejected, other.rejected));
        }

        List<String> orderIds() {
            return concat(approved, rejected);
        }

        private static <T> List<T> concat(List<T> a, List<T> b) {
            List<T> all = new ArrayList<>(a);
            all.addAll(b);
            return List.copyOf(all);
        }
    }

    private record Decisions(List<String> approved, List<String> rejected) {
        static final Decisions NONE = new Decisions(List.of(), List.of());

        List<String> all() {
            List<String> all = new ArrayList<>(approved);
            all.addAll(rejected);
            return all;
        }

        /** Every order of the batch decided as expected, none twice (other batches' decisions are ignored). */
        void assertExactlyOnce(Batch batch) {
            Map<String, Long> approvals = count(approved, batch);
            Map<String, Long> rejections = count(rejected, batch);
            assertThat(approvals.keySet()).containsExactlyInAnyOrderElementsOf(batch.approved());
            assertThat(rejections.keySet()).containsExactlyInAnyOrderElementsOf(batch.rejected());
            assertThat(approvals.values()).as("approved once").allMatch(n -> n == 1);
            assertThat(rejections.values()).as("rejected once").allMatch(n -> n == 1);
        }

        private static Map<String, Long> count(List<String> ids, Batch batch) {
            return ids.stream()
                    .filter(batch.orderIds()::contains)
                    .collect(Collectors.groupingBy(id -> id, HashMap::new, Collectors.counting()));
        }
    }
}
