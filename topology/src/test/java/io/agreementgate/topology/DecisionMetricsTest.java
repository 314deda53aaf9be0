package io.agreementgate.topology;

import static io.agreementgate.testkit.Samples.anAttestation;
import static io.agreementgate.testkit.Samples.anOrder;
import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.schema.OrderType;
import io.agreementgate.topology.config.GateConfig;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

class DecisionMetricsTest {

    private static final String GROUP = "stream-agreement-gate-metrics";

    @Test
    void shouldCountEachDecisionOnceByOutcomeAndFirstReasonAndEveryReasonApart() {
        try (GateDriver gate = GateDriver.withoutWaiting()) {
            gate.send(anOrder().id("o-1").customer("cust-none").build());
            gate.send(
                    anAttestation().id("a-1").contact(" ", "", "not-an-address").build());
            gate.send(anAttestation().id("a-2").build());
            gate.send(anAttestation().id("a-2").build());
            gate.send(anOrder().id("o-2").build());
            gate.send(anOrder().id("o-2").build());
            gate.send(anOrder()
                    .id("o-3")
                    .type(OrderType.AUTO_RENEWAL)
                    .customer("cust-none")
                    .build());

            assertThat(total(gate, decision("order", "rejected", "acceptance_missing")))
                    .isEqualTo(1);
            assertThat(total(gate, reason("order", "acceptance_missing"))).isEqualTo(1);
            assertThat(total(gate, decision("order", "approved", "attested"))).isEqualTo(1);
            assertThat(total(gate, decision("order", "approved", "exempt"))).isEqualTo(1);
            assertThat(total(gate, decision("order", "dropped", "duplicate_approved_order")))
                    .isEqualTo(1);
            assertThat(total(gate, decision("attestation", "applied", "valid"))).isEqualTo(1);
            assertThat(total(gate, decision("attestation", "unchanged", "already_known")))
                    .isEqualTo(1);
            // One rejected attestation with two reasons: one decision, two reasons.
            assertThat(total(gate, Map.of("gate-metric", "decisions", "kind", "attestation", "outcome", "rejected")))
                    .isEqualTo(1);
            assertThat(total(gate, reason("attestation", "contact_incomplete"))).isEqualTo(1);
            assertThat(total(gate, reason("attestation", "contact_email_invalid")))
                    .isEqualTo(1);
        }
    }

    @Test
    void shouldCountAnOrderThatStartsWaitingApartFromItsDecision() {
        try (GateDriver gate = new GateDriver()) {
            gate.send(anOrder().id("o-1").build());

            assertThat(total(gate, Map.of("gate-metric", "orders-waited", "kind", "order")))
                    .isEqualTo(1);
            assertThat(total(gate, Map.of("gate-metric", "decisions"))).isZero();
        }
    }

    @Test
    void shouldDeclareEverySeriesTheProcessorsCount() {
        try (GateDriver gate = GateDriver.withoutWaiting()) {
            gate.send(anOrder().id("o-1").customer("cust-none").build());
            gate.send(anAttestation().id("a-1").contact(" ", "", "x").build());
            gate.send(anAttestation().id("a-2").build());
            gate.send(anOrder().id("o-2").build());

            gate.driver.metrics().keySet().stream()
                    .filter(name -> name.group().equals(GROUP) && name.name().endsWith("-total"))
                    .forEach(name -> {
                        if (ReroutedSeries.METRIC.equals(name.tags().get("gate-metric"))) {
                            assertThat(ReroutedSeries.all(GateConfig.defaults().topics()))
                                    .contains(new ReroutedSeries(
                                            name.tags().get("topic"),
                                            name.tags().get("cause")));
                        } else {
                            assertThat(DecisionSeries.all()).contains(series(name));
                        }
                    });
        }
    }

    private static DecisionSeries series(MetricName name) {
        Map<String, String> tags = name.tags();
        return new DecisionSeries(tags.get("gate-metric"), tags.get("kind"), tags.get("outcome"), tags.get("reason"));
    }

    private static Map<String, String> decision(String kind, String outcome, String reason) {
        return Map.of("gate-metric", "decisions", "kind", kind, "outcome", outcome, "reason", reason);
    }

    private static Map<String, String> reason(String kind, String reason) {
        return Map.of("gate-metric", "rejection-reasons", "kind", kind, "reason", reason);
    }

    private static double total(GateDriver gate, Map<String, String> tags) {
        return gate.driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals(GROUP)
                        && e.getKey().name().endsWith("-total")
                        && e.getKey().tags().entrySet().containsAll(tags.entrySet()))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .sum();
    }
}
