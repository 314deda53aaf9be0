package io.agreementgate.topology;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.ApprovedOrder;
import io.agreementgate.schema.Order;
import io.agreementgate.schema.RejectedAttestation;
import io.agreementgate.schema.RejectedOrder;

/**
 * What a processor of the gate sends on: a decision bound for one of the gate's output topics, or an input record that
 * must first move to its customer's partition. {@link GateTopology} routes each kind to its own named sink or
 * repartition topic.
 */
sealed interface Decision {
    /** To {@code csp.orders.approved}. */
    record Approved(ApprovedOrder order) implements Decision {}

    /** To {@code csp.orders.rejected}. */
    record OrderRejected(RejectedOrder rejection) implements Decision {}

    /** To {@code csp.agreement-attestations.rejected}. */
    record AttestationRejected(RejectedAttestation rejection) implements Decision {}

    /** An order keyed otherwise, or off its customer's partition: re-keyed by its customer, decided after the hop. */
    record OrderRerouted(Order order) implements Decision {}

    /** An attestation off its customer's partition: applied after the hop. */
    record AttestationRerouted(AgreementAttestation attestation) implements Decision {}
}
