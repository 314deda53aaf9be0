package io.agreementgate.embedded;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/** Small helpers to pick free loopback ports and keep them in a properties file, so addresses survive restarts. */
final class PortFile {

    private PortFile() {}

    /** Reads the properties file, or returns empty properties if it does not exist. */
    static Properties load(Path file) throws IOException {
        Properties props = new Properties();
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(reader);
            }
        }
        return props;
    }

    /** Writes the properties atomically (temp file then rename), so a crash never leaves a half-written file. */
    static void store(Path file, Properties props, String comment) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer writer = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            props.store(writer, comment);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Returns the port stored under {@code key}, or, when absent, {@code fixedPort} if positive, or else a free
     * loopback port. A positive {@code fixedPort} always wins over a stored one.
     */
    static int resolve(Properties props, String key, int fixedPort) {
        if (fixedPort > 0) {
            return fixedPort;
        }
        String stored = props.getProperty(key);
        if (stored != null && !stored.isBlank()) {
            int port = Integer.parseInt(stored.trim());
            if (port > 0 && port < 65536) {
                return port;
            }
        }
        return freePort();
    }

    /** A currently free TCP port on 127.0.0.1. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on loopback", e);
        }
    }
}
