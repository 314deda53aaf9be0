package io.agreementgate.benchmarks;

import io.agreementgate.topology.config.Topics;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** The benchmark's housekeeping on the cluster and the machine: topics ready before producing, memory. */
record BenchTopics(String bootstrapServers, int partitions) {

    /** The comparison's input topics, with outputs of their own for this round. */
    /** A round's topics: the shared input, outputs of its own. */
    static Topics roundTopics(Topics input, int round, String app) {
        Topics out = named("cmp.r" + round + "." + app);
        return new Topics(
                input.orders(),
                input.attestations(),
                out.approvedOrders(),
                out.rejectedOrders(),
                out.rejectedAttestations(),
                out.deadLetter());
    }

    static Topics named(String prefix) {
        return Topics.DEFAULTS.prefixed(prefix);
    }

    static List<String> decisions(Topics topics) {
        return List.of(topics.approvedOrders(), topics.rejectedOrders());
    }

    /** Where the passthrough of a round copies its orders. */
    static String passthroughTopic(Topics topics) {
        return topics.orders().replace(".orders", ".passthrough");
    }

    void createTopics(Topics topics) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        List<NewTopic> newTopics = new ArrayList<>();
        for (String name : topics.all()) {
            NewTopic topic = new NewTopic(name, partitions, (short) 1);
            if (name.equals(topics.orders())) {
                // The order's append time becomes its record timestamp, which the gate forwards: latency = seen -
                // append.
                topic.configs(Map.of("message.timestamp.type", "LogAppendTime"));
            }
            newTopics.add(topic);
        }
        newTopics.add(new NewTopic(passthroughTopic(topics), partitions, (short) 1));
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(newTopics).all().get();
            awaitLeaders(admin, newTopics.stream().map(NewTopic::name).toList());
        }
    }

    /** Producing before every partition has a leader sends the idempotent producer into a retry loop. */
    private static void awaitLeaders(Admin admin, List<String> names) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                boolean ready = admin.describeTopics(names).allTopicNames().get().values().stream()
                        .flatMap(d -> d.partitions().stream())
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
                if (ready) {
                    return;
                }
            } catch (java.util.concurrent.ExecutionException notYetKnown) {
                // a topic just created may not be in the broker's metadata yet: ask again
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("topics " + names + " have no leaders after 30 s");
    }

    static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The process's resident memory (heap, RocksDB block cache and memtables, everything), from /proc. */
    static long residentSetBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            // not Linux: report 0 rather than fail the run
        }
        return 0;
    }

    static void deleteRecursively(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }
}
