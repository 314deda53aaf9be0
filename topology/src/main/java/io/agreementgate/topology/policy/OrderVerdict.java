package io.agreementgate.topology.policy;

import io.agreementgate.schema.Evidence;
import io.agreementgate.schema.OrderRejectionCode;
import io.agreementgate.schema.OrderRejectionReason;
import java.util.List;

/** What the policy says of an order: approved (with evidence or an exemption) or rejected with every reason. */
public record OrderVerdict(List<Evidence> evidence, String exemption, List<OrderRejectionReason> reasons) {

    public OrderVerdict {
        evidence = List.copyOf(evidence);
        reasons = List.copyOf(reasons);
    }

    public static OrderVerdict approved(List<Evidence> evidence) {
        return new OrderVerdict(evidence, null, List.of());
    }

    public static OrderVerdict exempt(String why) {
        return new OrderVerdict(List.of(), why, List.of());
    }

    public static OrderVerdict rejected(List<OrderRejectionReason> reasons) {
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("a rejection needs at least one reason");
        }
        return new OrderVerdict(List.of(), null, reasons);
    }

    public boolean isApproved() {
        return reasons.isEmpty();
    }

    /** A well-formed order that only lacks an attestation may wait for one to arrive. */
    public boolean mayWaitForAttestation() {
        return !reasons.isEmpty() && reasons.stream().noneMatch(r -> r.getCode() == OrderRejectionCode.INVALID_ORDER);
    }
}
