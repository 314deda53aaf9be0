package io.agreementgate.topology.config;

import java.util.List;
import java.util.Objects;

/** The gate's topic names. Every name is configurable; the defaults are the spec's. */
public record Topics(
        String orders,
        String attestations,
        String approvedOrders,
        String rejectedOrders,
        String rejectedAttestations,
        String deadLetter) {

    public static final Topics DEFAULTS = new Topics(
            "csp.orders",
            "csp.agreement-attestations",
            "csp.orders.approved",
            "csp.orders.rejected",
            "csp.agreement-attestations.rejected",
            "csp.dlq");

    public Topics {
        for (String name : List.of(orders, attestations, approvedOrders, rejectedOrders, rejectedAttestations)) {
            if (Objects.requireNonNull(name, "topic name").isBlank()) {
                throw new IllegalArgumentException("topic names must not be blank");
            }
        }
        Objects.requireNonNull(deadLetter, "deadLetter");
    }

    /** Topics keyed by customer id; they must share one partition count (co-partitioning). */
    public List<String> customerKeyed() {
        return List.of(orders, attestations, approvedOrders, rejectedOrders, rejectedAttestations);
    }

    public List<String> all() {
        return List.of(orders, attestations, approvedOrders, rejectedOrders, rejectedAttestations, deadLetter);
    }
}
