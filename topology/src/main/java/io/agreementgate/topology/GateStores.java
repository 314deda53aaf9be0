package io.agreementgate.topology;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.internal.CustomerAgreements;
import io.agreementgate.schema.internal.WaitingOrder;
import io.agreementgate.schema.internal.WaitingOrders;
import io.agreementgate.topology.policy.AgreementBook;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** The three stores the deciding processors share, with the few operations they need. */
final class GateStores {
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
            decoded.put(customerId, known);
        }
        return known;
    }

    List<AgreementAttestation> attestations(String customerId) {
        return agreements(customerId).getAttestations();
    }

    void putAgreements(CustomerAgreements state) {
        agreements.put(state.getCustomerId(), state);
        decoded.put(state.getCustomerId(), state);
    }

    boolean wasApproved(String orderId) {
        return approvedIds.get(orderId) != null;
    }

    void markApproved(String orderId, long decidedAtMs) {
        approvedIds.put(orderId, decidedAtMs);
    }

    /** Adds an order to its customer's waiting list, replacing a waiting order with the same id (a re-send). */
    void addWaiting(WaitingOrder order) {
        String customerId = order.getOrder().getCustomerId();
        List<WaitingOrder> orders = new ArrayList<>(waitingFor(customerId));
        orders.removeIf(w -> w.getOrder().getOrderId().equals(order.getOrder().getOrderId()));
        orders.add(order);
        waiting.put(customerId, new WaitingOrders(customerId, List.copyOf(orders)));
    }

    List<WaitingOrder> waitingFor(String customerId) {
        WaitingOrders stored = waiting.get(customerId);
        return stored != null ? stored.getOrders() : List.of();
    }

    /** Removes and returns every order waiting for this customer. */
    List<WaitingOrder> takeWaiting(String customerId) {
        WaitingOrders stored = waiting.delete(customerId);
        return stored != null ? stored.getOrders() : List.of();
    }

    /** Removes and returns every waiting order whose wait ended at or before {@code nowMs}. */
    List<WaitingOrder> takeExpired(long nowMs) {
        List<WaitingOrders> touched = new ArrayList<>();
        try (KeyValueIterator<String, WaitingOrders> all = waiting.all()) {
            while (all.hasNext()) {
                KeyValue<String, WaitingOrders> entry = all.next();
                if (entry.value.getOrders().stream().anyMatch(w -> expired(w, nowMs))) {
                    touched.add(entry.value);
                }
            }
        }
        List<WaitingOrder> expired = new ArrayList<>();
        for (WaitingOrders customer : touched) {
            List<WaitingOrder> remaining = new ArrayList<>();
            for (WaitingOrder w : customer.getOrders()) {
                (expired(w, nowMs) ? expired : remaining).add(w);
            }
            if (remaining.isEmpty()) {
                waiting.delete(customer.getCustomerId());
            } else {
                waiting.put(
                        customer.getCustomerId(), new WaitingOrders(customer.getCustomerId(), List.copyOf(remaining)));
            }
        }
        return expired;
    }

    private static boolean expired(WaitingOrder w, long nowMs) {
        return w.getDeadline().toEpochMilli() <= nowMs;
    }
}
