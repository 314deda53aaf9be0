package io.agreementgate.runtime.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.agreementgate.schema.internal.AgreementOnRecord;
import io.agreementgate.schema.internal.CustomerAgreements;
import io.agreementgate.schema.internal.WaitingOrder;
import io.agreementgate.schema.internal.WaitingOrders;
import io.agreementgate.topology.GateNames;
import io.agreementgate.topology.WaitingKeys;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The customer state endpoints, read from the gate's stores with Kafka Streams interactive queries. A customer's state
 * lives on the instance that owns its partition; asked elsewhere, the answer is a redirect naming that instance (its
 * {@code application.server}), so several gates behind one address still answer every customer.
 */
final class StoreQueries {
    private static final Serializer<String> KEYS = Serdes.String().serializer();

    private final Supplier<KafkaStreams> streams;
    private final HostInfo self;
    private final boolean showContacts;

    /** @param showContacts show the accepting person's contact details instead of masking them */
    StoreQueries(Supplier<KafkaStreams> streams, HostInfo self, boolean showContacts) {
        this.streams = streams;
        this.self = self;
        this.showContacts = showContacts;
    }

    void agreements(HttpExchange exchange, String customerId) throws IOException {
        // Every entry that can affect a decision: the acceptances, and the withdrawal markers that keep an older
        // attestation of their pair from counting again.
        customer(exchange, customerId, GateNames.AGREEMENTS_STORE, "agreements", (body, value) -> {
            ArrayNode attestations = body.putArray("attestations");
            ArrayNode withdrawals = body.putArray("withdrawals");
            if (value != null) {
                ((CustomerAgreements) value).getAttestations().forEach(a -> attestations.add(shown(a)));
                ((CustomerAgreements) value).getWithdrawals().forEach(a -> withdrawals.add(shown(a)));
            }
        });
    }

    /** The state keeps no contact data since its version 3; masking stays in case an entry ever carries it. */
    private JsonNode shown(AgreementOnRecord attestation) {
        JsonNode node = AvroJsonNodes.toNode(attestation);
        return showContacts ? node : ContactMasking.attestation(node);
    }

    void waiting(HttpExchange exchange, String customerId) throws IOException {
        customer(exchange, customerId, GateNames.WAITING_STORE, "waiting", (body, value) -> {
            ArrayNode orders = body.putArray("orders");
            if (value != null) {
                ((List<?>) value).forEach(w -> orders.add(AvroJsonNodes.toNode((WaitingOrder) w)));
            }
        });
    }

    /**
     * A customer's waiting orders: one store entry per order ({@link WaitingKeys}), and the customer's entry written
     * before that layout, if one is left.
     */
    private static List<WaitingOrder> waitingOf(ReadOnlyKeyValueStore<String, Object> store, String customerId) {
        List<WaitingOrder> orders = new java.util.ArrayList<>();
        try (KeyValueIterator<String, Object> mine = store.prefixScan(WaitingKeys.prefix(customerId), KEYS)) {
            while (mine.hasNext()) {
                orders.addAll(((WaitingOrders) mine.next().value).getOrders());
            }
        }
        if (store.get(customerId) instanceof WaitingOrders legacy && WaitingKeys.isLegacy(customerId, legacy)) {
            orders.addAll(legacy.getOrders());
        }
        return orders;
    }

    /** Every order waiting on this instance, and which other instances hold waiting orders of their own. */
    void allWaiting(HttpExchange exchange) throws IOException {
        KafkaStreams current = streams.get();
        if (current == null) {
            unavailable(exchange, null);
            return;
        }
        ObjectNode body = Responses.object().put("instance", instance(self));
        ArrayNode orders = body.putArray("orders");
        try {
            ReadOnlyKeyValueStore<String, WaitingOrders> store = current.store(StoreQueryParameters.fromNameAndType(
                    GateNames.WAITING_STORE, QueryableStoreTypes.<String, WaitingOrders>keyValueStore()));
            try (KeyValueIterator<String, WaitingOrders> all = store.all()) {
                while (all.hasNext()) {
                    KeyValue<String, WaitingOrders> entry = all.next();
                    for (WaitingOrder order : entry.value.getOrders()) {
                        orders.add(AvroJsonNodes.toNode(order));
                    }
                }
            }
            ArrayNode others = body.putArray("otherInstances");
            current.streamsMetadataForStore(GateNames.WAITING_STORE).stream()
                    .map(StreamsMetadata::hostInfo)
                    .filter(h -> !h.equals(self))
                    .forEach(h -> others.add(instance(h)));
        } catch (InvalidStateStoreException | IllegalStateException e) {
            unavailable(exchange, e);
            return;
        }
        body.put("count", orders.size());
        Responses.json(exchange, 200, body);
    }

    private interface Render {
        void into(ObjectNode body, Object value);
    }

    private void customer(HttpExchange exchange, String customerId, String storeName, String what, Render render)
            throws IOException {
        KafkaStreams current = streams.get();
        if (current == null) {
            unavailable(exchange, null);
            return;
        }
        KeyQueryMetadata metadata;
        Object value;
        try {
            metadata = current.queryMetadataForKey(storeName, customerId, KEYS);
            if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
                unavailable(exchange, null);
                return;
            }
            if (!self.equals(metadata.activeHost())) {
                elsewhere(exchange, customerId, what, metadata);
                return;
            }
            ReadOnlyKeyValueStore<String, Object> store = current.store(
                    StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.<String, Object>keyValueStore())
                            .withPartition(metadata.partition()));
            value = storeName.equals(GateNames.WAITING_STORE) ? waitingOf(store, customerId) : store.get(customerId);
        } catch (InvalidStateStoreException | IllegalStateException e) {
            unavailable(exchange, e);
            return;
        }
        ObjectNode body = Responses.object()
                .put("customerId", customerId)
                .put("instance", instance(self))
                .put("partition", metadata.partition());
        render.into(body, value);
        Responses.json(exchange, 200, body);
    }

    private static void elsewhere(HttpExchange exchange, String customerId, String what, KeyQueryMetadata metadata)
            throws IOException {
        HostInfo owner = metadata.activeHost();
        String url = "http://" + instance(owner) + "/customers/"
                + URLEncoder.encode(customerId, StandardCharsets.UTF_8).replace("+", "%20") + "/" + what;
        exchange.getResponseHeaders().set("Location", url);
        ObjectNode body = Responses.object()
                .put("customerId", customerId)
                .put("partition", metadata.partition())
                .put("activeInstance", instance(owner))
                .put("url", url)
                .put("message", "customer " + customerId + " is kept by the gate instance at " + instance(owner));
        ArrayNode standbys = body.putArray("standbyInstances");
        List.copyOf(metadata.standbyHosts()).forEach(h -> standbys.add(instance(h)));
        Responses.json(exchange, 307, body);
    }

    private static void unavailable(HttpExchange exchange, RuntimeException cause) throws IOException {
        String why = "the gate's state is not queryable now (starting, rebalancing or stopping); retry shortly";
        ObjectNode body = Responses.error(why);
        if (cause != null) {
            body.put("detail", String.valueOf(cause.getMessage()));
        }
        exchange.getResponseHeaders().set("Retry-After", "1");
        Responses.json(exchange, 503, body);
    }

    private static String instance(HostInfo host) {
        return host.host() + ":" + host.port();
    }
}
