package io.agreementgate.topology;

import io.agreementgate.schema.ApprovedOrder;
import io.agreementgate.schema.RejectedAttestation;
import io.agreementgate.schema.RejectedOrder;

/**
 * A decision the deciding processors emit, carrying the record it publishes; the topology routes each kind to its
 * topic. Never serialized.
 */
sealed interface Decision<V> {
    V value();

    record Approved(ApprovedOrder value) implements Decision<ApprovedOrder> {}

    record OrderRejected(RejectedOrder value) implements Decision<RejectedOrder> {}

    record AttestationRejected(RejectedAttestation value) implements Decision<RejectedAttestation> {}
}
