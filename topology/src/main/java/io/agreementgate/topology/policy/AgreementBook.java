package io.agreementgate.topology.policy;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.AttestationSource;
import io.agreementgate.schema.AttestationStatus;
import io.agreementgate.schema.internal.AgreementOnRecord;
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
 * <p>The state keeps of each attestation only what decisions and evidence need ({@link AgreementOnRecord}: no contact
 * data, which stays in the attestation topic), and at most {@link #MAX_PAIRS} pairs and {@link #MAX_STATE_BYTES}
 * bytes per customer, so that its store record always fits what the broker accepts (see {@link #overBound}).
 *
 * <p>Pure functions over the stored {@link CustomerAgreements}; they never mutate their input.
 */
public final class AgreementBook {
    /** Who a customer-direct acceptance belongs to, in place of a partner id. */
    public static final String CUSTOMER_DIRECT = "CUSTOMER_DIRECT";

    /**
     * Pairs (acceptances and withdrawal markers) kept per customer. A customer has one to a few partners, each with at
     * most three agreement types; 500 pairs (over 160 partners with every type) is far above that. The state is one
     * record per customer, rewritten whole at each change: one read per order decision, and at this bound a record of
     * about 65 KB with usual ids, and at most about 16 MB of changelog writes for a customer filled to the bound (the
     * sum of its sizes, growing with the square of the pairs: 1,000 would be 65 MB). Storing per pair instead would
     * make every order decision a range scan (BENCHMARKS.md).
     */
    public static final int MAX_PAIRS = 500;

    /**
     * Upper bound on the encoded state of one customer: half of the producer's default {@code max.request.size}
     * (1 MiB), so that ids as long as the validators allow cannot push a store record (and its changelog record)
     * past what the broker accepts, whatever the count of pairs.
     */
    public static final int MAX_STATE_BYTES = 512 * 1024;

    private static final Comparator<AgreementOnRecord> BY_PAIR = Comparator.comparing(
                    (AgreementOnRecord a) -> attestedBy(a))
            .thenComparing(AgreementOnRecord::getAgreementType);

    private AgreementBook() {}

    public static CustomerAgreements empty(String customerId) {
        return new CustomerAgreements(customerId, List.of(), List.of());
    }

    /** What the state keeps of an attestation. */
    public static AgreementOnRecord onRecord(AgreementAttestation attestation) {
        return new AgreementOnRecord(
                attestation.getAttestationId(),
                attestation.getPartnerId(),
                attestation.getAgreementType(),
                attestation.getTemplateId(),
                attestation.getDateAgreed(),
                attestation.getRecordedAt(),
                attestation.getSource(),
                attestation.getStatus());
    }

    /**
     * Applies a valid attestation.
     *
     * @return the new state, or empty when the attestation changes nothing (a re-send, or an attestation older than
     *     the one on record for its pair, a withdrawal included). The new state may be over the bounds: see
     *     {@link #overBound}.
     */
    public static Optional<CustomerAgreements> apply(CustomerAgreements current, AgreementAttestation attestation) {
        AgreementOnRecord candidate = onRecord(attestation);
        Optional<AgreementOnRecord> onRecord = latestFor(current, candidate);
        if (onRecord.isPresent() && !supersedes(candidate, onRecord.get())) {
            return Optional.empty();
        }
        List<AgreementOnRecord> active = withoutPair(current.getAttestations(), candidate);
        List<AgreementOnRecord> withdrawn = withoutPair(current.getWithdrawals(), candidate);
        (candidate.getStatus() == AttestationStatus.WITHDRAWN ? withdrawn : active).add(candidate);
        active.sort(BY_PAIR);
        withdrawn.sort(BY_PAIR);
        return Optional.of(
                new CustomerAgreements(current.getCustomerId(), List.copyOf(active), List.copyOf(withdrawn)));
    }

    /**
     * Why a state may not be stored, naming the bound it exceeds, or empty when it fits. The attestation that would
     * make it is rejected instead ({@code INVALID_ATTESTATION}): the customer's state stays as it was, and every
     * other customer's records keep flowing.
     */
    public static Optional<String> overBound(CustomerAgreements current, CustomerAgreements state) {
        // Only growth is refused: a withdrawal or a replacement is always applied, even to a state that an earlier
        // version let grow past the bounds.
        int pairs = pairs(state);
        if (pairs > MAX_PAIRS && pairs > pairs(current)) {
            return Optional.of("customer " + state.getCustomerId() + " already has " + (pairs - 1)
                    + " (partner, agreement type) pairs on record; the gate keeps at most " + MAX_PAIRS
                    + " per customer");
        }
        long bytes = encodedSizeBound(state);
        if (bytes > MAX_STATE_BYTES && bytes > encodedSizeBound(current)) {
            return Optional.of("customer " + state.getCustomerId() + "'s agreement state would reach up to " + bytes
                    + " bytes with this attestation; the gate keeps at most " + MAX_STATE_BYTES + " per customer");
        }
        return Optional.empty();
    }

    private static int pairs(CustomerAgreements state) {
        return state.getAttestations().size() + state.getWithdrawals().size();
    }

    /** An upper bound on the Avro encoding: each UTF-16 char takes at most 3 bytes in UTF-8; numbers and tags 40. */
    static long encodedSizeBound(CustomerAgreements state) {
        long bytes = 16 + 3L * state.getCustomerId().length();
        for (AgreementOnRecord a : state.getAttestations()) {
            bytes += encodedSizeBound(a);
        }
        for (AgreementOnRecord a : state.getWithdrawals()) {
            bytes += encodedSizeBound(a);
        }
        return bytes;
    }

    private static long encodedSizeBound(AgreementOnRecord a) {
        return 40 + 3L * (a.getAttestationId().length() + length(a.getPartnerId()) + length(a.getTemplateId()));
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    /** The partner an attestation speaks for, or {@link #CUSTOMER_DIRECT}. */
    public static String attestedBy(AgreementAttestation attestation) {
        return attestation.getSource() == AttestationSource.CUSTOMER_DIRECT
                ? CUSTOMER_DIRECT
                : attestation.getPartnerId();
    }

    /** The partner an attestation on record speaks for, or {@link #CUSTOMER_DIRECT}. */
    public static String attestedBy(AgreementOnRecord attestation) {
        return attestation.getSource() == AttestationSource.CUSTOMER_DIRECT
                ? CUSTOMER_DIRECT
                : attestation.getPartnerId();
    }

    /** Whether {@code candidate} replaces {@code onRecord}, the latest attestation of the same pair. */
    static boolean supersedes(AgreementOnRecord candidate, AgreementOnRecord onRecord) {
        int byTime = candidate.getRecordedAt().compareTo(onRecord.getRecordedAt());
        if (byTime != 0) {
            return byTime > 0;
        }
        boolean candidateWithdraws = candidate.getStatus() == AttestationStatus.WITHDRAWN;
        boolean recordWithdraws = onRecord.getStatus() == AttestationStatus.WITHDRAWN;
        if (candidateWithdraws != recordWithdraws) {
            return candidateWithdraws;
        }
        // Same time, same status: the later arrival wins, but a re-sent identical one changes nothing (a re-send that
        // differs only in its contact data changes nothing the state keeps).
        return !candidate.equals(onRecord);
    }

    private static Optional<AgreementOnRecord> latestFor(CustomerAgreements state, AgreementOnRecord candidate) {
        for (AgreementOnRecord a : state.getAttestations()) {
            if (samePair(a, candidate)) {
                return Optional.of(a);
            }
        }
        for (AgreementOnRecord a : state.getWithdrawals()) {
            if (samePair(a, candidate)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    private static List<AgreementOnRecord> withoutPair(List<AgreementOnRecord> entries, AgreementOnRecord candidate) {
        List<AgreementOnRecord> rest = new ArrayList<>(entries.size() + 1);
        for (AgreementOnRecord a : entries) {
            if (!samePair(a, candidate)) {
                rest.add(a);
            }
        }
        return rest;
    }

    private static boolean samePair(AgreementOnRecord a, AgreementOnRecord b) {
        return a.getAgreementType() == b.getAgreementType() && Objects.equals(attestedBy(a), attestedBy(b));
    }
}
