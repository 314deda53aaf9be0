package io.agreementgate.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One subject's versions (in version order, soft-deleted ones kept and flagged) and its own compatibility level. Not
 * thread-safe: {@link SchemaStore} guards it.
 */
final class RegistrySubject {

    /** A version of the subject and the global id of its schema. */
    record Version(int version, int id, boolean deleted) {}

    private final List<Version> versions = new ArrayList<>();
    private RegistryCompatibility compatibility;

    /**
     * The versions a subject delete removes, or Confluent's error: a soft delete needs live versions, a permanent one
     * needs them all soft-deleted first.
     */
    static List<Version> deletable(RegistrySubject subject, String name, boolean permanent) throws RegistryError {
        if (subject == null || subject.versions(true).isEmpty()) {
            throw RegistryError.subjectNotFound(name);
        }
        if (permanent && subject.hasLiveVersions()) {
            throw RegistryError.subjectNotSoftDeleted(name);
        }
        if (!permanent && !subject.hasLiveVersions()) {
            throw RegistryError.subjectSoftDeleted(name);
        }
        return subject.versions(permanent);
    }

    /** The version ({@code -1}: the latest) a version delete removes, or Confluent's error, as for a subject. */
    static Version deletable(RegistrySubject subject, String name, int version, boolean permanent)
            throws RegistryError {
        if (subject == null
                || (!subject.hasLiveVersions()
                        && (!permanent || subject.versions(true).isEmpty()))) {
            throw RegistryError.subjectNotFound(name);
        }
        Version found = (version == -1 ? subject.latest(permanent) : subject.find(version))
                .orElseThrow(() -> RegistryError.versionNotFound(version));
        if (!permanent && found.deleted()) {
            throw RegistryError.versionSoftDeleted(name, found.version());
        }
        if (permanent && !found.deleted()) {
            throw RegistryError.versionNotSoftDeleted(name, found.version());
        }
        return found;
    }

    List<Version> versions(boolean includeDeleted) {
        return versions.stream().filter(v -> includeDeleted || !v.deleted()).toList();
    }

    boolean hasLiveVersions() {
        return versions.stream().anyMatch(v -> !v.deleted());
    }

    boolean isEmpty() {
        return versions.isEmpty() && compatibility == null;
    }

    /** Version numbers are never reused, even after a soft delete, as Confluent does. */
    int nextVersion() {
        return versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1;
    }

    Optional<Version> find(int version) {
        return versions.stream().filter(v -> v.version() == version).findFirst();
    }

    /** The latest version, among the live ones unless {@code includeDeleted}. */
    Optional<Version> latest(boolean includeDeleted) {
        List<Version> candidates = versions(includeDeleted);
        return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(candidates.size() - 1));
    }

    void add(int version, int id) {
        if (version < nextVersion()) {
            throw new IllegalStateException("version " + version + " is not after " + (nextVersion() - 1));
        }
        versions.add(new Version(version, id, false));
    }

    void softDelete(int version) {
        versions.replaceAll(v -> v.version() == version ? new Version(version, v.id(), true) : v);
    }

    void remove(int version) {
        versions.removeIf(v -> v.version() == version);
    }

    Optional<RegistryCompatibility> compatibility() {
        return Optional.ofNullable(compatibility);
    }

    void compatibility(RegistryCompatibility level) {
        this.compatibility = level;
    }
}
