package io.agreementgate.benchmarks;

import io.agreementgate.testkit.KafkaTopics;
import io.agreementgate.topology.config.Topics;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;

/** The benchmark's housekeeping on the cluster and the machine: topics ready before producing, memory. */
record BenchTopics(String bootstrapServers, int partitions) {

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

    void createTopics(Topics topics) {
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
        // Producing before every partition has a leader sends the idempotent producer into a retry loop.
        KafkaTopics.create(bootstrapServers, Map.of(), newTopics);
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
}
