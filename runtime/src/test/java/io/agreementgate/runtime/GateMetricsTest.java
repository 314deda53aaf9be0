package io.agreementgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.schema.Order;
import io.agreementgate.topology.DecisionSeries;
import io.agreementgate.topology.NewerContractSeries;
import io.agreementgate.topology.ReroutedSeries;
import io.agreementgate.topology.config.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gate's Prometheus metrics on a running gate (embedded broker and registry): every known series from start-up,
 * then counts, the waiting gauge, dead letters and the end-to-end latency histogram as records flow.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GateMetricsTest {
    private static final Duration DECISION = Duration.ofSeconds(60);
    /** Long enough that the waiting order is seen waiting; the attestation ends its wait. */
    private static final long WAIT_MS = 120_000;

    private static final Topics TOPICS = TestSettings.topics("metrics");

    @RegisterExtension
    static final GateUnderTest GATE =
            GateUnderTest.named("metrics").waitMs(WAIT_MS).toRun(Duration.ofSeconds(90));

    /**
     * One scrape. Retried for a few seconds: right after start-up Micrometer's Kafka Streams binder can briefly hold
     * two meters for {@code kafka_stream_client_state}, and the Prometheus writer then answers 500 (not the gate's
     * meters; reported to the lead).
     */
    static PrometheusText scrape(String httpUrl) {
        AtomicReference<String> body = new AtomicReference<>();
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Http.Response response = Http.get(httpUrl + "/metrics");
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            body.set(response.body());
        });
        return PrometheusText.parse(body.get());
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void shouldExportEveryKnownSeriesAtZeroBeforeTheFirstRecord() {
        PrometheusText metrics = scrape(GATE.process().runner().httpUrl());

        for (DecisionSeries series : DecisionSeries.all()) {
            switch (series.metric()) {
                case DecisionSeries.DECISIONS ->
                    assertThat(metrics.value(
                                    "agreement_gate_decisions_total",
                                    Map.of(
                                            "kind",
                                            series.kind(),
                                            "outcome",
                                            series.outcome(),
                                            "reason",
                                            series.reason())))
                            .as(series.toString())
                            .isZero();
                case DecisionSeries.REJECTION_REASONS ->
                    assertThat(metrics.value(
                                    "agreement_gate_rejection_reasons_total",
                                    Map.of("kind", series.kind(), "reason", series.reason())))
                            .isZero();
                default ->
                    assertThat(metrics.value("agreement_gate_orders_waited_total", Map.of()))
                            .isZero();
            }
        }
        for (ReroutedSeries series : ReroutedSeries.all(TOPICS)) {
            assertThat(metrics.value(
                            "agreement_gate_rerouted_records_total",
                            Map.of("topic", series.topic(), "cause", series.cause())))
                    .as(series.toString())
                    .isZero();
        }
        assertThat(metrics.value("agreement_gate_waiting_orders", Map.of())).isZero();
        assertThat(metrics.value("agreement_gate_dead_lettered_records_total", Map.of()))
                .isZero();
        assertThat(NewerContractSeries.all(TOPICS)).hasSize(7);
        for (NewerContractSeries series : NewerContractSeries.all(TOPICS)) {
            assertThat(metrics.value(
                            "agreement_gate_newer_contract_records_total",
                            Map.of("topic", series.topic(), "field", series.field())))
                    .as(series.toString())
                    .isZero();
        }
        assertThat(metrics.value("agreement_gate_decision_latency_seconds_count", Map.of()))
                .isZero();
        assertThat(metrics.named("agreement_gate_decision_latency_seconds_bucket"))
                .hasSizeGreaterThan(5);
        PrometheusText.Sample info =
                metrics.find("agreement_gate_info", Map.of()).orElseThrow();
        assertThat(info.value()).isEqualTo(1.0);
        assertThat(info.labels())
                .containsEntry(
                        "policy_version",
                        GATE.process().runner().config().policy().version())
                .containsEntry("application_id", "gate-metrics")
                .containsEntry("kafka_version", "4.4.0")
                .containsKey("version");
        // The per-thread sensors behind the labelled counters are not exported a second time.
        assertThat(metrics.samples()).noneMatch(s -> s.name().startsWith("kafka_stream_agreement_gate"));
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void shouldCountDecisionsWaitingOrdersDeadLettersAndLatencyAsRecordsFlow() {
        String invalidCustomer = TestRecords.unique("cust");
        Order invalid =
                TestRecords.order(invalidCustomer).setLineItems(List.of()).build();
        GATE.client().order(invalid, invalidCustomer);
        GATE.client().awaitRejected(invalid.getOrderId(), DECISION);
        byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
        GATE.client().sendRaw(TOPICS.orders(), "cust-garbage", garbage);
        GATE.client().awaitDeadLetter(garbage, DECISION);

        String customer = TestRecords.unique("cust");
        Order waiting = TestRecords.order(customer).build();
        long orderSentAt = System.currentTimeMillis();
        GATE.client().order(waiting, customer);
        Awaitility.await().atMost(DECISION).untilAsserted(() -> {
            PrometheusText metrics = scrape(GATE.process().runner().httpUrl());
            assertThat(metrics.value("agreement_gate_waiting_orders", Map.of())).isEqualTo(1.0);
            assertThat(metrics.value("agreement_gate_orders_waited_total", Map.of()))
                    .isEqualTo(1.0);
        });
        long attestationSentAt = System.currentTimeMillis();
        GATE.client().attest(TestRecords.mca(customer), customer);
        GATE.client().awaitApproved(waiting.getOrderId(), DECISION);

        Awaitility.await().atMost(DECISION).untilAsserted(() -> {
            PrometheusText metrics = scrape(GATE.process().runner().httpUrl());
            assertThat(metrics.value(
                            "agreement_gate_decisions_total",
                            Map.of("kind", "order", "outcome", "rejected", "reason", "invalid_order")))
                    .isEqualTo(1.0);
            assertThat(metrics.value(
                            "agreement_gate_rejection_reasons_total",
                            Map.of("kind", "order", "reason", "invalid_order")))
                    .isEqualTo(1.0);
            assertThat(metrics.value(
                            "agreement_gate_decisions_total",
                            Map.of("kind", "order", "outcome", "approved", "reason", "attested")))
                    .isEqualTo(1.0);
            assertThat(metrics.value(
                            "agreement_gate_decisions_total",
                            Map.of("kind", "attestation", "outcome", "applied", "reason", "valid")))
                    .isEqualTo(1.0);
            assertThat(metrics.value("agreement_gate_waiting_orders", Map.of())).isZero();
            assertThat(metrics.value("agreement_gate_dead_lettered_records_total", Map.of()))
                    .isEqualTo(1.0);
            // Written by Kafka's Java producer, every record was already on its customer's partition: no extra hop.
            assertThat(metrics.value(
                            "agreement_gate_rerouted_records_total",
                            Map.of("topic", TOPICS.orders(), "cause", "partition")))
                    .isZero();
            assertThat(metrics.value(
                            "agreement_gate_rerouted_records_total",
                            Map.of("topic", TOPICS.attestations(), "cause", "partition")))
                    .isZero();
            assertThat(metrics.value("agreement_gate_decision_latency_seconds_count", Map.of()))
                    .isEqualTo(2.0);
            // The approved order waited for its attestation: its latency includes the wait.
            assertThat(metrics.value("agreement_gate_decision_latency_seconds_sum", Map.of()))
                    .isGreaterThanOrEqualTo((attestationSentAt - orderSentAt) / 1000.0);
            assertThat(metrics.value("agreement_gate_decision_latency_seconds_bucket", Map.of("le", "+Inf")))
                    .isEqualTo(2.0);
        });
    }

    @Test
    @org.junit.jupiter.api.Order(3)
    void shouldExportEveryMetricAndLabelValueTheDashboardAndAlertsRead() throws Exception {
        PrometheusText metrics = scrape(GATE.process().runner().httpUrl());

        List<String> expressions = OpsFiles.expressions();
        assertThat(expressions).hasSizeGreaterThan(10);
        for (String expression : expressions) {
            for (String metric : OpsFiles.metrics(expression)) {
                if (!OpsFiles.SYNTHETIC.contains(metric)) {
                    assertThat(metrics.has(metric))
                            .as(metric + " in " + expression)
                            .isTrue();
                }
            }
            for (OpsFiles.Selector selector : OpsFiles.equalitySelectors(expression)) {
                if (!OpsFiles.SYNTHETIC.contains(selector.metric())) {
                    assertThat(metrics.named(selector.metric()))
                            .as(selector + " in " + expression)
                            .anyMatch(s -> s.labels()
                                    .entrySet()
                                    .containsAll(selector.labels().entrySet()));
                }
            }
        }
    }
}
