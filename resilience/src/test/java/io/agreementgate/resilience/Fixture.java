package io.agreementgate.resilience;

import io.agreementgate.embedded.EmbeddedCluster;
import io.agreementgate.testkit.KafkaTopics;
import io.agreementgate.topology.config.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** Common set-up of the fault tests: topics, and the settings that keep a killed gate's recovery quick. */
final class Fixture {
    static final Topics TOPICS = Topics.DEFAULTS;
    static final int PARTITIONS = 3;

    private Fixture() {}

    static void createTopics(String bootstrap) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            List<NewTopic> topics = new ArrayList<>();
            TOPICS.all().forEach(name -> topics.add(new NewTopic(name, PARTITIONS, (short) 1)));
            KafkaTopics.create(admin, topics);
        }
    }

    /** Options of {@code agreement-gate run} against this cluster. */
    static List<String> options(String bootstrap, String registryUrl, Path dataDir) {
        return List.of(
                "--bootstrap-servers",
                bootstrap,
                "--schema-registry-url",
                registryUrl,
                "--data-dir",
                dataDir.toString());
    }

    static List<String> options(EmbeddedCluster cluster, Path dataDir) {
        return options(cluster.bootstrapServers(), cluster.schemaRegistryUrl(), dataDir);
    }

    /**
     * The gate's own defaults (failover, replication, group settings) with only what a test must set: its application
     * id, an ephemeral HTTP port and a short wait.
     */
    static Map<String, String> defaults(String applicationId, Duration maxWait) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("application.id", applicationId);
        settings.put("gate.http.port", "0");
        settings.put("gate.wait.max.ms", Long.toString(maxWait.toMillis()));
        return settings;
    }

    /**
     * Settings for a gate under test: an ephemeral HTTP port, a short wait, and a short group session so that a
     * killed member is noticed in seconds rather than the default 45 s.
     */
    static Map<String, String> settings(String applicationId, Duration maxWait) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("application.id", applicationId);
        settings.put("gate.http.port", "0");
        settings.put("gate.wait.max.ms", Long.toString(maxWait.toMillis()));
        settings.put("replication.factor", "1");
        settings.put("session.timeout.ms", "6000");
        settings.put("heartbeat.interval.ms", "1500");
        settings.put("commit.interval.ms", "100");
        return settings;
    }
}
