package io.agreementgate.embedded;

import io.agreementgate.spi.LocalCluster;
import io.agreementgate.spi.LocalClusterFactory;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * The embedded default as a service: named in {@code META-INF/services/io.agreementgate.spi.LocalClusterFactory}, so
 * the gate process finds it with {@link java.util.ServiceLoader} when lib/embedded/ is installed and never names it.
 */
public final class EmbeddedClusterFactory implements LocalClusterFactory {

    @Override
    public LocalCluster start(Path root, OptionalInt brokers) {
        return brokers.isPresent() ? EmbeddedCluster.start(root, brokers.getAsInt()) : EmbeddedCluster.start(root);
    }
}
