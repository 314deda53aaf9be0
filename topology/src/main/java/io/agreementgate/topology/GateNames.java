package io.agreementgate.topology;

/** Names. */
public final class GateNames {
    private GateNames() {}

    public static final String X = "x";
}
