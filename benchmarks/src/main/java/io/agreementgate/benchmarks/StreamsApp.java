package io.agreementgate.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StateRestoreListener;

/** One Kafka Streams application under measurement: start, wait for RUNNING, measure restore, close. */
final class StreamsApp implements AutoCloseable {
    private final KafkaStreams streams;
    private final Path stateDir;
    private final CountDownLatch running = new CountDownLatch(1);
    private final AtomicLong restored = new AtomicLong();

    StreamsApp(Topology topology, Properties props) {
        this.stateDir = Path.of(props.getProperty(StreamsConfig.STATE_DIR_CONFIG));
        streams = new KafkaStreams(topology, props);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
        streams.setGlobalStateRestoreListener(new StateRestoreListener() {
            @Override
            public void onRestoreStart(TopicPartition partition, String store, long start, long end) {}

            @Override
            public void onBatchRestored(TopicPartition partition, String store, long batchEnd, long count) {
                restored.addAndGet(count);
            }

            @Override
            public void onRestoreEnd(TopicPartition partition, String store, long total) {}
        });
    }

    /** Starts and waits until RUNNING (restoration, if any, included). */
    Duration startAndAwaitRunning(Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        streams.start();
        if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("not RUNNING within " + timeout + ", state " + streams.state());
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * Kafka Streams' store metrics the scaling phase reports (averaged over the tasks), when recorded: the store
     * latencies and RocksDB's own statistics need {@code metrics.recording.level=DEBUG}, the memory figures do not.
     */
    String storeMetrics() {
        Map<String, double[]> sums = new TreeMap<>();
        streams.metrics().forEach((name, metric) -> {
            if (!name.group().equals("stream-state-metrics") || !STORE_METRICS.contains(name.name())) {
                return;
            }
            String store = name.tags().entrySet().stream()
                    .filter(t -> t.getKey().endsWith("-state-id"))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElse("?");
            Object value = metric.metricValue();
            if (value instanceof Number number && Double.isFinite(number.doubleValue())) {
                double[] sum = sums.computeIfAbsent(store + " " + name.name(), k -> new double[2]);
                sum[0] += number.doubleValue();
                sum[1]++;
            }
        });
        StringBuilder line = new StringBuilder();
        sums.forEach((key, sum) -> line.append(String.format("%n      %s %.3f", key, sum[0] / sum[1])));
        return line.toString();
    }

    private static final Set<String> STORE_METRICS = Set.of(
            "get-latency-avg",
            "put-latency-avg",
            "block-cache-data-hit-ratio",
            "block-cache-index-hit-ratio",
            "block-cache-filter-hit-ratio",
            "memtable-hit-ratio",
            "bytes-read-compaction-rate",
            "block-cache-usage",
            "block-cache-pinned-usage",
            "size-all-mem-tables",
            "estimate-table-readers-mem",
            "number-open-files");

    long restoredRecords() {
        return restored.get();
    }

    long stateBytesOnDisk() {
        if (!Files.exists(stateDir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(stateDir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (IOException e) {
                            return 0; // RocksDB may delete a file while we walk
                        }
                    })
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the local state of a closed application, so the next start must restore from the changelog. */
    void wipeLocalState() {
        streams.cleanUp();
    }

    /** Leaves the group, so the next instance does not wait for this member's session to time out. */
    @Override
    public void close() {
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(60)));
    }
}
