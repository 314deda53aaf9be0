package io.agreementgate.topology;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Interner;
import io.agreementgate.schema.internal.AgreementOnRecord;
import io.agreementgate.schema.internal.CustomerAgreements;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Decoded agreement state of the customers most worth keeping, for every task of one gate topology together, within a
 * budget of heap bytes ({@code gate.state.cache.bytes}). An order whose customer is here reads neither RocksDB nor
 * Avro: about 0.1 µs instead of 2-5 µs (a RocksDB point read through JNI and a decode, measured in BENCHMARKS.md, "Flat
 * in customers"), which is the whole difference between ten thousand customers and a million once the budget holds
 * them all.
 *
 * <p>One budget for the process rather than a count per task: how many tasks a process holds changes with every
 * rebalance, and a customer filled towards {@code AgreementBook.MAX_PAIRS} weighs as much as hundreds of ordinary
 * ones. Caffeine's eviction (W-TinyLFU) keeps the customers that order often even while a one-off scan of others
 * passes through. Maintenance runs on the calling stream thread, not in a pool of its own.
 *
 * <p>Each task sees only its own entries: a key carries the {@link Generation} of the task's {@link
 * DecodedAgreements}, which a task replaces when it must forget what it decoded; the old generation's entries can no
 * longer be found and age out of the budget.
 *
 * <p>Partner and template ids are kept once for all customers (a distributor's customers share a few thousand partners;
 * templates are the policy's few): a quarter less heap per customer.
 */
final class AgreementCache {
    /**
     * Per entry, whatever the state: Caffeine's node and its map's, the key, the {@link CustomerAgreements} and its two
     * lists, on a 64-bit JVM with compressed references. Calibrated with the pair's figure below against the heap
     * 300,000 entries of the benchmark's customers took before their ids were shared (614 bytes each; 409 since), so
     * the estimate (543) stays above what an entry takes (BENCHMARKS.md, "Flat in customers").
     */
    static final int ENTRY_BYTES = 240;

    /**
     * Per pair on record: the {@link AgreementOnRecord}, its two instants and its slot in the list. Its attestation id
     * and partner id are counted besides (a partner id shared by many customers is counted for each: the estimate errs
     * on the safe side); its template id not: templates are the policy's few.
     */
    static final int PAIR_BYTES = 100;

    /**
     * A string's object and array headers. Each char is counted as one byte, as Java stores a Latin-1 string: ids are
     * ASCII in practice; an id of other characters takes up to twice its estimate.
     */
    static final int STRING_BYTES = 40;

    private final Cache<Key, CustomerAgreements> entries;
    private final Interner<String> ids = Interner.newWeakInterner();

    /** @param maxBytes heap the decoded states may take; 0 keeps none (every order reads the store) */
    AgreementCache(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("the decoded-state budget must not be negative, was " + maxBytes);
        }
        this.entries = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((Key key, CustomerAgreements state) -> heapBytes(state))
                .executor(Runnable::run)
                .build();
    }

    /** Who owns entries: one per task, replaced whenever the task must forget them. Compared by identity. */
    static final class Generation {
        /** Mixed into the keys' hashes, so that one customer's entries of several generations spread. */
        private final int salt = ThreadLocalRandom.current().nextInt();
    }

    /**
     * Written out rather than a record: a record's equals and hashCode go through method handles, which took a third of
     * the look-up (JFR); this runs for every order.
     */
    private static final class Key {
        private final Generation generation;
        private final String customerId;

        Key(Generation generation, String customerId) {
            this.generation = generation;
            this.customerId = customerId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.generation == generation && key.customerId.equals(customerId);
        }

        @Override
        public int hashCode() {
            return 31 * customerId.hashCode() + generation.salt;
        }
    }

    CustomerAgreements get(Generation generation, String customerId) {
        return entries.getIfPresent(new Key(generation, customerId));
    }

    void put(Generation generation, CustomerAgreements state) {
        entries.put(new Key(generation, state.getCustomerId()), sharingIds(state));
    }

    /** An equal state whose partner and template ids are the instances every other entry uses. */
    private CustomerAgreements sharingIds(CustomerAgreements state) {
        return new CustomerAgreements(
                state.getCustomerId(), sharingIds(state.getAttestations()), sharingIds(state.getWithdrawals()));
    }

    private List<AgreementOnRecord> sharingIds(List<AgreementOnRecord> pairs) {
        if (pairs.isEmpty()) {
            return List.of();
        }
        List<AgreementOnRecord> shared = new ArrayList<>(pairs.size());
        for (AgreementOnRecord a : pairs) {
            shared.add(new AgreementOnRecord(
                    a.getAttestationId(),
                    intern(a.getPartnerId()),
                    a.getAgreementType(),
                    intern(a.getTemplateId()),
                    a.getDateAgreed(),
                    a.getRecordedAt(),
                    a.getSource(),
                    a.getStatus()));
        }
        return List.copyOf(shared);
    }

    private String intern(String id) {
        return id == null ? null : ids.intern(id);
    }

    /** Estimated heap of all entries, including those of forgotten generations not yet evicted. */
    long weightedBytes() {
        entries.cleanUp();
        return entries.policy().eviction().orElseThrow().weightedSize().orElse(0);
    }

    /** An upper estimate of what a decoded state and its entry take on the heap. */
    static int heapBytes(CustomerAgreements state) {
        long bytes = ENTRY_BYTES + string(state.getCustomerId());
        for (AgreementOnRecord a : state.getAttestations()) {
            bytes += pair(a);
        }
        for (AgreementOnRecord a : state.getWithdrawals()) {
            bytes += pair(a);
        }
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }

    private static long pair(AgreementOnRecord a) {
        return PAIR_BYTES + string(a.getAttestationId()) + string(a.getPartnerId());
    }

    private static long string(String s) {
        return s == null ? 0 : STRING_BYTES + (long) s.length();
    }
}
