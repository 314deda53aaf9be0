package io.agreementgate.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * The registry's change log: one JSON object per line, fsync'd before the change is acknowledged, replayed in order on
 * open. A torn last line (a crash mid-write) is dropped; any other unreadable line stops the open, since skipping it
 * would silently renumber ids and versions.
 */
final class RegistryJournal implements Closeable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final FileChannel channel;

    /** A schema registered as a new version of a subject (entries without "op": the journal's first format). */
    static ObjectNode registration(String subject, int version, int id, String canonicalSchema) {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("subject", subject);
        entry.put("version", version);
        entry.put("id", id);
        entry.put("schema", canonicalSchema);
        return entry;
    }

    static ObjectNode deletion(String subject, int version, boolean permanent) {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("op", "delete");
        entry.put("subject", subject);
        entry.put("version", version);
        entry.put("permanent", permanent);
        return entry;
    }

    /** A subject's level set or removed ({@code level} null), or the global one ({@code subject} null). */
    static ObjectNode compatibility(String subject, RegistryCompatibility level) {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("op", "compatibility");
        entry.put("subject", subject);
        entry.put("compatibility", level == null ? null : level.name());
        return entry;
    }

    private RegistryJournal(FileChannel channel) {
        this.channel = channel;
    }

    static RegistryJournal open(Path file, Consumer<JsonNode> replay) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        FileChannel channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            replay(file, channel, replay);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return new RegistryJournal(channel);
    }

    private static void replay(Path file, FileChannel channel, Consumer<JsonNode> replay) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int lineStart = 0;
        int lineNumber = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            lineNumber++;
            String line = new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8);
            lineStart = i + 1;
            if (line.isBlank()) {
                continue;
            }
            try {
                replay.accept(JSON.readTree(line));
            } catch (IOException | RuntimeException e) {
                throw new IOException("Corrupt schema journal " + file + " at line " + lineNumber, e);
            }
        }
        channel.truncate(lineStart);
        channel.position(lineStart);
    }

    void append(ObjectNode entry) throws RegistryError {
        try {
            byte[] line = (JSON.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException e) {
            throw RegistryError.storeError("cannot write the schema journal: " + e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
