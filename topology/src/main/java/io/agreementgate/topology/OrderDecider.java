package io.agreementgate.topology;

import io.agreementgate.schema.ApprovedOrder;
import io.agreementgate.schema.Order;
import io.agreementgate.schema.OrderRejectionReason;
import io.agreementgate.schema.RejectedOrder;
import io.agreementgate.schema.internal.WaitingOrder;
import io.agreementgate.serde.ContractHeaders;
import io.agreementgate.topology.config.GateConfig;
import io.agreementgate.topology.policy.NewerContractRules;
import io.agreementgate.topology.policy.OrderRules;
import io.agreementgate.topology.policy.OrderValidator;
import io.agreementgate.topology.policy.OrderVerdict;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns orders into decisions against the stores: decides at once when it can, parks an order that lacks an attestation,
 * and decides parked orders when an attestation arrives or their wait ends. Used by every processor that decides
 * orders (on arrival, after the hop, on an attestation's arrival) so that every path applies the same rules and the same
 * at-most-once approval.
 */
final class OrderDecider {
    /**
     * Three quarters of the producer's default {@code max.request.size} (1 MiB): room for the key (customer and order
     * ids) and the record's overhead. Real orders are a few hundred bytes.
     */
    static final long MAX_WAITING_ORDER_BYTES = 768 * 1024;

    private final GateConfig config;
    private final EncodedSize<Order> orderSize = new EncodedSize<>(Order.class);
    private final OrderValidator validator;
    private final OrderRules rules;
    private final ProcessorContext<String, Decision> context;
    private final GateStores stores;
    private final DecisionMetrics metrics;

    OrderDecider(
            GateConfig config, ProcessorContext<String, Decision> context, GateStores stores, DecisionMetrics metrics) {
        this.config = config;
        this.validator = new OrderValidator(config.policy());
        this.rules = new OrderRules(config.policy());
        this.context = context;
        this.stores = stores;
        this.metrics = metrics;
    }

    /** @param origin set when the order was written with a newer contract, else null */
    void onOrder(Record<String, Order> record, OrderOrigin origin) {
        Order order = record.value();
        long now = context.currentSystemTimeMs();
        // A symbol of a newer contract was read as the reader's default: judging the order would judge the default.
        List<OrderRejectionReason> unknown =
                NewerContractRules.orderReasons(ContractHeaders.unknownSymbols(record.headers()));
        if (!unknown.isEmpty()) {
            reject(order, unknown, 0, now, record.timestamp());
            return;
        }
        List<OrderRejectionReason> invalid = validator.validate(record.key(), order, record.timestamp());
        if (!invalid.isEmpty()) {
            reject(order, invalid, 0, now, record.timestamp());
            return;
        }
        if (stores.wasApproved(order.getOrderId())) {
            metrics.duplicateDropped();
            return;
        }
        OrderVerdict verdict = rules.decide(order, stores.attestations(order.getCustomerId()));
        if (verdict.isApproved()) {
            approve(order, verdict, now, record.timestamp(), origin);
        } else if (verdict.mayWaitForAttestation() && !config.maxWait().isZero() && fitsWaiting(order)) {
            stores.addWaiting(new WaitingOrder(
                    order,
                    record.timestamp(),
                    Instant.ofEpochMilli(now),
                    Instant.ofEpochMilli(now).plus(config.maxWait()),
                    OrderOrigin.schemaIdOf(origin),
                    OrderOrigin.sourceOf(origin)));
            metrics.waiting();
        } else {
            reject(order, verdict.reasons(), 0, now, record.timestamp());
        }
    }

    /**
     * Whether the order may wait: its store record (the order, its customer id twice in the key, three numbers) must
     * fit what the broker accepts. An order beyond {@link #MAX_WAITING_ORDER_BYTES} is decided at once, with the
     * reasons that hold now, rather than stop its partition with a changelog record the broker refuses.
     */
    private boolean fitsWaiting(Order order) {
        return orderSize.of(order) + 3L * order.getCustomerId().length() <= MAX_WAITING_ORDER_BYTES;
    }

    /** An attestation for this customer arrived: every order waiting for it is decided now. */
    void releaseWaiting(String customerId) {
        long now = context.currentSystemTimeMs();
        stores.takeWaiting(customerId).forEach(w -> decideWaiting(w, now));
    }

    /** Wall-clock punctuation: orders whose wait ended are decided, even if no further records arrive. */
    void expireWaiting(long now) {
        stores.takeExpired(now).forEach(w -> decideWaiting(w, now));
    }

    private void decideWaiting(WaitingOrder waiting, long now) {
        Order order = waiting.getOrder();
        long waited = Math.max(0, now - waiting.getWaitingSince().toEpochMilli());
        OrderVerdict verdict = rules.decide(order, stores.attestations(order.getCustomerId()));
        if (!verdict.isApproved()) {
            reject(order, verdict.reasons(), waited, now, waiting.getRecordTimestamp());
        } else if (stores.wasApproved(order.getOrderId())) {
            // approved meanwhile through another path (onOrder checks before it parks an order)
            metrics.duplicateDropped();
        } else {
            approve(
                    order,
                    verdict,
                    now,
                    waiting.getRecordTimestamp(),
                    OrderOrigin.of(waiting.getWriterSchemaId(), waiting.getSource()));
        }
    }

    /** Callers have checked that this order id was not approved before. */
    private void approve(Order order, OrderVerdict verdict, long now, long timestamp, OrderOrigin origin) {
        stores.markApproved(order.getOrderId(), now);
        ApprovedOrder approved = new ApprovedOrder(
                order,
                Instant.ofEpochMilli(now),
                verdict.evidence(),
                verdict.exemption(),
                config.policy().version(),
                OrderOrigin.schemaIdOf(origin),
                OrderOrigin.sourceOf(origin));
        metrics.approved(approved);
        context.forward(new Record<>(order.getCustomerId(), new Decision.Approved(approved), timestamp));
    }

    private void reject(Order order, List<OrderRejectionReason> reasons, long waited, long now, long timestamp) {
        RejectedOrder rejected = new RejectedOrder(
                order,
                Instant.ofEpochMilli(now),
                reasons,
                waited,
                config.policy().version());
        metrics.rejected(rejected);
        context.forward(new Record<>(order.getCustomerId(), new Decision.OrderRejected(rejected), timestamp));
    }
}
