package io.agreementgate.runtime.gate;

import io.agreementgate.spi.OwnerOnly;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A Kafka Streams state directory that this process holds: {@code <base>/instance-N}, the first N whose lock is free.
 *
 * <p>Kafka Streams refuses two instances on one state directory, yet several gate processes on one machine (a
 * scale-out or crash test) share a data dir. Each takes the first free slot, and a restarted gate gets its slot back,
 * with its local state, so it need not restore from the changelogs. The OS frees the lock of a killed process.
 */
final class StateDirectoryClaim implements AutoCloseable {
    private static final String LOCK_FILE = ".gate-instance.lock";
    private static final int MAX_INSTANCES = 64;

    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;

    private StateDirectoryClaim(Path directory, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    static StateDirectoryClaim claim(Path base) {
        for (int i = 0; i < MAX_INSTANCES; i++) {
            Path directory = base.resolve("instance-" + i);
            try {
                // Owner-only: the stores hold contact details of every customer.
                OwnerOnly.createDirectories(base);
                OwnerOnly.createDirectories(directory);
                FileChannel channel = FileChannel.open(
                        directory.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = tryLock(channel);
                if (lock != null) {
                    return new StateDirectoryClaim(directory, channel, lock);
                }
                channel.close();
            } catch (IOException e) {
                throw new StartupException("cannot use state directory " + directory + ": " + e.getMessage(), e);
            }
        }
        throw new StartupException("all " + MAX_INSTANCES + " state directories under " + base + " are in use");
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldByThisJvm) {
            return null;
        }
    }

    Path directory() {
        return directory;
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // The lock goes with the process anyway; nothing to do.
        }
    }
}
