package io.agreementgate.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.avro.Schema;

/**
 * The registry's state: global schema ids, per-subject versions (soft-deleted ones kept until deleted permanently),
 * compatibility levels. Every change is first written to the {@link RegistryJournal} and then applied by the same code
 * that replays the journal on open, so a restart rebuilds exactly what was acknowledged. All methods are synchronized:
 * changes are rare and cheap, reads are in-memory.
 */
final class SchemaStore implements Closeable {

    /** One version of a subject. */
    record SubjectVersion(String subject, int version, int id, String schema) {}

    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, Integer> idsByCanonical = new HashMap<>();
    private final TreeMap<String, RegistrySubject> subjects = new TreeMap<>();
    private RegistryCompatibility globalCompatibility = RegistryCompatibility.DEFAULT;
    private int maxId;
    private RegistryJournal journal;

    private SchemaStore() {}

    /** Opens (creating if needed) the journal and replays it. */
    static SchemaStore open(Path journalFile) throws IOException {
        SchemaStore store = new SchemaStore();
        store.journal = RegistryJournal.open(journalFile, store::apply);
        return store;
    }

    // ---- changes: validate, journal, apply ----

    /** Registers {@code schemaText} under {@code subject}, returning its global id (the existing one if known). */
    synchronized int register(String subject, String schemaText) throws RegistryError {
        Schema schema = RegistrySchemas.parseOrReject(schemaText);
        String canonical = schema.toString();
        Integer known = idsByCanonical.get(canonical);
        RegistrySubject current = subjects.get(subject);
        List<RegistrySubject.Version> live = current == null ? List.of() : current.versions(false);
        if (known != null && live.stream().anyMatch(v -> v.id() == known)) {
            return known;
        }
        List<String> problems = effectiveCompatibility(subject).problems(schema, schemasOf(live));
        if (!problems.isEmpty()) {
            throw RegistryError.incompatible("Schema being registered is incompatible with an earlier schema for "
                    + "subject \"" + subject + "\", details: " + problems);
        }
        int id = known != null ? known : maxId + 1;
        record(RegistryJournal.registration(subject, current == null ? 1 : current.nextVersion(), id, canonical));
        return id;
    }

    /** Deletes every version of {@code subject} and its compatibility level; returns the versions deleted. */
    synchronized List<Integer> deleteSubject(String subject, boolean permanent) throws RegistryError {
        RegistrySubject current = subjects.get(subject);
        List<Integer> deleted = new ArrayList<>();
        for (RegistrySubject.Version v : RegistrySubject.deletable(current, subject, permanent)) {
            record(RegistryJournal.deletion(subject, v.version(), permanent));
            deleted.add(v.version());
        }
        if (current.compatibility().isPresent()) {
            record(RegistryJournal.compatibility(subject, null));
        }
        return deleted;
    }

    /** Deletes one version ({@code -1}: the latest); a permanent delete needs a soft delete first. */
    synchronized int deleteVersion(String subject, int version, boolean permanent) throws RegistryError {
        RegistrySubject.Version found = RegistrySubject.deletable(subjects.get(subject), subject, version, permanent);
        record(RegistryJournal.deletion(subject, found.version(), permanent));
        return found.version();
    }

    /** Sets ({@code level} non-null) or removes a subject's level, or the global one when {@code subject} is null. */
    synchronized void setCompatibility(String subject, RegistryCompatibility level) throws RegistryError {
        record(RegistryJournal.compatibility(subject, level));
    }

    private void record(ObjectNode entry) throws RegistryError {
        journal.append(entry);
        apply(entry);
    }

    /** Applies one journal entry; entries without {@code op} are registrations (the journal's first format). */
    private void apply(JsonNode entry) {
        String op = entry.path("op").asText("register");
        JsonNode subjectNode = entry.get("subject");
        String subject = subjectNode == null || subjectNode.isNull() ? null : subjectNode.asText();
        switch (op) {
            case "register" -> {
                int id = entry.get("id").asInt();
                Schema schema = RegistrySchemas.parse(entry.get("schema").asText());
                schemasById.putIfAbsent(id, schema);
                idsByCanonical.putIfAbsent(schema.toString(), id);
                subjects.computeIfAbsent(subject, s -> new RegistrySubject())
                        .add(entry.get("version").asInt(), id);
                maxId = Math.max(maxId, id);
            }
            case "delete" -> {
                RegistrySubject current = subjects.get(subject);
                int version = entry.get("version").asInt();
                if (entry.get("permanent").asBoolean()) {
                    current.remove(version);
                } else {
                    current.softDelete(version);
                }
                dropIfEmpty(subject);
            }
            case "compatibility" -> {
                JsonNode levelNode = entry.get("compatibility");
                RegistryCompatibility level = levelNode == null || levelNode.isNull()
                        ? null
                        : RegistryCompatibility.valueOf(levelNode.asText());
                if (subject == null) {
                    globalCompatibility = level == null ? RegistryCompatibility.DEFAULT : level;
                } else {
                    subjects.computeIfAbsent(subject, s -> new RegistrySubject())
                            .compatibility(level);
                    dropIfEmpty(subject);
                }
            }
            default -> throw new IllegalStateException("unknown journal operation " + op);
        }
    }

    private void dropIfEmpty(String subject) {
        if (subjects.get(subject).isEmpty()) {
            subjects.remove(subject);
        }
    }

    // ---- reads ----

    /** The version of {@code subject} holding {@code schemaText}. */
    synchronized SubjectVersion lookup(String subject, String schemaText, boolean includeDeleted) throws RegistryError {
        RegistrySubject current = existing(subject, includeDeleted);
        Integer id =
                idsByCanonical.get(RegistrySchemas.parseOrReject(schemaText).toString());
        RegistrySubject.Version found = current.versions(includeDeleted).stream()
                .filter(v -> id != null && v.id() == id)
                .reduce((first, later) -> later)
                .orElseThrow(RegistryError::schemaNotFound);
        return subjectVersion(subject, found);
    }

    synchronized List<String> subjects(boolean includeDeleted) {
        return subjects.entrySet().stream()
                .filter(e -> !e.getValue().versions(includeDeleted).isEmpty())
                .map(Map.Entry::getKey)
                .toList();
    }

    synchronized List<Integer> versions(String subject, boolean includeDeleted) throws RegistryError {
        return existing(subject, includeDeleted).versions(includeDeleted).stream()
                .map(RegistrySubject.Version::version)
                .toList();
    }

    /** A version of a subject; {@code version} -1 means the latest. */
    synchronized SubjectVersion version(String subject, int version, boolean includeDeleted) throws RegistryError {
        RegistrySubject current = existing(subject, includeDeleted);
        Optional<RegistrySubject.Version> found = version == -1
                ? current.latest(includeDeleted)
                : current.find(version).filter(v -> includeDeleted || !v.deleted());
        return subjectVersion(subject, found.orElseThrow(() -> RegistryError.versionNotFound(version)));
    }

    synchronized Optional<String> schemaById(int id) {
        return Optional.ofNullable(schemasById.get(id)).map(Schema::toString);
    }

    /** The subject versions that use schema {@code id}. */
    synchronized List<SubjectVersion> usages(int id, boolean includeDeleted) throws RegistryError {
        if (!schemasById.containsKey(id)) {
            throw RegistryError.schemaNotFound(id);
        }
        List<SubjectVersion> usages = new ArrayList<>();
        subjects.forEach((subject, versions) -> versions.versions(includeDeleted).stream()
                .filter(v -> v.id() == id)
                .forEach(v -> usages.add(subjectVersion(subject, v))));
        return usages;
    }

    synchronized RegistryCompatibility globalCompatibility() {
        return globalCompatibility;
    }

    synchronized Optional<RegistryCompatibility> subjectCompatibility(String subject) {
        return Optional.ofNullable(subjects.get(subject)).flatMap(RegistrySubject::compatibility);
    }

    synchronized boolean subjectExists(String subject) {
        return subjects.containsKey(subject);
    }

    /**
     * Why {@code schemaText} may not be registered under {@code subject}: against {@code version} only (-1: the latest)
     * or, when {@code version} is null, against the versions the subject's level looks at. Empty when it may.
     */
    synchronized List<String> compatibilityProblems(String subject, Integer version, String schemaText)
            throws RegistryError {
        Schema candidate = RegistrySchemas.parseOrReject(schemaText);
        RegistrySubject current = subjects.get(subject);
        if (version == null) {
            List<RegistrySubject.Version> live = current == null ? List.of() : current.versions(false);
            return effectiveCompatibility(subject).problems(candidate, schemasOf(live));
        }
        SubjectVersion against = version(subject, version, false);
        return effectiveCompatibility(subject)
                .problems(
                        candidate,
                        List.of(new RegistryCompatibility.VersionedSchema(
                                against.version(), schemasById.get(against.id()))));
    }

    private RegistryCompatibility effectiveCompatibility(String subject) {
        return subjectCompatibility(subject).orElse(globalCompatibility);
    }

    private RegistrySubject existing(String subject, boolean includeDeleted) throws RegistryError {
        RegistrySubject current = subjects.get(subject);
        Predicate<RegistrySubject> visible =
                s -> includeDeleted ? !s.versions(true).isEmpty() : s.hasLiveVersions();
        if (current == null || !visible.test(current)) {
            throw RegistryError.subjectNotFound(subject);
        }
        return current;
    }

    private List<RegistryCompatibility.VersionedSchema> schemasOf(List<RegistrySubject.Version> versions) {
        return versions.stream()
                .map(v -> new RegistryCompatibility.VersionedSchema(v.version(), schemasById.get(v.id())))
                .toList();
    }

    private SubjectVersion subjectVersion(String subject, RegistrySubject.Version v) {
        return new SubjectVersion(
                subject, v.version(), v.id(), schemasById.get(v.id()).toString());
    }

    @Override
    public synchronized void close() throws IOException {
        journal.close();
    }
}
