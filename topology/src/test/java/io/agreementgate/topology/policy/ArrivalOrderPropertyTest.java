package io.agreementgate.topology.policy;

import static io.agreementgate.topology.TestData.CUSTOMER;
import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.Order;
import io.agreementgate.schema.internal.CustomerAgreements;
import io.agreementgate.topology.AttestationHistory;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The spec: "The state depends on which attestations arrived, never on their arrival order." Seeded random histories
 * of confirmations, withdrawals and re-sends, each applied in many arrival orders, must give one state, the one the
 * rule defines, and the same verdict for every order.
 */
class ArrivalOrderPropertyTest {
    private static final int HISTORIES = 400;
    private static final int ARRIVAL_ORDERS = 25;

    private final OrderRules rules = new OrderRules(Policy.DEFAULTS);

    static Stream<Long> seeds() {
        return LongStream.rangeClosed(1, HISTORIES).boxed();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shouldReachTheSameStateAndVerdictsWhateverTheArrivalOrder(long seed) {
        AttestationHistory history = AttestationHistory.random(seed, 8);
        CustomerAgreements reference = applyAll(history.attestations());
        Random random = new Random(seed);

        assertThat(reference.getAttestations())
                .as("acceptances of %s", history)
                .containsExactlyElementsOf(history.expectedAcceptances());
        for (int i = 0; i < ARRIVAL_ORDERS; i++) {
            List<AgreementAttestation> arrival = history.shuffled(random);
            CustomerAgreements state = applyAll(arrival);

            assertThat(state).as("state after arrival order %s", ids(arrival)).isEqualTo(reference);
            for (Order order : AttestationHistory.probeOrders()) {
                assertThat(rules.decide(order, state.getAttestations()))
                        .as("verdict on %s after arrival order %s", order.getOrderId(), ids(arrival))
                        .isEqualTo(rules.decide(order, reference.getAttestations()));
            }
        }
    }

    private static CustomerAgreements applyAll(List<AgreementAttestation> arrival) {
        CustomerAgreements state = AgreementBook.empty(CUSTOMER);
        for (AgreementAttestation a : arrival) {
            state = AgreementBook.apply(state, a).orElse(state);
        }
        return state;
    }

    private static List<String> ids(List<AgreementAttestation> attestations) {
        return attestations.stream().map(AgreementAttestation::getAttestationId).toList();
    }
}
