package io.agreementgate.topology.policy;

import static io.agreementgate.testkit.Samples.CUSTOMER;
import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.Order;
import io.agreementgate.schema.internal.CustomerAgreements;
import io.agreementgate.topology.AttestationHistory;
import io.agreementgate.topology.Placement;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The spec: "The state depends on which attestations arrived, never on their arrival order." Seeded random histories
 * of confirmations, withdrawals and re-sends, each applied in many arrival orders, must give one state, the one the
 * rule defines, and the same verdict for every order.
 *
 * <p>And "a decision never depends on which client wrote a record or on which partition": the same histories written
 * by a random client per record (Kafka's Java producer, librdkafka's CRC32 default, a producer picking any partition)
 * onto a few partitions, delivered by a model of the gate's tasks (each task takes the head of any of its input
 * partitions or its repartition partition, in any interleaving) that routes with the gate's own {@link Placement}:
 * the customer's state ends whole on its home task, equal to the reference, and nowhere else.
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

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shouldReachTheSameStateAndVerdictsWhicheverClientPlacedEachAttestation(long seed) {
        AttestationHistory history = AttestationHistory.random(seed, 8);
        CustomerAgreements reference = applyAll(history.attestations());
        Random random = new Random(seed);
        int partitions = 2 + random.nextInt(5);
        int home = Placement.home(CUSTOMER, partitions);

        for (int i = 0; i < ARRIVAL_ORDERS; i++) {
            CustomerAgreements[] tasks = deliver(history.shuffled(random), partitions, random, true);

            for (int task = 0; task < partitions; task++) {
                if (task == home) {
                    assertThat(tasks[task])
                            .as("home task %d of %d", task, partitions)
                            .isEqualTo(reference);
                } else {
                    assertThat(tasks[task])
                            .as("task %d of %d", task, partitions)
                            .isNull();
                }
            }
            for (Order order : AttestationHistory.probeOrders()) {
                // An order is routed the same way, so it is decided on the home task's state.
                assertThat(rules.decide(order, tasks[home].getAttestations()))
                        .as("verdict on %s", order.getOrderId())
                        .isEqualTo(rules.decide(order, reference.getAttestations()));
            }
        }
    }

    /** The model above can tell: without re-routing, some histories leave a customer's state split between tasks. */
    @org.junit.jupiter.api.Test
    void shouldSplitSomeCustomersStateWithoutRerouting() {
        long split = seeds().filter(seed -> {
                    AttestationHistory history = AttestationHistory.random(seed, 8);
                    Random random = new Random(seed);
                    int partitions = 2 + random.nextInt(5);
                    CustomerAgreements[] tasks = deliver(history.shuffled(random), partitions, random, false);
                    return !applyAll(history.attestations()).equals(tasks[Placement.home(CUSTOMER, partitions)]);
                })
                .count();

        assertThat(split).isPositive();
    }

    /** Kafka clients' placements of a keyed record, or a producer choosing the partition itself. */
    private enum Client {
        JAVA,
        LIBRDKAFKA_CRC32,
        ANY_PARTITION;

        int partition(String key, int partitions, Random random) {
            byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
            return switch (this) {
                case JAVA -> BuiltInPartitioner.partitionForKey(bytes, partitions);
                case LIBRDKAFKA_CRC32 -> {
                    CRC32 crc = new CRC32();
                    crc.update(bytes);
                    yield (int) (crc.getValue() % partitions);
                }
                case ANY_PARTITION -> random.nextInt(partitions);
            };
        }
    }

    /**
     * Writes each attestation with a random client, then lets the tasks take records from the heads of their input and
     * repartition partitions in a random interleaving; returns each task's state of the customer (null: none).
     */
    private static CustomerAgreements[] deliver(
            List<AgreementAttestation> written, int partitions, Random random, boolean reroute) {
        Placement placement = new Placement(partitions);
        List<Deque<AgreementAttestation>> inputs = new ArrayList<>();
        List<Deque<AgreementAttestation>> repartition = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            inputs.add(new ArrayDeque<>());
            repartition.add(new ArrayDeque<>());
        }
        for (AgreementAttestation a : written) {
            Client client = Client.values()[random.nextInt(Client.values().length)];
            inputs.get(client.partition(CUSTOMER, partitions, random)).add(a);
        }
        CustomerAgreements[] tasks = new CustomerAgreements[partitions];
        while (inputs.stream().anyMatch(q -> !q.isEmpty())
                || repartition.stream().anyMatch(q -> !q.isEmpty())) {
            int queue = random.nextInt(2 * partitions);
            int task = queue % partitions;
            boolean fromInput = queue < partitions;
            AgreementAttestation next =
                    (fromInput ? inputs : repartition).get(task).poll();
            if (next == null) {
                continue;
            }
            if (fromInput && reroute && placement.misplaced(CUSTOMER, task)) {
                // Kafka Streams' repartition sink places by murmur2, as the Java producer does.
                repartition
                        .get(Client.JAVA.partition(CUSTOMER, partitions, random))
                        .add(next);
                continue;
            }
            CustomerAgreements state = tasks[task] == null ? AgreementBook.empty(CUSTOMER) : tasks[task];
            tasks[task] = AgreementBook.apply(state, next).orElse(state);
        }
        return tasks;
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
