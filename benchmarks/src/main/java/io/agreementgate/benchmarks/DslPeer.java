package io.agreementgate.benchmarks;

import io.agreementgate.schema.ApprovedOrder;
import io.agreementgate.schema.Order;
import io.agreementgate.schema.OrderRejectionReason;
import io.agreementgate.schema.RejectedOrder;
import io.agreementgate.schema.internal.AgreementOnRecord;
import io.agreementgate.schema.internal.CustomerAgreements;
import io.agreementgate.serde.AvroSerdes;
import io.agreementgate.topology.config.GateConfig;
import io.agreementgate.topology.config.GateTopics;
import io.agreementgate.topology.config.Topics;
import io.agreementgate.topology.policy.AgreementBook;
import io.agreementgate.topology.policy.AttestationValidator;
import io.agreementgate.topology.policy.OrderRules;
import io.agreementgate.topology.policy.OrderValidator;
import io.agreementgate.topology.policy.OrderVerdict;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The gate a Kafka Streams user would write first, as the benchmark's peer: the orders joined (DSL {@code KStream}-
 * {@code KTable} left join) with a table of each customer's agreement state aggregated from the valid attestations,
 * split into approved and rejected, an approved order id remembered in a logged store and never approved twice (the
 * gate's once-only guarantee, so that both do the same work). Same rules, serdes and topics as the gate, but no waiting
 * for a late attestation and no re-keying.
 */
final class DslPeer {
    private static final Serde<String> KEYS = Serdes.String();
    static final String AGREEMENTS_STORE = "peer-customer-agreements";
    static final String APPROVED_IDS_STORE = "peer-approved-order-ids";

    private DslPeer() {}

    /** An order and what the rules said about it, between the join and the split. */
    record Judged(Order order, OrderVerdict verdict) {}

    static Topology build(GateConfig config, AvroSerdes serdes) {
        Topics topics = config.topics();
        AttestationValidator attestationValidator = new AttestationValidator(config.policy());
        OrderValidator orderValidator = new OrderValidator(config.policy());
        OrderRules rules = new OrderRules(config.policy());
        String policyVersion = config.policy().version();
        StreamsBuilder builder = new StreamsBuilder();

        KTable<String, CustomerAgreements> agreements = builder.stream(
                        topics.attestations(),
                        Consumed.with(KEYS, GateTopics.ATTESTATIONS.valueSerde(serdes))
                                .withName("peer-attestations-source"))
                .filter(
                        (key, attestation) ->
                                // A DSL filter sees no record timestamp; the benchmark's records are written at
                                // recordedAt, which the gate compares with.
                                attestationValidator
                                        .validate(
                                                key,
                                                attestation,
                                                attestation.getRecordedAt().toEpochMilli())
                                        .isEmpty(),
                        Named.as("peer-valid-attestations"))
                .groupByKey(
                        Grouped.with("peer-attestations-by-customer", KEYS, GateTopics.ATTESTATIONS.valueSerde(serdes)))
                .aggregate(
                        () -> null,
                        (customerId, attestation, state) -> {
                            CustomerAgreements current = state != null ? state : AgreementBook.empty(customerId);
                            return AgreementBook.apply(current, attestation).orElse(current);
                        },
                        Named.as("peer-agreements"),
                        Materialized.<String, CustomerAgreements, KeyValueStore<Bytes, byte[]>>as(AGREEMENTS_STORE)
                                .withKeySerde(KEYS)
                                .withValueSerde(serdes.valueSerde(CustomerAgreements.class)));

        Serde<Order> orderSerde = GateTopics.ORDERS.valueSerde(serdes);
        Map<String, KStream<String, Judged>> byOutcome = builder.stream(
                        topics.orders(), Consumed.with(KEYS, orderSerde).withName("peer-orders-source"))
                .leftJoin(
                        agreements,
                        (key, order, state) -> judge(key, order, state, orderValidator, rules),
                        Joined.<String, Order, CustomerAgreements>as("peer-orders-join")
                                .withKeySerde(KEYS)
                                .withValueSerde(orderSerde))
                .split(Named.as("peer-outcome"))
                .branch((key, judged) -> judged.verdict().isApproved(), Branched.as("-approved"))
                .defaultBranch(Branched.as("-rejected"));

        builder.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(APPROVED_IDS_STORE), KEYS, Serdes.Long()));
        byOutcome
                .get("peer-outcome-approved")
                .processValues(OnceOnly::new, Named.as("peer-once-only"), APPROVED_IDS_STORE)
                .mapValues(
                        judged -> new ApprovedOrder(
                                judged.order(),
                                Instant.now(),
                                judged.verdict().evidence(),
                                judged.verdict().exemption(),
                                policyVersion,
                                null,
                                null),
                        Named.as("peer-approved-values"))
                .to(
                        topics.approvedOrders(),
                        Produced.with(KEYS, GateTopics.ORDERS_APPROVED.valueSerde(serdes))
                                .withName("peer-approved-sink"));
        byOutcome
                .get("peer-outcome-rejected")
                .mapValues(
                        judged -> new RejectedOrder(
                                judged.order(), Instant.now(), judged.verdict().reasons(), 0L, policyVersion),
                        Named.as("peer-rejected-values"))
                .to(
                        topics.rejectedOrders(),
                        Produced.with(KEYS, GateTopics.ORDERS_REJECTED.valueSerde(serdes))
                                .withName("peer-rejected-sink"));
        return builder.build();
    }

    /**
     * The gate's once-only approval, as a DSL user would add it: an approved order id is looked up in a logged state
     * store and written there, in the same exactly-once transaction as the decision; an id seen before is dropped.
     */
    private static final class OnceOnly implements FixedKeyProcessor<String, Judged, Judged> {
        private FixedKeyProcessorContext<String, Judged> context;
        private KeyValueStore<String, Long> approvedIds;

        @Override
        public void init(FixedKeyProcessorContext<String, Judged> context) {
            this.context = context;
            this.approvedIds = context.getStateStore(APPROVED_IDS_STORE);
        }

        @Override
        public void process(FixedKeyRecord<String, Judged> record) {
            String orderId = record.value().order().getOrderId();
            if (approvedIds.get(orderId) == null) {
                approvedIds.put(orderId, context.currentSystemTimeMs());
                context.forward(record);
            }
        }
    }

    private static Judged judge(
            String key, Order order, CustomerAgreements state, OrderValidator validator, OrderRules rules) {
        // A join sees no record timestamp; the benchmark's orders are written at orderedAt, which the gate compares
        // with.
        List<OrderRejectionReason> invalid =
                validator.validate(key, order, order.getOrderedAt().toEpochMilli());
        if (!invalid.isEmpty()) {
            return new Judged(order, OrderVerdict.rejected(invalid));
        }
        List<AgreementOnRecord> attestations = state != null ? state.getAttestations() : List.of();
        return new Judged(order, rules.decide(order, attestations));
    }
}
