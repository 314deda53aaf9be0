package io.agreementgate.topology.config;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.ApprovedOrder;
import io.agreementgate.schema.Order;
import io.agreementgate.schema.RejectedAttestation;
import io.agreementgate.schema.RejectedOrder;
import java.util.List;

/**
 * The catalogue of the gate's topics: the one place where a topic is paired with its setting, default name and value
 * type. The topology, the test driver, the console tools, the demo and the benchmarks all take their pairing from here.
 */
public final class GateTopics {
    public static final GateTopic<Order> ORDERS = new GateTopic<>("orders", "csp.orders", Order.class, "order", true);
    public static final GateTopic<AgreementAttestation> ATTESTATIONS = new GateTopic<>(
            "attestations", "csp.agreement-attestations", AgreementAttestation.class, "attestation", true);
    public static final GateTopic<ApprovedOrder> ORDERS_APPROVED =
            new GateTopic<>("orders-approved", "csp.orders.approved", ApprovedOrder.class, "approved-order", true);
    public static final GateTopic<RejectedOrder> ORDERS_REJECTED =
            new GateTopic<>("orders-rejected", "csp.orders.rejected", RejectedOrder.class, "rejected-order", true);
    public static final GateTopic<RejectedAttestation> ATTESTATIONS_REJECTED = new GateTopic<>(
            "attestations-rejected",
            "csp.agreement-attestations.rejected",
            RejectedAttestation.class,
            "rejected-attestation",
            true);
    /** Raw records the gate cannot decode, as they came, with Kafka Streams' error headers. */
    public static final GateTopic<byte[]> DEAD_LETTER =
            new GateTopic<>("dead-letter", "csp.dlq", byte[].class, null, false);

    /** Every topic, inputs first. */
    public static final List<GateTopic<?>> ALL =
            List.of(ORDERS, ATTESTATIONS, ORDERS_APPROVED, ORDERS_REJECTED, ATTESTATIONS_REJECTED, DEAD_LETTER);

    /** The topics the gate writes its decisions to. */
    public static final List<GateTopic<?>> DECISIONS = List.of(ORDERS_APPROVED, ORDERS_REJECTED, ATTESTATIONS_REJECTED);

    private GateTopics() {}
}
