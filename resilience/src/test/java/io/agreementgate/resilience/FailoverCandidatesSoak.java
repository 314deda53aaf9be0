package io.agreementgate.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.embedded.EmbeddedKafkaBroker;
import io.agreementgate.embedded.EmbeddedSchemaRegistry;
import io.agreementgate.testkit.DecisionReader;
import io.agreementgate.testkit.LoadGenerator;
import io.agreementgate.topology.config.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Measures the group settings the gate could fail over with, under the same load: how long decisions stall when a
 * supervisor restarts a killed instance at once, and when the surviving one of two must take a dead one's work over.
 * Not part of {@code mvn verify} (about 15 minutes); run it with {@code mvn -B -pl resilience -am verify -Dtest=none
 * -Dit.test=FailoverCandidatesSoak -Dsurefire.failIfNoSpecifiedTests=false}. Figures: docs/RESILIENCE.md.
 */
class FailoverCandidatesSoak {
    private static Path root;
    private static EmbeddedKafkaBroker broker;
    private static EmbeddedSchemaRegistry registry;
    private static int run;

    @BeforeAll
    static void startCluster() throws Exception {
        root = Files.createTempDirectory("failover-soak-");
        // The streams protocol's session is a broker (group) setting with a 45 s minimum by default: lowered here so
        // that it is compared at the same 10 s as the others; its standbys are a group setting too.
        broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Config.of(root.resolve("kafka"))
                .withOverride("group.streams.min.session.timeout.ms", "6000")
                .withOverride("group.streams.session.timeout.ms", "10000")
                .withOverride("group.streams.min.heartbeat.interval.ms", "1000")
                .withOverride("group.streams.heartbeat.interval.ms", "2000")
                .withOverride("group.streams.num.standby.replicas", "1"));
        registry = EmbeddedSchemaRegistry.start(root.resolve("registry"));
    }

    @AfterAll
    static void stopCluster() {
        registry.close();
        broker.close();
    }

    static Stream<Arguments> candidates() {
        return Stream.of(
                Arguments.of(
                        "Kafka's defaults: classic, dynamic, session 45 s, no standby",
                        Map.of(
                                "gate.group.static-membership", "false",
                                "session.timeout.ms", "45000",
                                "num.standby.replicas", "0")),
                Arguments.of(
                        "classic, dynamic, session 10 s, 1 standby", Map.of("gate.group.static-membership", "false")),
                Arguments.of("the gate's defaults: classic, static, session 10 s, 1 standby", Map.of()),
                Arguments.of(
                        "streams protocol (KIP-1071), static, session 10 s (broker), 1 standby (broker)",
                        Map.of("group.protocol", "streams")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("candidates")
    void restartOfAKilledInstance(String candidate, Map<String, String> overrides) throws Exception {
        String app = "soak-restart-" + ++run;
        Map<String, String> settings = settings(app, overrides);
        Path dataDir = root.resolve(app);
        try (LoadGenerator traffic = Fixture.load(broker.bootstrapServers(), registry.url(), topics(app));
                DecisionReader ledger = Fixture.decisions(broker.bootstrapServers(), registry.url(), topics(app))) {
            GateJvm gate = start(dataDir, 0, settings);
            try {
                traffic.start(Integer.MAX_VALUE, 100);
                Thread.sleep(8_000);
                Instant killed = Instant.now();
                gate.kill();
                long restarted = System.nanoTime();
                gate = start(dataDir, 1, settings);
                double healthyAfter = (System.nanoTime() - restarted) / 1e9;
                Thread.sleep(5_000);
                traffic.stop().awaitDone();
                int orders = traffic.sent();
                ledger.awaitAll(orders, Duration.ofMinutes(3));
                System.out.printf(
                        "failover soak, restart, %s: stall %s; restarted process RUNNING after %.1f s; %s%n",
                        candidate,
                        ledger.longestStall(killed, killed.plusMillis(1)),
                        healthyAfter,
                        ledger.summary(orders));
                assertThat(ledger.decidedMoreThanOnce()).isEmpty();
                assertThat(ledger.decidedOrders()).isEqualTo(orders);
            } finally {
                gate.close();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("candidates")
    void takeoverFromADeadInstance(String candidate, Map<String, String> overrides) throws Exception {
        String app = "soak-takeover-" + ++run;
        Map<String, String> settings = settings(app, overrides);
        try (LoadGenerator traffic = Fixture.load(broker.bootstrapServers(), registry.url(), topics(app));
                DecisionReader ledger = Fixture.decisions(broker.bootstrapServers(), registry.url(), topics(app));
                GateJvm first = start(root.resolve(app + "-a"), 0, settings);
                GateJvm second = start(root.resolve(app + "-b"), 0, settings)) {
            traffic.start(Integer.MAX_VALUE, 100);
            Thread.sleep(10_000);
            Instant killed = Instant.now();
            second.kill();
            Thread.sleep(25_000);
            traffic.stop().awaitDone();
            int orders = traffic.sent();
            ledger.awaitAll(orders, Duration.ofMinutes(3));
            System.out.printf(
                    "failover soak, takeover, %s: stall %s; %s%n",
                    candidate, ledger.longestStall(killed, killed.plusMillis(1)), ledger.summary(orders));
            assertThat(first.output()).doesNotContain("Kafka Streams RUNNING -> ERROR");
            assertThat(ledger.decidedMoreThanOnce()).isEmpty();
            assertThat(ledger.decidedOrders()).isEqualTo(orders);
        }
    }

    /** Each run on its own topics, so that one run's ledger does not read another's decisions. */
    private static Topics topics(String app) {
        return Topics.DEFAULTS.prefixed(app);
    }

    private static Map<String, String> settings(String app, Map<String, String> overrides) {
        Topics topics = topics(app);
        Map<String, String> settings = new LinkedHashMap<>(Fixture.defaults(app, Duration.ofSeconds(3)));
        settings.putAll(topics.settings());
        settings.putAll(overrides);
        return settings;
    }

    private static GateJvm start(Path dataDir, int generation, Map<String, String> settings) throws Exception {
        return GateJvm.start(
                        dataDir.resolveSibling(dataDir.getFileName() + "-" + generation + ".log"),
                        Fixture.options(broker.bootstrapServers(), registry.url(), dataDir),
                        settings)
                .awaitHealthy(Duration.ofMinutes(2));
    }
}
