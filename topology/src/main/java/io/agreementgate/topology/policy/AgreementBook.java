package io.agreementgate.topology.policy;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.AttestationSource;
import io.agreementgate.schema.AttestationStatus;
import io.agreementgate.schema.internal.CustomerAgreements;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A customer's agreement state: the latest valid attestation per (partner, agreement type). Pure functions over the
 * stored {@link CustomerAgreements}; they never mutate their input.
 */
public final class AgreementBook {
    /** Who a customer-direct acceptance belongs to, in place of a partner id. */
    public static final String CUSTOMER_DIRECT = "CUSTOMER_DIRECT";

    private AgreementBook() {}

    public static CustomerAgreements empty(String customerId) {
        return new CustomerAgreements(customerId, List.of());
    }

    /**
     * Applies a valid attestation.
     *
     * @return the new state, or empty when the attestation changes nothing (a duplicate, an older one arriving late,
     *     or a withdrawal of something not on record).
     */
    public static Optional<CustomerAgreements> apply(CustomerAgreements current, AgreementAttestation attestation) {
        List<AgreementAttestation> attestations = new ArrayList<>(current.getAttestations());
        int index = indexOfSameSlot(attestations, attestation);
        AgreementAttestation existing = index < 0 ? null : attestations.get(index);
        if (existing != null && attestation.getRecordedAt().isBefore(existing.getRecordedAt())) {
            return Optional.empty(); // out of order: a newer confirmation or withdrawal is already on record
        }
        if (attestation.getStatus() == AttestationStatus.WITHDRAWN) {
            if (existing == null) {
                return Optional.empty();
            }
            attestations.remove(index);
        } else if (attestation.equals(existing)) {
            return Optional.empty(); // Partner Center treats a repeated confirmation as already done
        } else if (existing == null) {
            attestations.add(attestation);
        } else {
            attestations.set(index, attestation);
        }
        return Optional.of(new CustomerAgreements(current.getCustomerId(), List.copyOf(attestations)));
    }

    /** The partner an attestation speaks for, or {@link #CUSTOMER_DIRECT}. */
    public static String attestedBy(AgreementAttestation attestation) {
        return attestation.getSource() == AttestationSource.CUSTOMER_DIRECT
                ? CUSTOMER_DIRECT
                : attestation.getPartnerId();
    }

    private static int indexOfSameSlot(List<AgreementAttestation> attestations, AgreementAttestation candidate) {
        for (int i = 0; i < attestations.size(); i++) {
            AgreementAttestation a = attestations.get(i);
            if (a.getAgreementType() == candidate.getAgreementType()
                    && Objects.equals(attestedBy(a), attestedBy(candidate))) {
                return i;
            }
        }
        return -1;
    }
}
