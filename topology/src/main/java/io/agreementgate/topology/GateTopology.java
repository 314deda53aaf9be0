package io.agreementgate.topology;

import io.agreementgate.schema.Order;
import io.agreementgate.schema.internal.CustomerAgreements;
import io.agreementgate.schema.internal.WaitingOrders;
import io.agreementgate.serde.AvroSerdes;
import io.agreementgate.topology.config.GateConfig;
import io.agreementgate.topology.config.GateTopic;
import io.agreementgate.topology.config.GateTopics;
import io.agreementgate.topology.config.Topics;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The gate as a pure function of its configuration: orders (re-keyed by customer when needed) and attestations meet
 * in one sub-topology that shares the customer's agreement state, the waiting orders and the approved order ids.
 */
public final class GateTopology {
    private static final Serde<String> KEYS = Serdes.String();

    private GateTopology() {}

    public static Topology build(GateConfig config, AvroSerdes serdes) {
        StreamsBuilder builder = new StreamsBuilder(topologyConfig(config));
        Topics topics = config.topics();
        addStores(builder, serdes);

        KStream<String, Decision<?>> orderDecisions = ordersByCustomer(builder, topics, serdes)
                .process(() -> new OrderProcessor(config), Named.as(GateNames.DECIDE_ORDERS), storeNames());
        KStream<String, Decision<?>> attestationDecisions = builder.stream(
                        topics.name(GateTopics.ATTESTATIONS),
                        Consumed.with(KEYS, RequiredValueSerde.wrap(GateTopics.ATTESTATIONS.valueSerde(serdes)))
                                .withName(GateNames.ATTESTATIONS_SOURCE))
                .process(() -> new AttestationProcessor(config), Named.as(GateNames.APPLY_ATTESTATIONS), storeNames());

        route(orderDecisions.merge(attestationDecisions, Named.as(GateNames.DECISIONS_MERGE)), topics, serdes);
        return builder.build();
    }

    private static TopologyConfig topologyConfig(GateConfig config) {
        Properties properties = config.streamsProperties();
        // TopologyConfig validates a whole StreamsConfig but reads only topology-level settings from it.
        properties.putIfAbsent(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused-by-topology:9092");
        properties.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        return new TopologyConfig(new StreamsConfig(properties));
    }

    /**
     * Not cached: the benchmark showed Kafka Streams' record cache costing more (flush and hit-ratio bookkeeping at
     * every exactly-once commit) than it saved on reads (see BENCHMARKS.md).
     */
    private static void addStores(StreamsBuilder builder, AvroSerdes serdes) {
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(GateNames.AGREEMENTS_STORE),
                KEYS,
                serdes.valueSerde(CustomerAgreements.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(GateNames.WAITING_STORE), KEYS, serdes.valueSerde(WaitingOrders.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(GateNames.APPROVED_IDS_STORE), KEYS, Serdes.Long()));
    }

    private static String[] storeNames() {
        return new String[] {GateNames.AGREEMENTS_STORE, GateNames.WAITING_STORE, GateNames.APPROVED_IDS_STORE};
    }

    /** Orders already keyed by their customer go straight on; others (null or other keys) are repartitioned. */
    private static KStream<String, Order> ordersByCustomer(StreamsBuilder builder, Topics topics, AvroSerdes serdes) {
        Serde<Order> orderSerde = GateTopics.ORDERS.valueSerde(serdes);
        Map<String, KStream<String, Order>> byKey = builder.stream(
                        topics.name(GateTopics.ORDERS),
                        Consumed.with(KEYS, RequiredValueSerde.wrap(orderSerde)).withName(GateNames.ORDERS_SOURCE))
                .split(Named.as(GateNames.ORDERS_BY_KEY))
                .branch(
                        (key, order) -> Objects.equals(key, order.getCustomerId()),
                        Branched.as(GateNames.KEYED_BY_CUSTOMER))
                .defaultBranch(Branched.as(GateNames.NEEDS_REKEY));
        KStream<String, Order> rekeyed = byKey.get(GateNames.ORDERS_BY_KEY + GateNames.NEEDS_REKEY)
                .selectKey((key, order) -> order.getCustomerId(), Named.as(GateNames.ORDERS_SELECT_CUSTOMER_KEY))
                .repartition(Repartitioned.<String, Order>as(GateNames.ORDERS_REPARTITION)
                        .withKeySerde(KEYS)
                        .withValueSerde(orderSerde));
        return byKey.get(GateNames.ORDERS_BY_KEY + GateNames.KEYED_BY_CUSTOMER)
                .merge(rekeyed, Named.as(GateNames.ORDERS_MERGE));
    }

    private static void route(KStream<String, Decision<?>> decisions, Topics topics, AvroSerdes serdes) {
        Map<String, KStream<String, Decision<?>>> byKind = decisions
                .split(Named.as(GateNames.DECISIONS_BY_KIND))
                .branch((k, v) -> v instanceof Decision.Approved, Branched.as(GateNames.APPROVED))
                .branch((k, v) -> v instanceof Decision.OrderRejected, Branched.as(GateNames.REJECTED_ORDERS))
                .branch(
                        (k, v) -> v instanceof Decision.AttestationRejected,
                        Branched.as(GateNames.REJECTED_ATTESTATIONS))
                .noDefaultBranch();
        to(
                byKind.get(GateNames.DECISIONS_BY_KIND + GateNames.APPROVED),
                Decision.Approved.class,
                GateNames.APPROVED_VALUES,
                GateTopics.ORDERS_APPROVED,
                GateNames.APPROVED_SINK,
                topics,
                serdes);
        to(
                byKind.get(GateNames.DECISIONS_BY_KIND + GateNames.REJECTED_ORDERS),
                Decision.OrderRejected.class,
                GateNames.REJECTED_ORDER_VALUES,
                GateTopics.ORDERS_REJECTED,
                GateNames.REJECTED_ORDERS_SINK,
                topics,
                serdes);
        to(
                byKind.get(GateNames.DECISIONS_BY_KIND + GateNames.REJECTED_ATTESTATIONS),
                Decision.AttestationRejected.class,
                GateNames.REJECTED_ATTESTATION_VALUES,
                GateTopics.ATTESTATIONS_REJECTED,
                GateNames.REJECTED_ATTESTATIONS_SINK,
                topics,
                serdes);
    }

    /** Unwraps one kind of decision into its Avro value and writes it to that kind's topic. */
    private static <V, D extends Decision<V>> void to(
            KStream<String, Decision<?>> decisions,
            Class<D> kind,
            String valuesName,
            GateTopic<V> topic,
            String sinkName,
            Topics topics,
            AvroSerdes serdes) {
        decisions
                .mapValues(v -> kind.cast(v).value(), Named.as(valuesName))
                .to(
                        topics.name(topic),
                        Produced.with(KEYS, topic.valueSerde(serdes)).withName(sinkName));
    }
}
