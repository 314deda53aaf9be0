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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaParseException;

/**
 * The registry's state: global schema ids, per-subject versions, BACKWARD compatibility; every registration is
 * appended as one JSON line to a journal, fsync'd before it is acknowledged, and replayed on open. All methods are
 * synchronized: registrations are rare and cheap, reads are in-memory.
 */
final class SchemaStore implements Closeable {

    static final String COMPATIBILITY = "BACKWARD";

    /** One version of a subject. */
    record SubjectVersion(String subject, int version, int id, String schema) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, Integer> idsByCanonical = new HashMap<>();
    private final TreeMap<String, List<Integer>> idsBySubject = new TreeMap<>();
    private final FileChannel journal;
    private int maxId;

    private SchemaStore(FileChannel journal) {
        this.journal = journal;
    }

    /** Opens (creating if needed) the journal and replays it. A torn last line from a crash is dropped. */
    static SchemaStore open(Path journalFile) throws IOException {
        Files.createDirectories(journalFile.toAbsolutePath().getParent());
        FileChannel channel = FileChannel.open(
                journalFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        SchemaStore store = new SchemaStore(channel);
        try {
            store.replay(journalFile);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return store;
    }

    private void replay(Path journalFile) throws IOException {
        byte[] bytes = Files.readAllBytes(journalFile);
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
                apply(JSON.readTree(line));
            } catch (IOException | RuntimeException e) {
                throw new IOException("Corrupt schema journal " + journalFile + " at line " + lineNumber, e);
            }
        }
        // Anything after the last newline is a record whose write did not complete: drop it.
        journal.truncate(lineStart);
        journal.position(lineStart);
    }

    private void apply(JsonNode entry) {
        String subject = entry.get("subject").asText();
        int version = entry.get("version").asInt();
        int id = entry.get("id").asInt();
        Schema schema = parse(entry.get("schema").asText());
        schemasById.putIfAbsent(id, schema);
        idsByCanonical.putIfAbsent(schema.toString(), id);
        List<Integer> versions = idsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        if (version != versions.size() + 1) {
            throw new IllegalStateException(
                    "Subject " + subject + ": expected version " + (versions.size() + 1) + " but found " + version);
        }
        versions.add(id);
        maxId = Math.max(maxId, id);
    }

    /** Registers {@code schemaText} under {@code subject}, returning its global id (existing one if known). */
    synchronized int register(String subject, String schemaText) throws RegistryError {
        Schema schema = parseOrReject(schemaText);
        String canonical = schema.toString();
        List<Integer> versions = idsBySubject.getOrDefault(subject, List.of());
        Integer known = idsByCanonical.get(canonical);
        if (known != null && versions.contains(known)) {
            return known;
        }
        if (!versions.isEmpty()) {
            int latestVersion = versions.size();
            checkBackward(subject, schema, latestVersion, schemasById.get(versions.get(latestVersion - 1)));
        }
        int id = known != null ? known : maxId + 1;
        int version = versions.size() + 1;
        append(subject, version, id, canonical);
        schemasById.putIfAbsent(id, schema);
        idsByCanonical.putIfAbsent(canonical, id);
        idsBySubject.computeIfAbsent(subject, s -> new ArrayList<>()).add(id);
        maxId = Math.max(maxId, id);
        return id;
    }

    /** The version of {@code subject} holding {@code schemaText}. */
    synchronized SubjectVersion lookup(String subject, String schemaText) throws RegistryError {
        List<Integer> versions = idsBySubject.get(subject);
        if (versions == null) {
            throw RegistryError.subjectNotFound(subject);
        }
        Schema schema = parseOrReject(schemaText);
        Integer id = idsByCanonical.get(schema.toString());
        int index = id == null ? -1 : versions.indexOf(id);
        if (index < 0) {
            throw RegistryError.schemaNotFound("Schema not found");
        }
        return new SubjectVersion(subject, index + 1, id, schemasById.get(id).toString());
    }

    synchronized Optional<String> schemaById(int id) {
        return Optional.ofNullable(schemasById.get(id)).map(Schema::toString);
    }

    synchronized List<String> subjects() {
        return List.copyOf(idsBySubject.keySet());
    }

    synchronized List<Integer> versions(String subject) throws RegistryError {
        List<Integer> versions = idsBySubject.get(subject);
        if (versions == null) {
            throw RegistryError.subjectNotFound(subject);
        }
        List<Integer> numbers = new ArrayList<>(versions.size());
        for (int v = 1; v <= versions.size(); v++) {
            numbers.add(v);
        }
        return numbers;
    }

    /** A version of a subject; {@code version} -1 means the latest. */
    synchronized SubjectVersion version(String subject, int version) throws RegistryError {
        List<Integer> versions = idsBySubject.get(subject);
        if (versions == null) {
            throw RegistryError.subjectNotFound(subject);
        }
        int resolved = version == -1 ? versions.size() : version;
        if (resolved < 1 || resolved > versions.size()) {
            throw RegistryError.versionNotFound(version);
        }
        int id = versions.get(resolved - 1);
        return new SubjectVersion(subject, resolved, id, schemasById.get(id).toString());
    }

    private static void checkBackward(String subject, Schema candidate, int latestVersion, Schema latest)
            throws RegistryError {
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(candidate, latest);
        if (result.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        String details = result.getResult().getIncompatibilities().stream()
                .map(i -> "{errorType:'" + i.getType() + "', description:'" + i.getMessage() + "', location:'"
                        + i.getLocation() + "'}")
                .collect(Collectors.joining(", "));
        throw RegistryError.incompatible("Schema being registered is incompatible with an earlier schema for subject \""
                + subject + "\", details: [" + details + ", {oldSchemaVersion: " + latestVersion
                + "}, {compatibility: '" + COMPATIBILITY + "'}]");
    }

    private void append(String subject, int version, int id, String canonical) throws RegistryError {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("subject", subject);
        entry.put("version", version);
        entry.put("id", id);
        entry.put("schema", canonical);
        try {
            byte[] line = (JSON.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                journal.write(buffer);
            }
            journal.force(true);
        } catch (IOException e) {
            throw RegistryError.storeError(e.getMessage());
        }
    }

    private static Schema parseOrReject(String schemaText) throws RegistryError {
        if (schemaText == null || schemaText.isBlank()) {
            throw RegistryError.invalidSchema("Empty schema");
        }
        try {
            return parse(schemaText);
        } catch (SchemaParseException | org.apache.avro.AvroTypeException e) {
            throw RegistryError.invalidSchema("Invalid schema: " + e.getMessage());
        } catch (RuntimeException e) {
            throw RegistryError.invalidSchema("Invalid schema: " + e);
        }
    }

    private static Schema parse(String schemaText) {
        return new Schema.Parser().parse(schemaText);
    }

    @Override
    public synchronized void close() throws IOException {
        journal.close();
    }
}
