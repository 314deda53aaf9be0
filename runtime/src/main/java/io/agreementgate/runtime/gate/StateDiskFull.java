package io.agreementgate.runtime.gate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Tells a full state disk from other failures of a stream thread. RocksDB reports it as a RocksDBException "IO error:
 * No space left on device: While appending to file: ..." (the operating system's ENOSPC text) wrapped in Kafka
 * Streams' ProcessorStateException or StreamsException; a checkpoint or state-directory write reports it as an
 * IOException with the same words. Matched by those words, so the gate does not depend on RocksDB's classes. Such a
 * failure is not bad input and not transient on its own: it is reported once, clearly, until space is freed.
 */
final class StateDiskFull {
    private static final String ENOSPC = "no space left on device";

    private StateDiskFull() {}

    /** One line for the operator when {@code failure} is a full state disk, else empty. */
    static Optional<String> describe(Throwable failure, Path stateDir) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (isNoSpace(t)) {
                return Optional.of("the disk of the state directory " + stateDir + " is full (" + firstLine(t)
                        + "); free space there: the gate retries and resumes where it stopped");
            }
        }
        return Optional.empty();
    }

    /**
     * One line for the operator when the state directory's disk has less than {@code minimum} bytes free, else empty
     * (also when the space cannot be read: the thread's own failure will say why).
     */
    static Optional<String> lowSpace(Path stateDir, long minimum) {
        long usable;
        try {
            usable = Files.getFileStore(stateDir).getUsableSpace();
        } catch (IOException e) {
            return Optional.empty();
        }
        return usable >= minimum
                ? Optional.empty()
                : Optional.of("the disk of the state directory " + stateDir + " is full (" + usable
                        + " bytes free): the state stores cannot write their next flush; free space there: the gate"
                        + " goes on where it stopped");
    }

    private static boolean isNoSpace(Throwable t) {
        String message = t.getMessage();
        return message != null && message.toLowerCase(Locale.ROOT).contains(ENOSPC);
    }

    private static String firstLine(Throwable t) {
        String message = String.valueOf(t.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
