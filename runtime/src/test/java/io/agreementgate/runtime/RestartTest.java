package io.agreementgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.runtime.cluster.ClusterEndpoints;
import io.agreementgate.runtime.cluster.ClusterLocator;
import io.agreementgate.runtime.config.GateSettings;
import io.agreementgate.runtime.gate.GateProcess;
import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.ApprovedOrder;
import io.agreementgate.schema.Order;
import io.agreementgate.topology.config.Topics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default keeps its data across restarts: after stopping the gate and its in-process cluster and
 * starting both again on the same folder, earlier decisions and schemas are still readable and the gate decides with
 * the agreement state it had. A second gate on the same folder then shares the cluster and the partitions.
 */
class RestartTest {
    private static final Duration DECISION = Duration.ofSeconds(30);
    private static final Topics TOPICS = TestSettings.topics("restart");

    @TempDir
    Path dataDir;

    @Test
    void dataSchemasAndStateSurviveARestartAndASecondGateSharesTheCluster() {
        GateSettings settings = GateSettings.of(TestSettings.gate("restart", dataDir, 3000));
        String customer = TestRecords.unique("cust");
        AgreementAttestation attestation = TestRecords.mca(customer);
        Order before = TestRecords.order(customer).build();
        String bootstrap;

        try (GateProcess first = start(settings)) {
            assertThat(first.cluster().kind()).isEqualTo(ClusterEndpoints.Kind.EMBEDDED_IN_PROCESS);
            bootstrap = first.cluster().bootstrapServers();
            try (GateClient client = client(first)) {
                client.attest(attestation, customer);
                client.order(before, customer);
                client.awaitApproved(before.getOrderId(), DECISION);
            }
        }
        assertThat(ClusterLocator.liveEmbedded(dataDir))
                .as("stopped with the gate")
                .isEmpty();

        try (GateProcess second = start(settings)) {
            assertThat(second.cluster().bootstrapServers()).as("same address").isEqualTo(bootstrap);

            // Earlier decisions, decoded with schemas from the restarted registry by a fresh client.
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = AgreementGateCli.execute(
                    new String[] {
                        "consume",
                        "--topic",
                        TOPICS.approvedOrders(),
                        "--from-beginning",
                        "--max-messages",
                        "1",
                        "--data-dir",
                        dataDir.toString()
                    },
                    new ByteArrayInputStream(new byte[0]),
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    Map.of());
            assertThat(code).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains(before.getOrderId());

            try (GateClient client = client(second)) {
                assertThat(client.registry().subjects()).contains(TOPICS.orders() + "-value");
                assertThat(client.readAll(TOPICS.approvedOrders(), ApprovedOrder.class))
                        .extracting(a -> a.getOrder().getOrderId())
                        .contains(before.getOrderId());

                // No new attestation: the agreement state from before the restart decides.
                Order after = TestRecords.order(customer).build();
                client.order(after, customer);
                ApprovedOrder approved = client.awaitApproved(after.getOrderId(), DECISION);
                assertThat(approved.getEvidence())
                        .singleElement()
                        .satisfies(e -> assertThat(e.getAttestationId()).isEqualTo(attestation.getAttestationId()));
            }

            try (GateProcess third = start(settings)) {
                assertThat(third.cluster().kind()).isEqualTo(ClusterEndpoints.Kind.EMBEDDED_SHARED);
                assertThat(third.runner().stateDir())
                        .isNotEqualTo(second.runner().stateDir());
                assertCustomerKeptByOneInstance(customer, List.of(second, third));
            }
        }
    }

    /** One instance answers with the customer's agreements, the other redirects to it. */
    private static void assertCustomerKeptByOneInstance(String customer, List<GateProcess> gates) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Http.Response a = Http.get(gates.get(0).runner().httpUrl() + "/customers/" + customer + "/agreements");
            Http.Response b = Http.get(gates.get(1).runner().httpUrl() + "/customers/" + customer + "/agreements");
            assertThat(List.of(a.status(), b.status())).containsExactlyInAnyOrder(200, 307);
            Http.Response owner = a.status() == 200 ? a : b;
            Http.Response other = a.status() == 200 ? b : a;
            GateProcess ownerGate = a.status() == 200 ? gates.get(0) : gates.get(1);
            assertThat(owner.json().path("attestations")).hasSize(1);
            String ownerAddress = ownerGate.runner().applicationServer().host() + ":"
                    + ownerGate.runner().applicationServer().port();
            assertThat(other.json().path("activeInstance").asText()).isEqualTo(ownerAddress);
            assertThat(other.raw().headers().firstValue("Location"))
                    .hasValue("http://" + ownerAddress + "/customers/" + customer + "/agreements");
        });
    }

    private static GateProcess start(GateSettings settings) {
        GateProcess process = GateProcess.start(settings, new PrintStream(new ByteArrayOutputStream(), true));
        process.runner().awaitRunning(Duration.ofSeconds(60));
        return process;
    }

    private static GateClient client(GateProcess process) {
        return new GateClient(
                process.cluster().bootstrapServers(), process.cluster().schemaRegistryUrl(), TOPICS);
    }
}
