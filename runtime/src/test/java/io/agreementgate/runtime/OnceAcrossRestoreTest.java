package io.agreementgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.runtime.config.GateSettings;
import io.agreementgate.schema.ApprovedOrder;
import io.agreementgate.schema.Order;
import io.agreementgate.topology.config.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "An order id that has been approved is never approved again" holds when the gate's local state is gone and its
 * approved-id memory comes back from the changelog alone (a new machine, a lost disk): the re-sent order is dropped.
 */
class OnceAcrossRestoreTest {
    private static final Duration DECISION = Duration.ofSeconds(30);
    private static final Topics TOPICS = TestSettings.topics("once");

    @TempDir
    Path dataDir;

    @Test
    void shouldDropReSentApprovedOrderAfterTheLocalStateWasRestoredFromTheChangelog() throws IOException {
        GateSettings settings = GateSettings.of(TestSettings.gate("once", dataDir, 3000));
        String customer = TestRecords.unique("cust");
        Order approvedBefore = TestRecords.order(customer).build();
        Path stateDir;

        try (GateProcess first = start(settings);
                GateClient client = client(first)) {
            client.attest(TestRecords.mca(customer), customer);
            client.order(approvedBefore, customer);
            client.awaitApproved(approvedBefore.getOrderId(), DECISION);
            stateDir = first.runner().stateDir();
        }
        deleteRecursively(stateDir);

        try (GateProcess second = start(settings);
                GateClient client = client(second)) {
            client.order(approvedBefore, customer);
            // Same customer, so same partition: decided after the re-sent order.
            Order marker = TestRecords.order(customer).build();
            client.order(marker, customer);
            client.awaitApproved(marker.getOrderId(), DECISION);

            assertThat(client.readAll(TOPICS.approvedOrders(), ApprovedOrder.class))
                    .extracting(a -> a.getOrder().getOrderId())
                    .filteredOn(approvedBefore.getOrderId()::equals)
                    .hasSize(1);
        }
    }

    private static GateProcess start(GateSettings settings) {
        GateProcess process = GateProcess.start(settings, new PrintStream(new ByteArrayOutputStream(), true), false);
        process.runner().awaitRunning(Duration.ofSeconds(60));
        return process;
    }

    private static GateClient client(GateProcess process) {
        return new GateClient(
                process.cluster().bootstrapServers(), process.cluster().schemaRegistryUrl(), TOPICS);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
