package io.agreementgate.topology.policy;

import java.util.List;

/** A policy that does not validate: start-up must stop with this message. */
public final class InvalidPolicyException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public InvalidPolicyException(List<String> problems) {
        super("invalid agreement policy: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
