package io.agreementgate.benchmarks;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads output topics (read_committed, as fulfillment would) on its own thread, counting records and recording each
 * record's latency: the time it was seen minus its timestamp, which the gate forwards from the input record (the
 * order's append time, as the orders topic uses LogAppendTime).
 */
final class OutputCounter implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Object lock = new Object();
    private long[] latencies = new long[1 << 16];
    private int count;
    private long firstSeenMs;
    private long lastSeenMs;

    OutputCounter(String bootstrap, List<String> topics) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-counter-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(topics);
        thread = new Thread(this::run, "bench-output-counter");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running.get()) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(50));
            if (records.isEmpty()) {
                continue;
            }
            long now = System.currentTimeMillis();
            synchronized (lock) {
                if (count == 0) {
                    firstSeenMs = now;
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    if (count == latencies.length) {
                        latencies = Arrays.copyOf(latencies, count * 2);
                    }
                    latencies[count++] = now - record.timestamp();
                }
                lastSeenMs = now;
                lock.notifyAll();
            }
        }
        consumer.close();
    }

    /** Blocks until {@code expected} records were seen. */
    void awaitCount(long expected, Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        synchronized (lock) {
            while (count < expected) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    throw new TimeoutException("saw " + count + " of " + expected + " records within " + timeout);
                }
                lock.wait(left);
            }
        }
    }

    int count() {
        synchronized (lock) {
            return count;
        }
    }

    /** Records per second between the first and the last poll that returned records. */
    double throughput() {
        synchronized (lock) {
            long span = Math.max(1, lastSeenMs - firstSeenMs);
            return count * 1000.0 / span;
        }
    }

    /** p50, p99 and max latency in ms over the records seen from index {@code from} on. */
    long[] latencyPercentiles(int from) {
        long[] sorted;
        synchronized (lock) {
            sorted = Arrays.copyOfRange(latencies, from, count);
        }
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            return new long[] {0, 0, 0};
        }
        return new long[] {
            sorted[(int) (sorted.length * 0.50)],
            sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))],
            sorted[sorted.length - 1]
        };
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
    }
}
