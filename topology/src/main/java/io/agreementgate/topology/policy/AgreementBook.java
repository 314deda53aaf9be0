package io.agreementgate.topology.policy;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.AttestationSource;
import io.agreementgate.schema.AttestationStatus;
import io.agreementgate.schema.internal.CustomerAgreements;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A customer's agreement state: per (partner, agreement type), the valid attestation with the greatest
 * {@code recordedAt}. A withdrawal that wins stays on record as a marker (in {@code withdrawals}), so that an older
 * confirmation arriving after it (a re-send, an outbox replay, reprocessing) cannot revive the pair.
 *
 * <p>The state is therefore a function of the set of attestations received, not of their arrival order. Ties on
 * {@code recordedAt} are broken by status first, a withdrawal winning over a confirmation (a compliance gate must fail
 * safe, and this keeps every decision independent of arrival order); between two of the same status, the later
 * arrival wins (a corrected re-send). Both lists are kept sorted by pair, so equal states are equal records.
 *
 * <p>Pure functions over the stored {@link CustomerAgreements}; they never mutate their input.
 */
public final class AgreementBook {
    /** Who a customer-direct acceptance belongs to, in place of a partner id. */
    public static final String CUSTOMER_DIRECT = "CUSTOMER_DIRECT";

    private static final Comparator<AgreementAttestation> BY_PAIR =
            Comparator.comparing(AgreementBook::attestedBy).thenComparing(AgreementAttestation::getAgreementType);

    private AgreementBook() {}

    public static CustomerAgreements empty(String customerId) {
        return new CustomerAgreements(customerId, List.of(), List.of());
    }

    /**
     * Applies a valid attestation.
     *
     * @return the new state, or empty when the attestation changes nothing (a re-send, or an attestation older than
     *     the one on record for its pair, a withdrawal included).
     */
    public static Optional<CustomerAgreements> apply(CustomerAgreements current, AgreementAttestation attestation) {
        Optional<AgreementAttestation> onRecord = latestFor(current, attestation);
        if (onRecord.isPresent() && !supersedes(attestation, onRecord.get())) {
            return Optional.empty();
        }
        List<AgreementAttestation> active = withoutPair(current.getAttestations(), attestation);
        List<AgreementAttestation> withdrawn = withoutPair(current.getWithdrawals(), attestation);
        (attestation.getStatus() == AttestationStatus.WITHDRAWN ? withdrawn : active).add(attestation);
        active.sort(BY_PAIR);
        withdrawn.sort(BY_PAIR);
        return Optional.of(
                new CustomerAgreements(current.getCustomerId(), List.copyOf(active), List.copyOf(withdrawn)));
    }

    /** The partner an attestation speaks for, or {@link #CUSTOMER_DIRECT}. */
    public static String attestedBy(AgreementAttestation attestation) {
        return attestation.getSource() == AttestationSource.CUSTOMER_DIRECT
                ? CUSTOMER_DIRECT
                : attestation.getPartnerId();
    }

    /** Whether {@code candidate} replaces {@code onRecord}, the latest attestation of the same pair. */
    static boolean supersedes(AgreementAttestation candidate, AgreementAttestation onRecord) {
        int byTime = candidate.getRecordedAt().compareTo(onRecord.getRecordedAt());
        if (byTime != 0) {
            return byTime > 0;
        }
        boolean candidateWithdraws = candidate.getStatus() == AttestationStatus.WITHDRAWN;
        boolean recordWithdraws = onRecord.getStatus() == AttestationStatus.WITHDRAWN;
        if (candidateWithdraws != recordWithdraws) {
            return candidateWithdraws;
        }
        // Same time, same status: the later arrival wins, but a re-sent identical one changes nothing.
        return !candidate.equals(onRecord);
    }

    private static Optional<AgreementAttestation> latestFor(CustomerAgreements state, AgreementAttestation candidate) {
        return state.getAttestations().stream()
                .filter(a -> samePair(a, candidate))
                .findFirst()
                .or(() -> state.getWithdrawals().stream()
                        .filter(a -> samePair(a, candidate))
                        .findFirst());
    }

    private static List<AgreementAttestation> withoutPair(
            List<AgreementAttestation> attestations, AgreementAttestation candidate) {
        List<AgreementAttestation> rest = new ArrayList<>(attestations);
        rest.removeIf(a -> samePair(a, candidate));
        return rest;
    }

    private static boolean samePair(AgreementAttestation a, AgreementAttestation b) {
        return a.getAgreementType() == b.getAgreementType() && Objects.equals(attestedBy(a), attestedBy(b));
    }
}
