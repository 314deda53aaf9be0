package io.agreementgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agreementgate.runtime.cluster.ClusterEndpoints;
import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.ApprovedOrder;
import io.agreementgate.schema.AttestationStatus;
import io.agreementgate.schema.Order;
import io.agreementgate.schema.OrderRejectionCode;
import io.agreementgate.schema.OrderRejectionReason;
import io.agreementgate.schema.RejectedOrder;
import io.agreementgate.topology.config.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigResource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gate in-process on the embedded broker and registry, fed and read over the network like production: decisions
 * on the output topics, the dead-letter topic, and the HTTP endpoint.
 */
class GateIntegrationTest {
    private static final Duration DECISION = Duration.ofSeconds(30);
    private static final long WAIT_MS = 8000;
    private static final Topics TOPICS = TestSettings.topics("it");

    @RegisterExtension
    static final GateUnderTest GATE = GateUnderTest.named("it").waitMs(WAIT_MS).toRun(Duration.ofSeconds(60));

    @Test
    void usesTheConfiguredClusterAndCreatedTheTopics() {
        assertThat(GATE.process().cluster().kind()).isEqualTo(ClusterEndpoints.Kind.CONFIGURED);
        assertThat(GATE.client().endOffsetSum(TOPICS.deadLetter())).isPresent();
        assertThat(GATE.process().runner().streamsProperties())
                .containsEntry("processing.guarantee", "exactly_once_v2")
                .containsKey("application.server");
    }

    @Test
    void approvesAnAttestedOrderWithEvidence() {
        String customer = TestRecords.unique("cust");
        AgreementAttestation attestation = TestRecords.mca(customer);
        GATE.client().attest(attestation, customer);
        Order order = TestRecords.order(customer).build();
        GATE.client().order(order, customer);

        ApprovedOrder approved = GATE.client().awaitApproved(order.getOrderId(), DECISION);
        assertThat(approved.getEvidence()).singleElement().satisfies(e -> {
            assertThat(e.getAttestationId()).isEqualTo(attestation.getAttestationId());
            assertThat(e.getAttestedBy()).isEqualTo(TestRecords.PARTNER);
        });
        assertThat(approved.getExemption()).isNull();
    }

    @Test
    void rejectsWithEveryCode() {
        String customer = TestRecords.unique("cust");
        GATE.client().attest(TestRecords.mca(customer), customer);
        Order invalid = TestRecords.order(customer).setLineItems(List.of()).build();
        Order otherPartner = TestRecords.order(customer)
                .setPartnerId(TestRecords.OTHER_PARTNER)
                .build();
        // Re-keyed by the gate: the record key is not the customer.
        GATE.client().order(invalid, customer);
        GATE.client().order(otherPartner, null);

        RejectedOrder atOnce = GATE.client().awaitRejected(invalid.getOrderId(), DECISION);
        assertThat(codes(atOnce)).containsExactly(OrderRejectionCode.INVALID_ORDER);
        assertThat(atOnce.getWaitedMs()).isZero();

        RejectedOrder afterWait = GATE.client().awaitRejected(otherPartner.getOrderId(), DECISION);
        assertThat(codes(afterWait)).containsExactly(OrderRejectionCode.ACCEPTANCE_BY_OTHER_PARTNER);
        assertThat(afterWait.getWaitedMs()).isGreaterThanOrEqualTo(WAIT_MS - 500);
        assertThat(afterWait.getReasons().get(0).getMessage()).contains(TestRecords.OTHER_PARTNER);
    }

    @Test
    void releasesAWaitingOrderWhenItsAttestationArrives() {
        String customer = TestRecords.unique("late");
        Order order = TestRecords.order(customer).build();
        GATE.client().order(order, customer);

        String waitingUrl = GATE.process().runner().httpUrl() + "/customers/" + customer + "/waiting";
        Awaitility.await().atMost(Duration.ofMillis(WAIT_MS - 2000)).untilAsserted(() -> {
            JsonNode waiting = Http.get(waitingUrl).json();
            assertThat(waiting.path("orders").findValuesAsText("orderId")).containsExactly(order.getOrderId());
        });
        JsonNode all = Http.get(GATE.process().runner().httpUrl() + "/waiting").json();
        assertThat(all.path("orders").findValuesAsText("orderId")).contains(order.getOrderId());

        GATE.client().attest(TestRecords.mca(customer), customer);
        ApprovedOrder approved = GATE.client().awaitApproved(order.getOrderId(), DECISION);
        assertThat(approved.getEvidence()).hasSize(1);
        assertThat(Http.get(waitingUrl).json().path("orders")).isEmpty();
    }

    @Test
    void sendsUndecodableRecordsToTheDeadLetterTopicAndGoesOn() {
        byte[] garbage = ("not avro " + TestRecords.unique("x")).getBytes(StandardCharsets.UTF_8);
        GATE.client().sendRaw(TOPICS.orders(), "cust-garbage", garbage);

        Map<String, String> headers = GATE.client().awaitDeadLetter(garbage, DECISION);
        assertThat(String.join(" ", headers.values())).contains("magic byte");

        String customer = TestRecords.unique("cust");
        Order after = TestRecords.order(customer)
                .setOrderType(io.agreementgate.schema.OrderType.AUTO_RENEWAL)
                .build();
        GATE.client().order(after, customer);
        assertThat(GATE.client().awaitApproved(after.getOrderId(), DECISION).getExemption())
                .contains("AUTO_RENEWAL");
    }

    @Test
    void healthIsUpWhileRunning() {
        Http.Response health = Http.get(GATE.process().runner().httpUrl() + "/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("state").asText()).isEqualTo("RUNNING");
        assertThat(health.json().path("status").asText()).isEqualTo("UP");
    }

    @Test
    void showsACustomersAgreements() {
        String customer = TestRecords.unique("cust");
        AgreementAttestation attestation = TestRecords.mca(customer);
        GATE.client().attest(attestation, customer);
        String url = GATE.process().runner().httpUrl() + "/customers/" + customer + "/agreements";
        Awaitility.await().atMost(DECISION).untilAsserted(() -> {
            Http.Response response = Http.get(url);
            assertThat(response.status()).isEqualTo(200);
            JsonNode attestations = response.json().path("attestations");
            assertThat(attestations).hasSize(1);
            assertThat(attestations.get(0).path("attestationId").asText()).isEqualTo(attestation.getAttestationId());
            assertThat(attestations.get(0).path("dateAgreed").asText()).isEqualTo("2023-05-10T09:00:00Z");
            assertThat(attestations.get(0).path("partnerId").asText()).isEqualTo(TestRecords.PARTNER);
            // The state keeps no contact data (it stays in the attestation topic): nothing to show or mask.
            assertThat(attestations.get(0).has("primaryContact")).isFalse();
            assertThat(attestations.get(0).has("userId")).isFalse();
            assertThat(response.body())
                    .doesNotContain("Lovelace")
                    .doesNotContain("ada@")
                    .doesNotContain("user-1");
        });
    }

    @Test
    void rejectsAnOrderWithA600KilobyteFieldNamingTheFieldAndTheBound() {
        String customer = TestRecords.unique("cust");
        GATE.client().attest(TestRecords.mca(customer), customer);
        Order order =
                TestRecords.order(customer).setPartnerId("p".repeat(600 * 1024)).build();
        GATE.client().order(order, customer);

        RejectedOrder rejected = GATE.client().awaitRejected(order.getOrderId(), DECISION);
        assertThat(rejected.getReasons()).singleElement().satisfies(reason -> {
            assertThat(reason.getCode()).isEqualTo(OrderRejectionCode.INVALID_ORDER);
            assertThat(reason.getMessage())
                    .startsWith("partnerId is 614400 characters long, more than the bound of 4096")
                    .hasSizeLessThan(500);
        });
    }

    @Test
    void showsACustomersWithdrawalMarkersBesideTheAcceptances() {
        String customer = TestRecords.unique("cust");
        AgreementAttestation mca = TestRecords.mca(customer);
        AgreementAttestation withdrawal = AgreementAttestation.newBuilder(mca)
                .setAttestationId(TestRecords.unique("att"))
                .setRecordedAt(mca.getRecordedAt().plusSeconds(3600))
                .setStatus(AttestationStatus.WITHDRAWN)
                .build();
        GATE.client().attest(mca, customer);
        GATE.client().attest(withdrawal, customer);
        String url = GATE.process().runner().httpUrl() + "/customers/" + customer + "/agreements";
        Awaitility.await().atMost(DECISION).untilAsserted(() -> {
            Http.Response response = Http.get(url);
            assertThat(response.status()).isEqualTo(200);
            // The withdrawal decides every later order of this pair: it shows, though nothing is accepted.
            assertThat(response.json().path("attestations")).isEmpty();
            JsonNode withdrawals = response.json().path("withdrawals");
            assertThat(withdrawals).hasSize(1);
            assertThat(withdrawals.get(0).path("attestationId").asText()).isEqualTo(withdrawal.getAttestationId());
            assertThat(withdrawals.get(0).path("status").asText()).isEqualTo("WITHDRAWN");
            // The state keeps no contact data (it stays in the attestation topic).
            assertThat(withdrawals.get(0).has("primaryContact")).isFalse();
        });
    }

    @Test
    void metricsCountDecisionsByOutcomeAndReason() {
        String customer = TestRecords.unique("cust");
        Order invalid = TestRecords.order(customer).setLineItems(List.of()).build();
        GATE.client().order(invalid, customer);
        GATE.client().awaitRejected(invalid.getOrderId(), DECISION);

        Awaitility.await().atMost(DECISION).untilAsserted(() -> {
            Http.Response metrics = Http.get(GATE.process().runner().httpUrl() + "/metrics");
            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.raw().headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
            assertThat(metrics.body())
                    .containsPattern("(?m)^agreement_gate_decisions_total\\{.*outcome=\"rejected\".*\\} [1-9]")
                    .containsPattern(
                            "(?m)^agreement_gate_rejection_reasons_total\\{.*reason=\"invalid_order\".*\\} [1-9]")
                    // Kafka Streams' own metrics are bound too.
                    .contains("kafka_stream_thread_process_total");
        });
    }

    @Test
    void keepsRejectionsAndDeadLettersForTheirRetentionAndDataOwnerOnly() throws Exception {
        try (Admin admin =
                Admin.create(Map.of("bootstrap.servers", SharedCluster.get().bootstrapServers()))) {
            Map<String, String> retention = new java.util.TreeMap<>();
            for (String topic : List.of(TOPICS.rejectedOrders(), TOPICS.rejectedAttestations(), TOPICS.deadLetter())) {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                retention.put(
                        topic,
                        admin.describeConfigs(List.of(resource))
                                .all()
                                .get(30, TimeUnit.SECONDS)
                                .get(resource)
                                .get("retention.ms")
                                .value());
            }
            assertThat(retention)
                    .containsEntry(TOPICS.rejectedOrders(), "2592000000")
                    .containsEntry(TOPICS.rejectedAttestations(), "2592000000")
                    .containsEntry(TOPICS.deadLetter(), "1209600000");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(GATE.dataDir())))
                .isEqualTo("rwx------");
        // Kafka Streams makes its own directories rwxr-x---; above them, the gate's are owner-only.
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                        GATE.process().runner().stateDir().getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void unknownPathsAndMethodsAreRefused() {
        assertThat(Http.get(GATE.process().runner().httpUrl() + "/nope").status())
                .isEqualTo(404);
    }

    private static List<OrderRejectionCode> codes(RejectedOrder rejected) {
        return rejected.getReasons().stream().map(OrderRejectionReason::getCode).toList();
    }
}
