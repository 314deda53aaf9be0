package io.agreementgate.resilience;

import io.agreementgate.embedded.EmbeddedCluster;
import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.Order;
import io.agreementgate.serde.AvroSerdes;
import io.agreementgate.serde.GenericAvroDeserializer;
import io.agreementgate.serde.HttpSchemaRegistryClient;
import io.agreementgate.testkit.DecisionReader;
import io.agreementgate.testkit.GateTestSettings;
import io.agreementgate.testkit.KafkaTopics;
import io.agreementgate.testkit.LoadGenerator;
import io.agreementgate.topology.config.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Common set-up of the fault tests: topics, and the settings that keep a killed gate's recovery quick. */
final class Fixture {
    static final Topics TOPICS = Topics.DEFAULTS;
    static final int PARTITIONS = 3;

    private Fixture() {}

    static void createTopics(String bootstrap) {
        createTopics(bootstrap, TOPICS);
    }

    static void createTopics(String bootstrap, Topics topics) {
        KafkaTopics.create(bootstrap, Map.of(), KafkaTopics.single(topics.all(), PARTITIONS));
    }

    /** A distributor writing to the gate's input topics, with the gate's serializers and a registry client. */
    static LoadGenerator load(String bootstrap, String registryUrl) {
        return load(bootstrap, registryUrl, TOPICS);
    }

    static LoadGenerator load(String bootstrap, String registryUrl, Topics topics) {
        AvroSerdes serdes = new AvroSerdes(registry(registryUrl), true);
        return new LoadGenerator(
                bootstrap,
                topics.orders(),
                topics.attestations(),
                serdes.valueSerde(Order.class).serializer(),
                serdes.valueSerde(AgreementAttestation.class).serializer());
    }

    /** The committed decisions of the gate's output topics, decoded with a registry client of their own. */
    static DecisionReader decisions(String bootstrap, String registryUrl) {
        return decisions(bootstrap, registryUrl, TOPICS);
    }

    static DecisionReader decisions(String bootstrap, String registryUrl, Topics topics) {
        return new DecisionReader(
                bootstrap,
                topics.approvedOrders(),
                topics.rejectedOrders(),
                new GenericAvroDeserializer(registry(registryUrl), false));
    }

    private static HttpSchemaRegistryClient registry(String url) {
        return new HttpSchemaRegistryClient(HttpSchemaRegistryClient.Config.of(url));
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
        return GateTestSettings.of(applicationId, maxWait);
    }

    /**
     * Settings for a gate under test: an ephemeral HTTP port, a short wait, and a short group session so that a
     * killed member is noticed in seconds rather than the default 45 s.
     */
    static Map<String, String> settings(String applicationId, Duration maxWait) {
        Map<String, String> settings = defaults(applicationId, maxWait);
        settings.put("replication.factor", "1");
        settings.put("session.timeout.ms", "6000");
        settings.put("heartbeat.interval.ms", "1500");
        settings.put("commit.interval.ms", "100");
        return settings;
    }
}
