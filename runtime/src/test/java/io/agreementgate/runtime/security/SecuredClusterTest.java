package io.agreementgate.runtime.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.embedded.EmbeddedBrokerSecurity;
import io.agreementgate.runtime.AgreementGateCli;
import io.agreementgate.runtime.GateClient;
import io.agreementgate.runtime.Http;
import io.agreementgate.runtime.TestRecords;
import io.agreementgate.runtime.TestSettings;
import io.agreementgate.runtime.config.GateSettings;
import io.agreementgate.runtime.gate.GateAcls;
import io.agreementgate.runtime.gate.GateProcess;
import io.agreementgate.schema.Order;
import io.agreementgate.serde.AvroJson;
import io.agreementgate.topology.config.Topics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate on a cluster secured like a distributor's: SASL_SSL with SCRAM-SHA-512 and ACLs, the registry behind HTTPS
 * and basic authentication. With the README's ACLs it
 * decides; with a wrong password or one ACL short it stops within 60 s, non-zero, with one line naming what to fix,
 * instead of replacing a dying stream thread forever.
 */
class SecuredClusterTest {
    private static final Duration FATAL_WITHIN = Duration.ofSeconds(60);
    private static final String GATE = "gate";

    @TempDir
    static Path dir;

    private static SecuredCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = SecuredCluster.start(
                dir,
                Map.of(
                        GATE,
                        "gate-secret",
                        "no-txn",
                        "no-txn-secret",
                        "no-write",
                        "no-write-secret",
                        "no-read",
                        "no-read-secret",
                        "no-group",
                        "no-group-secret"));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldDecideOrdersWithTheReadmeAcls() throws Exception {
        Topics topics = TestSettings.topics("sec-ok");
        cluster.createTopics(topics);
        cluster.grant(GATE, GateAcls.required("gate-sec-ok", topics));
        GateSettings settings = GateSettings.of(cluster.gateSettings("sec-ok", dir.resolve("ok"), GATE, "gate-secret"));
        try (GateProcess gate = GateProcess.start(settings, new PrintStream(new ByteArrayOutputStream(), true));
                GateClient client = adminClient(topics)) {
            gate.runner().awaitRunning(Duration.ofSeconds(90));
            String customer = TestRecords.unique("cust");
            client.attest(TestRecords.mca(customer), customer);
            Order attested = TestRecords.order(customer).build();
            client.order(attested, customer);
            Order unattested = TestRecords.order(TestRecords.unique("cust")).build();
            client.order(unattested, unattested.getCustomerId());

            assertThat(client.awaitApproved(attested.getOrderId(), Duration.ofSeconds(60))
                            .getEvidence())
                    .isNotNull();
            assertThat(client.awaitRejected(unattested.getOrderId(), Duration.ofSeconds(60))
                            .getReasons())
                    .isNotEmpty();
            assertThat(Http.get(gate.runner().httpUrl() + "/health").status()).isEqualTo(200);
        }
    }

    @Test
    void shouldStopWithOneLineNamingWhatIsMissing() throws Exception {
        List<Run> runs = new ArrayList<>();
        runs.add(fatalRun("sec-pw", GATE, "wrong-password", List.of(), g -> true));
        runs.add(fatalRun(
                "sec-txn",
                "no-txn",
                "no-txn-secret",
                List.of(),
                g -> g.type() != ResourceType.TRANSACTIONAL_ID || g.operation() != AclOperation.WRITE));
        runs.add(fatalRun(
                "sec-write",
                "no-write",
                "no-write-secret",
                List.of(new GateAcls.Grant(
                        ResourceType.TOPIC,
                        TestSettings.topics("sec-write").approvedOrders(),
                        PatternType.LITERAL,
                        AclOperation.DESCRIBE)),
                g -> !g.name().equals(TestSettings.topics("sec-write").approvedOrders())));
        runs.add(fatalRun(
                "sec-read",
                "no-read",
                "no-read-secret",
                List.of(new GateAcls.Grant(
                        ResourceType.TOPIC,
                        TestSettings.topics("sec-read").orders(),
                        PatternType.LITERAL,
                        AclOperation.DESCRIBE)),
                g -> !g.name().equals(TestSettings.topics("sec-read").orders())));
        runs.add(fatalRun("sec-group", "no-group", "no-group-secret", List.of(), g -> g.type() != ResourceType.GROUP));

        Map<String, String> expected = Map.of(
                "sec-pw", "Kafka refused the gate's credentials",
                "sec-txn", "WRITE and DESCRIBE on transactional ids prefixed 'gate-sec-txn' are missing",
                "sec-write",
                        "WRITE on topic " + TestSettings.topics("sec-write").approvedOrders() + " is missing",
                "sec-read", "READ on topic " + TestSettings.topics("sec-read").orders() + " is missing",
                "sec-group", "READ on consumer group 'gate-sec-group' is missing");
        for (Run run : runs) {
            Ended ended = run.ended().get(3, TimeUnit.MINUTES);
            System.out.println("secured cluster: " + run.prefix() + " stopped with exit code " + ended.exitCode()
                    + " after " + ended.elapsed().toMillis() + " ms");
            assertThat(ended.exitCode()).as(run.prefix() + ": " + ended.err()).isEqualTo(1);
            assertThat(ended.elapsed()).as(run.prefix()).isLessThan(FATAL_WITHIN);
            assertThat(ended.err().lines().toList())
                    .as(run.prefix())
                    .hasSize(1)
                    .first()
                    .asString()
                    .startsWith("agreement-gate: ")
                    .contains(expected.get(run.prefix()));
        }
    }

    private record Run(String prefix, CompletableFuture<Ended> ended) {}

    private record Ended(int exitCode, String err, Duration elapsed) {}

    /**
     * Starts `agreement-gate run` in-process as {@code user} with the README's ACLs except those {@code keep} drops
     * (plus {@code extra}), after an attested order is waiting for it (so that it has something to write).
     */
    private static Run fatalRun(
            String prefix, String user, String password, List<GateAcls.Grant> extra, Predicate<GateAcls.Grant> keep)
            throws Exception {
        Topics topics = TestSettings.topics(prefix);
        cluster.createTopics(topics);
        List<GateAcls.Grant> grants = new ArrayList<>(GateAcls.required("gate-" + prefix, topics).stream()
                .filter(keep)
                .toList());
        grants.addAll(extra);
        cluster.grant(user, grants);
        try (GateClient client = adminClient(topics)) {
            String customer = TestRecords.unique("cust");
            client.attest(TestRecords.mca(customer), customer);
            client.order(TestRecords.order(customer).build(), customer);
        }
        List<String> args = new ArrayList<>(List.of("run"));
        cluster.gateSettings(prefix, dir.resolve(prefix), user, password)
                .forEach((k, v) -> args.add("-D" + k + "=" + v));
        CompletableFuture<Ended> ended = CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            long start = System.nanoTime();
            int code;
            try (PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
                    PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)) {
                code = AgreementGateCli.execute(
                        args.toArray(String[]::new), new ByteArrayInputStream(new byte[0]), o, e, Map.of());
            }
            return new Ended(code, err.toString(StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - start));
        });
        return new Run(prefix, ended);
    }

    private static GateClient adminClient(Topics topics) {
        return new GateClient(
                cluster.bootstrapServers(),
                cluster.registryClient(),
                topics,
                cluster.security().clientProperties(EmbeddedBrokerSecurity.ADMIN));
    }

    @Test
    void shouldProduceAndConsumeOverSaslSsl() throws Exception {
        Topics topics = TestSettings.topics("sec-tools");
        cluster.createTopics(topics);
        Order order = TestRecords.order(TestRecords.unique("cust")).build();
        List<String> common = new ArrayList<>(List.of(
                "--bootstrap-servers",
                cluster.bootstrapServers(),
                "--schema-registry-url",
                cluster.registryUrl(),
                "-Dgate.topic.orders=" + topics.orders(),
                "--topic",
                topics.orders()));
        cluster.security()
                .clientProperties(EmbeddedBrokerSecurity.ADMIN)
                .forEach((k, v) -> common.add("-D" + k + "=" + v));
        cluster.registryProperties().forEach((k, v) -> common.add("-D" + k + "=" + v));

        Tool produced = tool(AvroJson.toJson(order) + "\n", "produce", common);
        assertThat(produced.exitCode()).as(produced.err()).isZero();
        Tool consumed = tool("", "consume", concat(common, "--from-beginning", "--max-messages", "1"));
        assertThat(consumed.exitCode()).as(consumed.err()).isZero();
        assertThat(consumed.out()).contains(order.getOrderId());
    }

    private record Tool(int exitCode, String out, String err) {}

    private static Tool tool(String stdin, String command, List<String> args) {
        List<String> all = concat(List.of(command), args.toArray(String[]::new));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = AgreementGateCli.execute(
                    all.toArray(String[]::new),
                    new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                    o,
                    e,
                    Map.of());
        }
        return new Tool(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static List<String> concat(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }
}
