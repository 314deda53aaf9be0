package io.agreementgate.topology;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which input topic-partitions have been reported as receiving misplaced records: one log line each, the first time,
 * not one per record (a misconfigured producer misplaces most of its records). Shared by every task of one built
 * topology, on any stream thread.
 */
final class MisplacementReports {
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    /** True only for the first call with this topic-partition. */
    boolean firstTime(String topic, int partition) {
        return reported.add(topic + "-" + partition);
    }
}
