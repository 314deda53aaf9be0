package io.agreementgate.topology;

import io.agreementgate.schema.internal.CustomerAgreements;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Decoded agreement state of a task's most recently used customers, so that an order does not read RocksDB and decode
 * Avro for a state that has not changed (about a tenth of the stream thread's time). It is a state store only so that
 * Kafka Streams hands every processor of a task the same instance; the agreements store stays the truth.
 *
 * <p>Correct because every write to the agreements store goes through {@link GateStores#putAgreements}, which writes
 * through to it, and because everything else that changes the agreements store happens while no processor runs:
 * restoration and standby updates precede {@code Processor#init}, and the processors forget the entries in their
 * {@code init} and {@code close} (task migration, recycling between standby and active, a dirty close under
 * exactly-once). Not logged and not persistent: there is nothing to restore.
 */
final class DecodedAgreements implements StateStore {
    /** Enough for the customers that order often; each entry is a few hundred bytes. */
    static final int MAX_ENTRIES = 20_000;
    /**
     * Pairs held across all entries: customers filled towards the state's bound ({@code AgreementBook.MAX_PAIRS}) must
     * not make this cache hold gigabytes, yet such a customer stays cached (its state is the dearest to decode).
     */
    static final int MAX_PAIRS = 200_000;

    private final String name;
    private final Map<String, CustomerAgreements> entries = new LinkedHashMap<>(1024, 0.75f, true);
    private long pairs;
    private boolean open;

    DecodedAgreements(String name) {
        this.name = name;
    }

    CustomerAgreements get(String customerId) {
        return entries.get(customerId);
    }

    /** Keeps a customer's decoded state, forgetting the least recently used beyond either bound. */
    void put(String customerId, CustomerAgreements state) {
        CustomerAgreements previous = entries.put(customerId, state);
        pairs += pairsOf(state) - (previous == null ? 0 : pairsOf(previous));
        if (entries.size() <= MAX_ENTRIES && pairs <= MAX_PAIRS) {
            return;
        }
        Iterator<Map.Entry<String, CustomerAgreements>> eldest =
                entries.entrySet().iterator();
        while ((entries.size() > MAX_ENTRIES || pairs > MAX_PAIRS) && eldest.hasNext()) {
            Map.Entry<String, CustomerAgreements> entry = eldest.next();
            if (entry.getKey().equals(customerId)) {
                continue;
            }
            pairs -= pairsOf(entry.getValue());
            eldest.remove();
        }
    }

    private static long pairsOf(CustomerAgreements state) {
        return (long) state.getAttestations().size() + state.getWithdrawals().size();
    }

    void forgetAll() {
        entries.clear();
        pairs = 0;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        forgetAll();
        context.register(root, (key, value) -> {
            // not logged: Kafka Streams never restores it
        });
        open = true;
    }

    @Override
    public void close() {
        forgetAll();
        open = false;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return QueryResult.forUnknownQueryType(query, this);
    }

    @Override
    public Position getPosition() {
        return Position.emptyPosition();
    }

    static StoreBuilder<DecodedAgreements> builder(String name) {
        return new Builder(name);
    }

    /** Neither cached nor logged, whatever is asked: there is nothing to cache or restore. */
    private record Builder(String name) implements StoreBuilder<DecodedAgreements> {
        @Override
        public StoreBuilder<DecodedAgreements> withCachingEnabled() {
            return this;
        }

        @Override
        public StoreBuilder<DecodedAgreements> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<DecodedAgreements> withLoggingEnabled(Map<String, String> config) {
            return this;
        }

        @Override
        public StoreBuilder<DecodedAgreements> withLoggingDisabled() {
            return this;
        }

        @Override
        public DecodedAgreements build() {
            return new DecodedAgreements(name);
        }

        @Override
        public Map<String, String> logConfig() {
            return Map.of();
        }

        @Override
        public boolean loggingEnabled() {
            return false;
        }
    }
}
