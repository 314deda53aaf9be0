package io.agreementgate.runtime.cluster;

import io.agreementgate.spi.LocalCluster;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the gate's Kafka cluster and schema registry are, and whether they are the embedded ones.
 *
 * @param owned the embedded cluster this process started (and must close), if any
 */
public record ClusterEndpoints(
        String bootstrapServers, String schemaRegistryUrl, Kind kind, Optional<LocalCluster> owned) {

    public enum Kind {
        /** Given by bootstrap.servers and schema.registry.url. */
        CONFIGURED,
        /** The embedded cluster, started by another process ({@code agreement-gate embedded} or another gate). */
        EMBEDDED_SHARED,
        /** The embedded cluster, started by this process. */
        EMBEDDED_IN_PROCESS
    }

    public ClusterEndpoints {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(schemaRegistryUrl, "schemaRegistryUrl");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(owned, "owned");
    }

    /** Stops the embedded cluster this process started, if any. */
    public void closeOwned() {
        owned.ifPresent(LocalCluster::close);
    }

    public boolean embedded() {
        return kind != Kind.CONFIGURED;
    }

    public String describe() {
        return switch (kind) {
            case CONFIGURED -> "configured";
            case EMBEDDED_SHARED -> "embedded, shared";
            case EMBEDDED_IN_PROCESS -> "embedded, in this process";
        };
    }
}
