package io.agreementgate.benchmarks;

import io.agreementgate.schema.AgreementType;
import io.agreementgate.schema.Order;
import io.agreementgate.schema.internal.AgreementOnRecord;
import io.agreementgate.testkit.Population;
import io.agreementgate.topology.policy.AgreementBook;
import io.agreementgate.topology.policy.OrderRules;
import io.agreementgate.topology.policy.OrderValidator;
import io.agreementgate.topology.policy.OrderVerdict;
import io.agreementgate.topology.policy.Policy;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The per-order decision: validation plus policy evaluation on a customer's agreement state (target: under 2 µs). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecisionBenchmark {
    private final OrderRules rules = new OrderRules(Policy.DEFAULTS);
    private final OrderValidator validator = new OrderValidator(Policy.DEFAULTS);
    private Order approvedOrder;
    private Order secrecyOrder;
    private List<AgreementOnRecord> state;

    @Setup
    public void setUp() {
        approvedOrder = Population.order(1, 7, Instant.parse("2024-03-01T10:00:00Z"));
        secrecyOrder = Population.order(2, 20, Instant.parse("2024-03-01T10:00:00Z"));
        state = List.of(
                AgreementBook.onRecord(Population.attestation(3, AgreementType.MICROSOFT_CUSTOMER_AGREEMENT)),
                AgreementBook.onRecord(Population.attestation(7, AgreementType.MICROSOFT_CUSTOMER_AGREEMENT)),
                AgreementBook.onRecord(Population.attestation(7, AgreementType.PROFESSIONAL_SECRECY_AGREEMENT)));
    }

    @Benchmark
    public OrderVerdict decideApprovedOrder() {
        validator.validate(
                approvedOrder.getCustomerId(),
                approvedOrder,
                approvedOrder.getOrderedAt().toEpochMilli());
        return rules.decide(approvedOrder, state);
    }

    @Benchmark
    public OrderVerdict decideRejectedOrder() {
        validator.validate(
                secrecyOrder.getCustomerId(),
                secrecyOrder,
                secrecyOrder.getOrderedAt().toEpochMilli());
        return rules.decide(secrecyOrder, state);
    }
}
