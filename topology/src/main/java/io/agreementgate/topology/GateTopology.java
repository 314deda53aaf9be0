package io.agreementgate.topology;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.Order;
import io.agreementgate.schema.internal.CustomerAgreements;
import io.agreementgate.schema.internal.WaitingOrders;
import io.agreementgate.serde.AvroSerdes;
import io.agreementgate.topology.config.GateConfig;
import io.agreementgate.topology.config.GateTopic;
import io.agreementgate.topology.config.GateTopics;
import io.agreementgate.topology.config.Topics;
import io.agreementgate.topology.streams.BoundedSerializer;
import io.agreementgate.topology.streams.RecordLimits;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The gate as a pure function of its configuration: orders (re-keyed by customer when needed) and attestations meet
 * in one sub-topology that shares the customer's agreement state, the waiting orders and the approved order ids. A
 * record on another partition than Kafka's default placement gives its customer is first moved there through a
 * repartition topic, so that whichever client wrote it, it is judged with the rest of its customer's records.
 */
public final class GateTopology {
    private static final Serde<String> KEYS = Serdes.String();

    private GateTopology() {}

    public static Topology build(GateConfig config, AvroSerdes serdes) {
        StreamsBuilder builder = new StreamsBuilder(topologyConfig(config));
        Topics topics = config.topics();
        int maxValueBytes = RecordLimits.maxValueBytes(config.streamsProperties());
        addStores(builder, serdes);
        MisplacementReports reports = new MisplacementReports();

        decideOrders(builder, config, serdes, reports, maxValueBytes);
        applyAttestations(builder, config, serdes, reports, maxValueBytes);

        // The deciding processors forward each decision straight to its topic's sink (by name): routing it through
        // merge, split and unwrap nodes cost a processor node each per decision.
        Topology topology = builder.build();
        Sinks sinks = new Sinks(topology, topics, serdes, maxValueBytes);
        sinks.add(GateNames.APPROVED_SINK, GateTopics.ORDERS_APPROVED, BOTH_DECIDERS);
        sinks.add(GateNames.REJECTED_ORDERS_SINK, GateTopics.ORDERS_REJECTED, BOTH_DECIDERS);
        sinks.add(
                GateNames.REJECTED_ATTESTATIONS_SINK,
                GateTopics.ATTESTATIONS_REJECTED,
                GateNames.APPLY_ATTESTATIONS,
                GateNames.APPLY_REROUTED_ATTESTATIONS);
        return topology;
    }

    /** Orders are decided on arrival (re-routed or not) and, when they waited, on an attestation's arrival. */
    private static final String[] BOTH_DECIDERS = {
        GateNames.DECIDE_ORDERS,
        GateNames.DECIDE_REKEYED_ORDERS,
        GateNames.APPLY_ATTESTATIONS,
        GateNames.APPLY_REROUTED_ATTESTATIONS
    };

    /**
     * Every output's value is refused at serialization when larger than the broker accepts ({@link BoundedSerializer}):
     * the production exception handler then dead-letters a summary, and the transaction goes on.
     */
    private record Sinks(Topology topology, Topics topics, AvroSerdes serdes, int maxValueBytes) {
        <V> void add(String sinkName, GateTopic<V> topic, String... parents) {
            topology.addSink(
                    sinkName,
                    topics.name(topic),
                    KEYS.serializer(),
                    new BoundedSerializer<>(topic.valueSerde(serdes).serializer(), maxValueBytes),
                    parents);
        }
    }

    /** The same serde, its serializer refusing a value larger than the broker accepts (repartition topics). */
    private static <V> Serde<V> bounded(Serde<V> serde, int maxValueBytes) {
        return Serdes.serdeFrom(new BoundedSerializer<>(serde.serializer(), maxValueBytes), serde.deserializer());
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
        builder.addStateStore(DecodedAgreements.builder(GateNames.DECODED_AGREEMENTS_STORE));
    }

    private static String[] storeNames() {
        return new String[] {
            GateNames.AGREEMENTS_STORE,
            GateNames.WAITING_STORE,
            GateNames.APPROVED_IDS_STORE,
            GateNames.DECODED_AGREEMENTS_STORE
        };
    }

    /**
     * Orders keyed by their customer and on its partition are decided straight from the source; the deciding processor
     * forwards the others (no key, another key, another partition), keyed by their customer, through the repartition
     * topic to a second deciding processor. No split and merge nodes: each cost a processor node per order on the path
     * nearly every order takes.
     */
    private static void decideOrders(
            StreamsBuilder builder,
            GateConfig config,
            AvroSerdes serdes,
            MisplacementReports reports,
            int maxValueBytes) {
        Serde<Order> orderSerde = GateTopics.ORDERS.valueSerde(serdes);
        builder.stream(
                        config.topics().name(GateTopics.ORDERS),
                        Consumed.with(KEYS, RequiredValueSerde.wrap(orderSerde)).withName(GateNames.ORDERS_SOURCE))
                .process(
                        () -> OrderProcessor.onOrdersTopic(config, reports),
                        Named.as(GateNames.DECIDE_ORDERS),
                        storeNames())
                .mapValues(Order.class::cast, Named.as(GateNames.ORDERS_TO_REKEY))
                .repartition(Repartitioned.<String, Order>as(GateNames.ORDERS_REPARTITION)
                        .withKeySerde(KEYS)
                        .withValueSerde(bounded(orderSerde, maxValueBytes)))
                .process(
                        () -> OrderProcessor.onRepartitionTopic(config),
                        Named.as(GateNames.DECIDE_REKEYED_ORDERS),
                        storeNames());
    }

    /**
     * Attestations on their customer's partition are applied straight from the source; the applying processor forwards
     * the others, unchanged, through a repartition topic (placed by murmur2 like Kafka's Java producer) to a second
     * applying processor in the same task as the customer's state. As for orders, no split and merge nodes.
     */
    private static void applyAttestations(
            StreamsBuilder builder,
            GateConfig config,
            AvroSerdes serdes,
            MisplacementReports reports,
            int maxValueBytes) {
        Serde<AgreementAttestation> attestationSerde = GateTopics.ATTESTATIONS.valueSerde(serdes);
        builder.stream(
                        config.topics().name(GateTopics.ATTESTATIONS),
                        Consumed.with(KEYS, RequiredValueSerde.wrap(attestationSerde))
                                .withName(GateNames.ATTESTATIONS_SOURCE))
                .process(
                        () -> AttestationProcessor.onAttestationsTopic(config, reports),
                        Named.as(GateNames.APPLY_ATTESTATIONS),
                        storeNames())
                .mapValues(AgreementAttestation.class::cast, Named.as(GateNames.ATTESTATIONS_TO_REROUTE))
                .repartition(Repartitioned.<String, AgreementAttestation>as(GateNames.ATTESTATIONS_REPARTITION)
                        .withKeySerde(KEYS)
                        .withValueSerde(bounded(attestationSerde, maxValueBytes)))
                .process(
                        () -> AttestationProcessor.onRepartitionTopic(config),
                        Named.as(GateNames.APPLY_REROUTED_ATTESTATIONS),
                        storeNames());
    }
}
