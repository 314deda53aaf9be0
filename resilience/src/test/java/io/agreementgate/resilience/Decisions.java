package io.agreementgate.resilience;

import java.time.Duration;

final class Decisions {
    private Decisions() {}

    /** Polls the ledger until {@code expected} distinct orders are decided, or fails with the counts so far. */
    static void awaitAll(DecisionLedger ledger, int expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ledger.poll().decidedOrders() < expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not every order decided within " + timeout + ": " + ledger.summary(expected));
            }
        }
        // Read a little longer: a duplicate would arrive after the last first decision.
        long settle = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < settle) {
            ledger.poll();
        }
    }

    /** Polls the ledger until this order has a decision. */
    static void awaitOrder(DecisionLedger ledger, String orderId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ledger.poll().approvals.containsKey(orderId) && !ledger.rejections.containsKey(orderId)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(orderId + " not decided within " + timeout);
            }
        }
    }
}
