package io.agreementgate.runtime.cluster;

import java.util.Optional;

/** The customer-keyed topics' partition count differs from the one the gate's state was built with. */
public final class PartitionLayoutChangedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PartitionLayoutChangedException(String line) {
        super(line);
    }

    /** This exception among the causes of {@code e}, as Kafka Streams wraps what a processor throws. */
    public static Optional<PartitionLayoutChangedException> in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PartitionLayoutChangedException changed) {
                return Optional.of(changed);
            }
        }
        return Optional.empty();
    }
}
