package io.agreementgate.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import kafka.server.KafkaConfig;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How one embedded KRaft node is set up: its server properties (listeners on 127.0.0.1, the static quorum, the
 * replication settings a cluster of its size gets) and the storage format step that {@code kafka-storage.sh format}
 * would do.
 */
final class KafkaNodeSetup {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaNodeSetup.class);

    static final String HOST = "127.0.0.1";
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final String BROKER_LISTENER = "PLAINTEXT";

    private KafkaNodeSetup() {}

    /**
     * The server properties of one node. Replication follows the cluster's size: with 3 or more nodes every topic
     * (the gate's, Kafka Streams' internal ones, offsets and transactions) defaults to 3 replicas of which 2 must
     * acknowledge a write, so one node may die without losing or refusing an acknowledged record; fewer nodes
     * replicate to each of them, with one in sync.
     */
    static Map<String, Object> properties(
            EmbeddedKafkaBroker.Config config,
            Path logDir,
            EmbeddedKafkaBroker.Node self,
            List<EmbeddedKafkaBroker.Node> voters) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(self.id()));
        // Static quorum of every node, so a changed controller port needs no reformat.
        p.put(
                "controller.quorum.voters",
                voters.stream()
                        .map(v -> v.id() + "@" + HOST + ":" + v.controllerPort())
                        .collect(Collectors.joining(",")));
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put(
                "listeners",
                BROKER_LISTENER + "://" + HOST + ":" + self.brokerPort() + "," + CONTROLLER_LISTENER + "://" + HOST
                        + ":" + self.controllerPort());
        p.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + self.brokerPort());
        p.put("inter.broker.listener.name", BROKER_LISTENER);
        p.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("log.dirs", logDir.toString());

        String replicas = Integer.toString(Math.min(3, voters.size()));
        String minInSync = voters.size() >= 3 ? "2" : "1";
        p.put("offsets.topic.replication.factor", replicas);
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", replicas);
        p.put("transaction.state.log.min.isr", minInSync);
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", replicas);
        p.put("share.coordinator.state.topic.min.isr", minInSync);
        p.put("default.replication.factor", replicas);
        p.put("min.insync.replicas", minInSync);
        // Kafka's default, said out loud: a replica that missed acknowledged writes must never become leader.
        p.put("unclean.leader.election.enable", "false");
        p.put("num.partitions", Integer.toString(config.defaultPartitions()));
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("group.streams.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");

        // After an unclean stop (kill -9) the controller refuses the new incarnation of this node until the old
        // broker session expires (DUPLICATE_BROKER_REGISTRATION), and a dead node's partitions move only once it is
        // fenced: keep that short, the heartbeat is over loopback.
        p.put("broker.session.timeout.ms", "3000");
        p.put("broker.heartbeat.interval.ms", "500");
        // A dead gate instance's open transaction blocks its partitions (read_committed) until it times out; look for
        // timed-out transactions every second rather than every 10 s.
        p.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");

        // Light on a small machine.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        p.put("log.cleaner.threads", "1");

        p.putAll(config.overrides());
        return p;
    }

    /** Formats the log dir like {@code kafka-storage.sh format --cluster-id <random>} does for a static quorum. */
    static void format(KafkaConfig kafkaConfig, Path logDir, String clusterId, List<String> scramArguments)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream printStream = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(printStream)
                    .setNodeId(kafkaConfig.nodeId())
                    .setClusterId(clusterId)
                    .setWriteBootstrapSnapshot(true)
                    .setUnstableFeatureVersionsEnabled(false)
                    .setIgnoreFormatted(false)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(kafkaConfig.metadataLogDir())
                    .setHasDynamicQuorum(false)
                    .addDirectory(logDir.toString())
                    .setScramArguments(scramArguments)
                    .run();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("Cannot format Kafka storage in " + logDir + ": " + e.getMessage(), e);
        }
        LOG.info("Formatted Kafka storage in {} with cluster id {}", logDir, clusterId);
        LOG.debug("Formatter output: {}", out.toString(StandardCharsets.UTF_8).trim());
    }
}
