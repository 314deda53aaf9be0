package io.agreementgate.spi;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.ServiceLoader;

/**
 * Starts a {@link LocalCluster}: the embedded default. The gate process knows only this interface; the embedded module
 * implements it and names its implementation in {@code META-INF/services}, so the gate reaches the broker classes only
 * when the embedded default is asked for, and an install without them (the Docker image) runs on a real cluster
 * without ever loading one.
 */
public interface LocalClusterFactory {

    /**
     * Starts the cluster under {@code root}: {@code brokers} Kafka nodes, or when empty as many as {@code root} holds
     * (one for a new folder).
     *
     * @throws IllegalStateException when {@code root} holds a cluster of another size
     */
    LocalCluster start(Path root, OptionalInt brokers);

    /** The implementation on the class path, if one is installed. */
    static Optional<LocalClusterFactory> installed(ClassLoader loader) {
        return ServiceLoader.load(LocalClusterFactory.class, loader).findFirst();
    }
}
