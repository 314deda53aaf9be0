package io.agreementgate.topology;

import io.agreementgate.schema.internal.CustomerAgreements;
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
 * A task's view of the {@link AgreementCache}: the decoded agreement state of its customers, so that an order does not
 * read RocksDB and decode Avro for a state that has not changed. It is a state store only so that Kafka Streams hands
 * every processor of a task the same instance; the agreements store stays the truth.
 *
 * <p>Correct because every write to the agreements store goes through {@link GateStores#putAgreements}, which writes
 * through to it, and because everything else that changes the agreements store happens while no processor runs:
 * restoration and standby updates precede {@code Processor#init}, and the processors forget the entries in their
 * {@code init} and {@code close} (task migration, recycling between standby and active, a dirty close under
 * exactly-once). Forgetting is one new {@link AgreementCache.Generation}: the old entries can no longer be found. Not
 * logged and not persistent: there is nothing to restore.
 */
final class DecodedAgreements implements StateStore {
    private final String name;
    private final AgreementCache cache;
    private AgreementCache.Generation generation = new AgreementCache.Generation();
    private boolean open;

    DecodedAgreements(String name, AgreementCache cache) {
        this.name = name;
        this.cache = cache;
    }

    CustomerAgreements get(String customerId) {
        return cache.get(generation, customerId);
    }

    void put(CustomerAgreements state) {
        cache.put(generation, state);
    }

    void forgetAll() {
        generation = new AgreementCache.Generation();
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

    /** @param cache shared by every task's instance: one budget for all */
    static StoreBuilder<DecodedAgreements> builder(String name, AgreementCache cache) {
        return new Builder(name, cache);
    }

    /** Neither cached nor logged, whatever is asked: there is nothing to cache or restore. */
    private record Builder(String name, AgreementCache cache) implements StoreBuilder<DecodedAgreements> {
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
            return new DecodedAgreements(name, cache);
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
