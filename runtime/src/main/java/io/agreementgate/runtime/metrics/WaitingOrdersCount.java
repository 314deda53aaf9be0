package io.agreementgate.runtime.metrics;

import io.agreementgate.schema.internal.WaitingOrders;
import io.agreementgate.topology.GateNames;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Counts the orders in this instance's {@code waiting-orders} stores at scrape time. The store holds at most the
 * orders of the last wait period, so a full scan is cheap; while the store cannot be queried (rebalancing) the last
 * count stands rather than a false zero.
 */
final class WaitingOrdersCount {
    private final Supplier<KafkaStreams> streams;
    private double last;

    WaitingOrdersCount(Supplier<KafkaStreams> streams) {
        this.streams = streams;
    }

    synchronized double count() {
        KafkaStreams instance = streams.get();
        if (instance == null) {
            return last;
        }
        try {
            ReadOnlyKeyValueStore<String, WaitingOrders> store = instance.store(StoreQueryParameters.fromNameAndType(
                    GateNames.WAITING_STORE, QueryableStoreTypes.<String, WaitingOrders>keyValueStore()));
            long orders = 0;
            try (KeyValueIterator<String, WaitingOrders> all = store.all()) {
                while (all.hasNext()) {
                    KeyValue<String, WaitingOrders> entry = all.next();
                    orders += entry.value.getOrders().size();
                }
            }
            last = orders;
        } catch (InvalidStateStoreException | IllegalStateException e) {
            // not queryable now: keep the last count
        }
        return last;
    }
}
