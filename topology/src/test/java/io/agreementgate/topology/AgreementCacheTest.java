package io.agreementgate.topology;

import static io.agreementgate.testkit.Samples.anAttestation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agreementgate.schema.internal.CustomerAgreements;
import io.agreementgate.topology.policy.AgreementBook;
import org.junit.jupiter.api.Test;

/** The decoded states of all tasks within one heap budget, each task seeing only its own. */
class AgreementCacheTest {
    private final AgreementCache.Generation task = new AgreementCache.Generation();

    @Test
    void shouldKeepTheDecodedStatesWithinTheBudget() {
        int perState = AgreementCache.heapBytes(attested("cust-0000"));
        AgreementCache cache = new AgreementCache(100L * perState);

        for (int c = 0; c < 1_000; c++) {
            cache.put(task, attested(String.format("cust-%04d", c)));
        }

        assertThat(cache.weightedBytes()).isBetween(90L * perState, 100L * perState);
    }

    @Test
    void shouldAnswerFromMemoryWhatWasPut() {
        AgreementCache cache = new AgreementCache(1 << 20);
        CustomerAgreements state = attested("cust-1");

        cache.put(task, state);

        assertThat(cache.get(task, "cust-1")).isEqualTo(state);
    }

    @Test
    void shouldNotShowOneTasksStatesToAnother() {
        AgreementCache cache = new AgreementCache(1 << 20);
        cache.put(task, attested("cust-1"));

        assertThat(cache.get(new AgreementCache.Generation(), "cust-1")).isNull();
    }

    @Test
    void shouldForgetEverythingOfATaskAtOnce() {
        DecodedAgreements decoded = DecodedAgreements.builder("decoded", new AgreementCache(1 << 20))
                .build();
        decoded.put(attested("cust-1"));

        decoded.forgetAll();

        assertThat(decoded.get("cust-1")).isNull();
    }

    @Test
    void shouldShareOneBudgetBetweenTheTasksOfATopology() {
        int perState = AgreementCache.heapBytes(attested("cust-0000"));
        AgreementCache cache = new AgreementCache(10L * perState);
        var builder = DecodedAgreements.builder("decoded", cache);
        DecodedAgreements first = builder.build();
        DecodedAgreements second = builder.build();

        for (int c = 0; c < 100; c++) {
            first.put(attested(String.format("cust-%04d", c)));
            second.put(attested(String.format("cust-%04d", c + 100)));
        }

        assertThat(cache.weightedBytes()).isLessThanOrEqualTo(10L * perState);
    }

    @Test
    void shouldKeepOnePartnerIdForAllCustomersOfThePartner() {
        AgreementCache cache = new AgreementCache(1 << 20);
        cache.put(task, attestedBy("cust-1", 7));
        cache.put(task, attestedBy("cust-2", 7));

        assertThat(cache.get(task, "cust-1").getAttestations().get(0).getPartnerId())
                .isSameAs(cache.get(task, "cust-2").getAttestations().get(0).getPartnerId());
    }

    @Test
    void shouldKeepNothingWithABudgetOfZero() {
        AgreementCache cache = new AgreementCache(0);

        cache.put(task, attested("cust-1"));

        assertThat(cache.get(task, "cust-1")).isNull();
    }

    @Test
    void shouldWeighACustomerByItsPairs() {
        CustomerAgreements large = AgreementBook.empty("large");
        for (int p = 0; p < AgreementBook.MAX_PAIRS; p++) {
            large = AgreementBook.apply(
                            large,
                            anAttestation().customer("large").by("partner-" + p).build())
                    .orElseThrow();
        }

        assertThat(AgreementCache.heapBytes(large) - AgreementCache.heapBytes(AgreementBook.empty("large")))
                .isGreaterThan(AgreementBook.MAX_PAIRS * AgreementCache.PAIR_BYTES);
    }

    @Test
    void shouldRefuseANegativeBudget() {
        assertThatThrownBy(() -> new AgreementCache(-1)).hasMessageContaining("negative");
    }

    /** Each call makes a new partner id string, as decoding each customer's state does. */
    private static CustomerAgreements attestedBy(String customerId, int partner) {
        return AgreementBook.apply(
                        AgreementBook.empty(customerId),
                        anAttestation()
                                .customer(customerId)
                                .by("partner-" + partner)
                                .build())
                .orElseThrow();
    }

    private static CustomerAgreements attested(String customerId) {
        return AgreementBook.apply(
                        AgreementBook.empty(customerId),
                        anAttestation().customer(customerId).build())
                .orElseThrow();
    }
}
