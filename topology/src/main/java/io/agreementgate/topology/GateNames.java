package io.agreementgate.topology;

/**
 * Every processor, store and internal topic of the gate, named in one place. Internal topic and store names are part
 * of the gate's persistent state: renaming one loses its changelog, so change them only with a migration.
 */
public final class GateNames {
    private GateNames() {}

    public static final String ORDERS_SOURCE = "orders-source";
    public static final String ATTESTATIONS_SOURCE = "attestations-source";

    /**
     * Decides orders keyed by their customer on its partition; sends the others (keyed otherwise, or on another
     * partition), keyed by customer, to {@link #ORDERS_TO_REKEY}.
     */
    public static final String DECIDE_ORDERS = "decide-orders";
    /** Orders not keyed by their customer or not on its partition, on their way to the repartition topic. */
    public static final String ORDERS_TO_REKEY = "orders-to-rekey";
    /** Repartition topic {@code <application.id>-orders-by-customer-repartition}. */
    public static final String ORDERS_REPARTITION = "orders-by-customer";
    /** Decides the orders that came through the repartition topic. */
    public static final String DECIDE_REKEYED_ORDERS = "decide-rekeyed-orders";

    /**
     * Applies attestations on their customer's partition; sends one that is not there to {@link
     * #ATTESTATIONS_TO_REROUTE}.
     */
    public static final String APPLY_ATTESTATIONS = "apply-attestations";
    /** Attestations not on the partition Kafka's default placement gives their key, on their way to be moved there. */
    public static final String ATTESTATIONS_TO_REROUTE = "attestations-to-reroute";
    /** Repartition topic {@code <application.id>-attestations-by-customer-repartition}. */
    public static final String ATTESTATIONS_REPARTITION = "attestations-by-customer";
    /** Applies the attestations that came through the repartition topic. */
    public static final String APPLY_REROUTED_ATTESTATIONS = "apply-rerouted-attestations";

    /**
     * The branch of a processor's {@link #routes} for its approved orders ({@code <processor>-to-approved-orders}); its
     * sink is {@link #sink}.
     */
    public static final String APPROVED = "-approved-orders";

    public static final String REJECTED_ORDERS = "-rejected-orders";
    public static final String REJECTED_ATTESTATIONS = "-rejected-attestations";
    /** The branch of a processor on an input topic for the records it moves to their customer's partition. */
    public static final String REPARTITION = "-repartition";

    /** The split after a processor, one branch per kind of {@code Decision} it sends on. */
    public static String routes(String processor) {
        return processor + "-to";
    }

    /** The sink of one branch of a processor's routes: {@code <processor>-to-<kind>-sink}. */
    public static String sink(String processor, String branch) {
        return routes(processor) + branch + "-sink";
    }

    /** Customer id → {@code CustomerAgreements}: the latest valid attestation per (partner, agreement type). */
    public static final String AGREEMENTS_STORE = "customer-agreements";
    /**
     * Customer id → decoded {@code CustomerAgreements} of recently used customers: a per-task, in-memory, unlogged
     * cache of {@link #AGREEMENTS_STORE}.
     */
    public static final String DECODED_AGREEMENTS_STORE = "customer-agreements-decoded";
    /** Customer id → {@code WaitingOrders}: orders waiting for an attestation. */
    public static final String WAITING_STORE = "waiting-orders";
    /** Order id → decision time of its approval: an order id is approved at most once. */
    public static final String APPROVED_IDS_STORE = "approved-order-ids";

    /** Scope of the gate's own Kafka Streams metrics (group {@code stream-agreement-gate-metrics}). */
    public static final String METRICS_SCOPE = "agreement-gate";
}
