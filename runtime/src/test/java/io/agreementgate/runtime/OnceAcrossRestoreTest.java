package io.agreementgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.schema.ApprovedOrder;
import io.agreementgate.schema.Order;
import io.agreementgate.testkit.TestFiles;
import io.agreementgate.topology.config.Topics;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "An order id that has been approved is never approved again" holds when the gate's local state is gone and its
 * approved-id memory comes back from the changelog alone (a new machine, a lost disk): the re-sent order is dropped.
 */
class OnceAcrossRestoreTest {
    private static final Duration DECISION = Duration.ofSeconds(30);
    private static final Duration TO_RUN = Duration.ofSeconds(60);
    private static final String PREFIX = "once";
    private static final Topics TOPICS = TestSettings.topics(PREFIX);

    @TempDir
    Path dataDir;

    @Test
    void shouldDropReSentApprovedOrderAfterTheLocalStateWasRestoredFromTheChangelog() {
        String customer = TestRecords.unique("cust");
        Order approvedBefore = TestRecords.order(customer).build();
        Path stateDir;

        try (RunningGate first = RunningGate.start(PREFIX, dataDir, 3000, TO_RUN)) {
            first.client().attest(TestRecords.mca(customer), customer);
            first.client().order(approvedBefore, customer);
            first.client().awaitApproved(approvedBefore.getOrderId(), DECISION);
            stateDir = first.gate().runner().stateDir();
        }
        TestFiles.deleteRecursively(stateDir);
        assertThat(stateDir).as("local state deleted").doesNotExist();

        try (RunningGate second = RunningGate.start(PREFIX, dataDir, 3000, TO_RUN)) {
            second.client().order(approvedBefore, customer);
            // Same customer, so same partition: decided after the re-sent order.
            Order marker = TestRecords.order(customer).build();
            second.client().order(marker, customer);
            second.client().awaitApproved(marker.getOrderId(), DECISION);

            assertThat(second.client().readAll(TOPICS.approvedOrders(), ApprovedOrder.class))
                    .extracting(a -> a.getOrder().getOrderId())
                    .filteredOn(approvedBefore.getOrderId()::equals)
                    .hasSize(1);
        }
    }
}
