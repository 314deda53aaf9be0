package io.agreementgate.topology;

import io.agreementgate.schema.internal.AgreementOnRecord;
import io.agreementgate.schema.internal.CustomerAgreements;
import io.agreementgate.schema.internal.WaitingOrder;
import io.agreementgate.schema.internal.WaitingOrders;
import io.agreementgate.topology.policy.AgreementBook;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The stores every processor of a task shares (agreements, waiting orders, approved order ids, and the decoded
 * agreements over the first), with the few operations the processors need.
 */
final class GateStores {
    private static final Serializer<String> KEYS = new StringSerializer();

    private final KeyValueStore<String, CustomerAgreements> agreements;
    private final KeyValueStore<String, WaitingOrders> waiting;
    private final KeyValueStore<String, Long> approvedIds;
    private final DecodedAgreements decoded;

    private GateStores(
            KeyValueStore<String, CustomerAgreements> agreements,
            KeyValueStore<String, WaitingOrders> waiting,
            KeyValueStore<String, Long> approvedIds,
            DecodedAgreements decoded) {
        this.agreements = agreements;
        this.waiting = waiting;
        this.approvedIds = approvedIds;
        this.decoded = decoded;
    }

    /**
     * The task's stores. Forgets the task's decoded agreement states: a processor starts after the agreements store
     * was restored or updated as a standby, which bypasses {@link #putAgreements}.
     */
    static GateStores from(ProcessingContext context) {
        GateStores stores = new GateStores(
                context.getStateStore(GateNames.AGREEMENTS_STORE),
                context.getStateStore(GateNames.WAITING_STORE),
                context.getStateStore(GateNames.APPROVED_IDS_STORE),
                context.getStateStore(GateNames.DECODED_AGREEMENTS_STORE));
        stores.forgetDecoded();
        return stores;
    }

    /** For a closing processor: what the store holds may change before this task's processors run again. */
    void forgetDecoded() {
        decoded.forgetAll();
    }

    CustomerAgreements agreements(String customerId) {
        CustomerAgreements known = decoded.get(customerId);
        if (known == null) {
            CustomerAgreements stored = agreements.get(customerId);
            known = stored != null ? stored : AgreementBook.empty(customerId);
            decoded.put(known);
        }
        return known;
    }

    List<AgreementOnRecord> attestations(String customerId) {
        return agreements(customerId).getAttestations();
    }

    void putAgreements(CustomerAgreements state) {
        agreements.put(state.getCustomerId(), state);
        decoded.put(state);
    }

    boolean wasApproved(String orderId) {
        return approvedIds.get(orderId) != null;
    }

    void markApproved(String orderId, long decidedAtMs) {
        approvedIds.put(orderId, decidedAtMs);
    }

    /**
     * Adds an order to its customer's waiting orders, replacing a waiting order with the same id (a re-send): one
     * entry per order, so that nothing grows with a customer's count of waiting orders ({@link WaitingKeys}).
     */
    void addWaiting(WaitingOrder order) {
        String customerId = order.getOrder().getCustomerId();
        waiting.put(
                WaitingKeys.key(customerId, order.getOrder().getOrderId()),
                new WaitingOrders(customerId, List.of(order)));
    }

    /** Removes and returns every order waiting for this customer. */
    List<WaitingOrder> takeWaiting(String customerId) {
        List<String> keys = new ArrayList<>();
        List<WaitingOrder> orders = new ArrayList<>();
        try (KeyValueIterator<String, WaitingOrders> mine = waiting.prefixScan(WaitingKeys.prefix(customerId), KEYS)) {
            while (mine.hasNext()) {
                KeyValue<String, WaitingOrders> entry = mine.next();
                keys.add(entry.key);
                orders.addAll(entry.value.getOrders());
            }
        }
        for (String key : keys) {
            waiting.delete(key);
        }
        if (legacyWaiting(customerId) != null) {
            orders.addAll(waiting.delete(customerId).getOrders());
        }
        return orders;
    }

    /** The customer's entry written before the per-order layout, if one is left (its orders have not expired yet). */
    private WaitingOrders legacyWaiting(String customerId) {
        WaitingOrders stored = waiting.get(customerId);
        return stored != null && WaitingKeys.isLegacy(customerId, stored) ? stored : null;
    }

    /** Removes and returns every waiting order whose wait ended at or before {@code nowMs}. */
    List<WaitingOrder> takeExpired(long nowMs) {
        List<KeyValue<String, WaitingOrders>> touched = new ArrayList<>();
        try (KeyValueIterator<String, WaitingOrders> all = waiting.all()) {
            while (all.hasNext()) {
                KeyValue<String, WaitingOrders> entry = all.next();
                for (WaitingOrder w : entry.value.getOrders()) {
                    if (expired(w, nowMs)) {
                        touched.add(entry);
                        break;
                    }
                }
            }
        }
        List<WaitingOrder> expired = new ArrayList<>();
        for (KeyValue<String, WaitingOrders> entry : touched) {
            List<WaitingOrder> remaining = new ArrayList<>();
            for (WaitingOrder w : entry.value.getOrders()) {
                (expired(w, nowMs) ? expired : remaining).add(w);
            }
            waiting.delete(entry.key);
            // Only a legacy entry holds several orders: its remaining ones move to per-order entries.
            remaining.forEach(this::addWaiting);
        }
        return expired;
    }

    private static boolean expired(WaitingOrder w, long nowMs) {
        return w.getDeadline().toEpochMilli() <= nowMs;
    }
}
