package io.agreementgate.topology;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.Order;
import io.agreementgate.schema.internal.CustomerAgreements;
import io.agreementgate.schema.internal.WaitingOrders;
import io.agreementgate.serde.AvroSerdes;
import io.agreementgate.topology.Decision.Approved;
import io.agreementgate.topology.Decision.AttestationRejected;
import io.agreementgate.topology.Decision.AttestationRerouted;
import io.agreementgate.topology.Decision.OrderRejected;
import io.agreementgate.topology.Decision.OrderRerouted;
import io.agreementgate.topology.config.GateConfig;
import io.agreementgate.topology.config.GateTopic;
import io.agreementgate.topology.config.GateTopics;
import io.agreementgate.topology.config.Topics;
import io.agreementgate.topology.streams.BoundedSerializer;
import io.agreementgate.topology.streams.RecordLimits;
import java.util.function.Function;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.BranchedKStream;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.ValueMapper;
import org.apache.kafka.streams.state.Stores;

/**
 * The gate as a pure function of its configuration, in the order records flow. Orders and attestations are each
 * decided by a processor on their input topic; a split after it sends each kind of {@link Decision} to its topic's sink.
 * A record on another partition than Kafka's default placement gives its customer (and an order keyed otherwise, re-keyed
 * by its customer) is first moved there through a repartition topic, to a second processor whose decisions are routed
 * the same way: whichever client wrote a record, it is judged with the rest of its customer's records. The four
 * processors share the customer's agreement state, the waiting orders and the approved order ids, so Kafka Streams keeps
 * them in one sub-topology and checks that orders and attestations are co-partitioned.
 */
public final class GateTopology {
    private static final Serde<String> KEYS = Serdes.String();

    private GateTopology() {}

    public static Topology build(GateConfig config, AvroSerdes serdes) {
        StreamsBuilder builder = new StreamsBuilder(config.topologyConfig());
        Topics topics = config.topics();
        int maxValueBytes = RecordLimits.maxValueBytes(config.streamsProperties());
        addStores(builder, config, serdes);
        MisplacementReports reports = new MisplacementReports();
        Outputs outputs = new Outputs(topics, serdes, maxValueBytes);

        Serde<Order> orderSerde = GateTopics.ORDERS.valueSerde(serdes);
        KStream<String, Decision> orders = builder.stream(
                        topics.name(GateTopics.ORDERS),
                        Consumed.with(KEYS, RequiredValueSerde.wrap(orderSerde)).withName(GateNames.ORDERS_SOURCE))
                .process(() -> new DecideOrders(config, reports), Named.as(GateNames.DECIDE_ORDERS), storeNames());
        KStream<String, Decision> rekeyedOrders = outputs.routeOrders(orders, GateNames.DECIDE_ORDERS)
                .branch(is(OrderRerouted.class), Branched.as(GateNames.REPARTITION))
                .noDefaultBranch()
                .get(GateNames.routes(GateNames.DECIDE_ORDERS) + GateNames.REPARTITION)
                .mapValues(only(OrderRerouted.class, OrderRerouted::order), Named.as(GateNames.ORDERS_TO_REKEY))
                .repartition(Repartitioned.<String, Order>as(GateNames.ORDERS_REPARTITION)
                        .withKeySerde(KEYS)
                        .withValueSerde(bounded(orderSerde, maxValueBytes)))
                .process(
                        () -> new DecideRekeyedOrders(config), Named.as(GateNames.DECIDE_REKEYED_ORDERS), storeNames());
        outputs.routeOrders(rekeyedOrders, GateNames.DECIDE_REKEYED_ORDERS).noDefaultBranch();

        Serde<AgreementAttestation> attestationSerde = GateTopics.ATTESTATIONS.valueSerde(serdes);
        KStream<String, Decision> attestations = builder.stream(
                        topics.name(GateTopics.ATTESTATIONS),
                        Consumed.with(KEYS, RequiredValueSerde.wrap(attestationSerde))
                                .withName(GateNames.ATTESTATIONS_SOURCE))
                .process(
                        () -> new ApplyAttestations(config, reports),
                        Named.as(GateNames.APPLY_ATTESTATIONS),
                        storeNames());
        KStream<String, Decision> reroutedAttestations = outputs.routeAll(attestations, GateNames.APPLY_ATTESTATIONS)
                .branch(is(AttestationRerouted.class), Branched.as(GateNames.REPARTITION))
                .noDefaultBranch()
                .get(GateNames.routes(GateNames.APPLY_ATTESTATIONS) + GateNames.REPARTITION)
                .mapValues(
                        only(AttestationRerouted.class, AttestationRerouted::attestation),
                        Named.as(GateNames.ATTESTATIONS_TO_REROUTE))
                .repartition(Repartitioned.<String, AgreementAttestation>as(GateNames.ATTESTATIONS_REPARTITION)
                        .withKeySerde(KEYS)
                        .withValueSerde(bounded(attestationSerde, maxValueBytes)))
                .process(
                        () -> new ApplyReroutedAttestations(config),
                        Named.as(GateNames.APPLY_REROUTED_ATTESTATIONS),
                        storeNames());
        outputs.routeAll(reroutedAttestations, GateNames.APPLY_REROUTED_ATTESTATIONS)
                .noDefaultBranch();
        return builder.build();
    }

    /**
     * The gate's output topics, each fed through a split after every processor that decides: its branch for the kind of
     * decision ({@code <processor>-to-<kind>}) and its own sink ({@code <processor>-to-<kind>-sink}). Approvals are
     * the first branch: they are most of what the gate decides.
     *
     * <p>Every sink's serializer takes the decision's record out of its {@link Decision} (no node per decision for
     * that), and refuses a value larger than the broker accepts ({@link BoundedSerializer}): the production exception
     * handler then dead-letters a summary, and the transaction goes on.
     */
    private record Outputs(Topics topics, AvroSerdes serdes, int maxValueBytes) {
        /** The routes of a processor that decides orders: approvals and rejections. */
        BranchedKStream<String, Decision> routeOrders(KStream<String, Decision> decisions, String processor) {
            return decisions
                    .split(Named.as(GateNames.routes(processor)))
                    .branch(
                            is(Approved.class),
                            sink(
                                    processor,
                                    GateNames.APPROVED,
                                    GateTopics.ORDERS_APPROVED,
                                    Approved.class,
                                    Approved::order))
                    .branch(
                            is(OrderRejected.class),
                            sink(
                                    processor,
                                    GateNames.REJECTED_ORDERS,
                                    GateTopics.ORDERS_REJECTED,
                                    OrderRejected.class,
                                    OrderRejected::rejection));
        }

        /** The routes of a processor that applies attestations: it also decides the orders that waited for one. */
        BranchedKStream<String, Decision> routeAll(KStream<String, Decision> decisions, String processor) {
            return routeOrders(decisions, processor)
                    .branch(
                            is(AttestationRejected.class),
                            sink(
                                    processor,
                                    GateNames.REJECTED_ATTESTATIONS,
                                    GateTopics.ATTESTATIONS_REJECTED,
                                    AttestationRejected.class,
                                    AttestationRejected::rejection));
        }

        private <D extends Decision, V> Branched<String, Decision> sink(
                String processor, String kind, GateTopic<V> topic, Class<D> type, Function<D, V> value) {
            Serde<Decision> serde = Serdes.serdeFrom(
                    new Unwrapping<>(
                            type,
                            value,
                            new BoundedSerializer<>(topic.valueSerde(serdes).serializer(), maxValueBytes)),
                    NOT_READ);
            return Branched.withConsumer(
                    decisions -> decisions.to(
                            topics.name(topic), Produced.with(KEYS, serde).withName(GateNames.sink(processor, kind))),
                    kind);
        }
    }

    /** Serializes the record inside a decision of one kind. */
    private record Unwrapping<D extends Decision, V>(Class<D> type, Function<D, V> value, Serializer<V> inner)
            implements Serializer<Decision> {
        @Override
        public byte[] serialize(String topic, Decision decision) {
            return inner.serialize(topic, value.apply(type.cast(decision)));
        }

        @Override
        public byte[] serialize(String topic, Headers headers, Decision decision) {
            return inner.serialize(topic, headers, value.apply(type.cast(decision)));
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    /** A sink only writes: its serde's deserializer is never asked. */
    private static final Deserializer<Decision> NOT_READ = (topic, bytes) -> {
        throw new UnsupportedOperationException("decisions are written, not read, by the gate");
    };

    private static org.apache.kafka.streams.kstream.Predicate<String, Decision> is(Class<? extends Decision> kind) {
        return (key, decision) -> kind.isInstance(decision);
    }

    /** The record inside a decision of the kind its branch holds. */
    private static <D extends Decision, V> ValueMapper<Decision, V> only(Class<D> kind, Function<D, V> value) {
        return decision -> value.apply(kind.cast(decision));
    }

    /** The same serde, its serializer refusing a value larger than the broker accepts (repartition topics). */
    private static <V> Serde<V> bounded(Serde<V> serde, int maxValueBytes) {
        return Serdes.serdeFrom(new BoundedSerializer<>(serde.serializer(), maxValueBytes), serde.deserializer());
    }

    /**
     * Not cached: the benchmark showed Kafka Streams' record cache costing more (flush and hit-ratio bookkeeping at
     * every exactly-once commit) than it saved on reads (see BENCHMARKS.md). The decoded agreements in front of the
     * agreements store are what saves the reads: one budget for every task of this topology.
     */
    private static void addStores(StreamsBuilder builder, GateConfig config, AvroSerdes serdes) {
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(GateNames.AGREEMENTS_STORE),
                KEYS,
                serdes.valueSerde(CustomerAgreements.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(GateNames.WAITING_STORE), KEYS, serdes.valueSerde(WaitingOrders.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(GateNames.APPROVED_IDS_STORE), KEYS, Serdes.Long()));
        builder.addStateStore(DecodedAgreements.builder(
                GateNames.DECODED_AGREEMENTS_STORE, new AgreementCache(config.stateCacheBytes())));
    }

    /** The stores every processor shares. */
    private static String[] storeNames() {
        return new String[] {
            GateNames.AGREEMENTS_STORE,
            GateNames.WAITING_STORE,
            GateNames.APPROVED_IDS_STORE,
            GateNames.DECODED_AGREEMENTS_STORE
        };
    }
}
