package io.agreementgate.topology;

/**
 * Every processor, store and internal topic of the gate, named in one place. Internal topic and store names are part
 * of the gate's persistent state: renaming one loses its changelog, so change them only with a migration.
 */
public final class GateNames {
    private GateNames() {}

    public static final String ORDERS_SOURCE = "orders-source";
    public static final String ATTESTATIONS_SOURCE = "attestations-source";

    public static final String ORDERS_BY_KEY = "orders-by-key";
    public static final String KEYED_BY_CUSTOMER = "-keyed-by-customer";
    public static final String NEEDS_REKEY = "-needs-rekey";
    public static final String ORDERS_SELECT_CUSTOMER_KEY = "orders-select-customer-key";
    /** Repartition topic {@code <application.id>-orders-by-customer-repartition}. */
    public static final String ORDERS_REPARTITION = "orders-by-customer";

    public static final String ORDERS_MERGE = "orders-merge";

    public static final String DECIDE_ORDERS = "decide-orders";
    public static final String APPLY_ATTESTATIONS = "apply-attestations";

    /** The deciding processors forward each decision to one of these by name. */
    public static final String APPROVED_SINK = "approved-orders-sink";

    public static final String REJECTED_ORDERS_SINK = "rejected-orders-sink";
    public static final String REJECTED_ATTESTATIONS_SINK = "rejected-attestations-sink";

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
