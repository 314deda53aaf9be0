package io.agreementgate.topology;

import io.agreementgate.schema.ApprovedOrder;
import io.agreementgate.schema.RejectedAttestation;
import io.agreementgate.schema.RejectedOrder;

/** What the deciding processors emit; the topology routes each kind to its topic. Never serialized. */
sealed interface GateOutput {
    record Approved(ApprovedOrder value) implements GateOutput {}

    record OrderRejected(RejectedOrder value) implements GateOutput {}

    record AttestationRejected(RejectedAttestation value) implements GateOutput {}
}
