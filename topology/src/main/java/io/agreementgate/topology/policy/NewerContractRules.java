package io.agreementgate.topology.policy;

import io.agreementgate.schema.AttestationRejectionCode;
import io.agreementgate.schema.AttestationRejectionReason;
import io.agreementgate.schema.OrderRejectionCode;
import io.agreementgate.schema.OrderRejectionReason;
import io.agreementgate.serde.ContractHeaders.UnknownSymbol;
import java.util.ArrayList;
import java.util.List;

/**
 * What the gate decides about enum symbols of a newer contract that it does not know (the deserializer reads them as
 * the reader's default; the gate never decides on a default's meaning): an order carrying one is INVALID_ORDER and
 * nothing else is checked; an attestation with an unknown agreement type or source is INVALID_ATTESTATION and changes
 * nothing; an unknown attestation status reads as WITHDRAWN, the fail-safe reading.
 */
public final class NewerContractRules {
    /** The attestation field whose unknown symbols read as WITHDRAWN instead of rejecting the attestation. */
    public static final String ATTESTATION_STATUS = "status";

    private NewerContractRules() {}

    /** @return one INVALID_ORDER reason per unknown symbol, empty when there is none. */
    public static List<OrderRejectionReason> orderReasons(List<UnknownSymbol> unknown) {
        List<OrderRejectionReason> reasons = new ArrayList<>(unknown.size());
        for (UnknownSymbol symbol : unknown) {
            reasons.add(new OrderRejectionReason(OrderRejectionCode.INVALID_ORDER, message("order", symbol)));
        }
        return List.copyOf(reasons);
    }

    /** @return one INVALID_ATTESTATION reason per unknown symbol other than a status, empty when there is none. */
    public static List<AttestationRejectionReason> attestationReasons(List<UnknownSymbol> unknown) {
        List<AttestationRejectionReason> reasons = new ArrayList<>(0);
        for (UnknownSymbol symbol : unknown) {
            if (!symbol.field().equals(ATTESTATION_STATUS)) {
                reasons.add(new AttestationRejectionReason(
                        AttestationRejectionCode.INVALID_ATTESTATION, message("attestation", symbol)));
            }
        }
        return List.copyOf(reasons);
    }

    /** Whether an attestation's status was a symbol the gate does not know, which then counts as WITHDRAWN. */
    public static boolean statusUnknown(List<UnknownSymbol> unknown) {
        for (UnknownSymbol symbol : unknown) {
            if (symbol.field().equals(ATTESTATION_STATUS)) {
                return true;
            }
        }
        return false;
    }

    private static String message(String record, UnknownSymbol symbol) {
        return symbol.field() + " '" + symbol.symbol() + "' is not a symbol this gate knows (the " + record
                + " was written with a newer version of the contract); the gate does not guess what it means. Send the "
                + record
                + " with a symbol of the gate's contract, or have the gate upgraded to the new contract first.";
    }
}
