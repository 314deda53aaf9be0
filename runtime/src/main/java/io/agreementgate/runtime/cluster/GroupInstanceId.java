package io.agreementgate.runtime.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The gate instance's static group membership id ({@code group.instance.id}), kept in its state directory.
 *
 * <p>A restarted instance that comes back with the same id takes its old place in the group at once, with its old
 * tasks, instead of waiting for the dead member's session to expire (about 46 s with Kafka's defaults). The id lives
 * next to the local state because it names that state's owner: a restart on the same state directory is the same
 * instance, another directory (another machine, another slot of a shared data dir) is another one.
 */
public final class GroupInstanceId {
    static final String FILE = "group-instance.id";
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    private GroupInstanceId() {}

    /** The id recorded in {@code stateDir}, or a new one ({@code <host>-<random>}) recorded there now. */
    public static String in(Path stateDir) {
        Path file = stateDir.resolve(FILE);
        try {
            if (Files.isRegularFile(file)) {
                String recorded = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (VALID.matcher(recorded).matches()) {
                    return recorded;
                }
            }
            String id = host() + "-" + UUID.randomUUID().toString().substring(0, 8);
            Files.createDirectories(stateDir);
            Path tmp = stateDir.resolve(FILE + ".tmp");
            Files.writeString(tmp, id + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the group instance id in " + file, e);
        }
    }

    private static String host() {
        try {
            String name = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
            String safe = name.replaceAll("[^a-z0-9.-]", "-");
            return safe.isEmpty() ? "gate" : safe.substring(0, Math.min(safe.length(), 60));
        } catch (UnknownHostException e) {
            return "gate";
        }
    }
}
