package io.agreementgate.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

/**
 * CPU time spent on a measured stretch, less sensitive than throughput to other load on the machine: the Kafka Streams
 * threads of one application (by thread name), this whole process (the application under test, its clients and the
 * output counter) and the broker's process.
 */
final class CpuMeter {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final String threadPrefix;
    private final ProcessHandle broker;
    private final long processStart;
    private final long brokerStart;
    private final long streamThreadsStart;

    /** CPU per decision in microseconds: the application's stream threads, this process, the broker process. */
    record PerDecision(double streamThreadUs, double processUs, double brokerUs) {
        PerDecision plus(PerDecision other) {
            return new PerDecision(
                    streamThreadUs + other.streamThreadUs, processUs + other.processUs, brokerUs + other.brokerUs);
        }

        PerDecision dividedBy(int n) {
            return new PerDecision(streamThreadUs / n, processUs / n, brokerUs / n);
        }

        @Override
        public String toString() {
            return String.format(
                    "CPU/decision: stream threads %.1f µs, process %.1f µs, broker %.1f µs",
                    streamThreadUs, processUs, brokerUs);
        }
    }

    /** Starts measuring; call before the application starts, so its stream threads' whole lives are counted. */
    CpuMeter(String applicationId, ProcessHandle broker) {
        this.threadPrefix = applicationId + "-";
        this.broker = broker;
        this.processStart = processCpuNanos();
        this.brokerStart = cpuNanos(broker);
        this.streamThreadsStart = streamThreadNanos();
    }

    /** Call while the application still runs: a stream thread's CPU time is gone once it ends. */
    PerDecision perDecision(long decisions) {
        double perDecision = 1000.0 * decisions;
        return new PerDecision(
                (streamThreadNanos() - streamThreadsStart) / perDecision,
                (processCpuNanos() - processStart) / perDecision,
                (cpuNanos(broker) - brokerStart) / perDecision);
    }

    /** Zero before the application starts; its stream threads' CPU so far when it runs (a stretch of its life). */
    private long streamThreadNanos() {
        long streamThreads = 0;
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null
                    && info.getThreadName().startsWith(threadPrefix)
                    && info.getThreadName().contains("-StreamThread-")) {
                streamThreads += Math.max(0, THREADS.getThreadCpuTime(info.getThreadId()));
            }
        }
        return streamThreads;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }
}
