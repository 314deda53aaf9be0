package io.agreementgate.topology;

import io.agreementgate.schema.Order;
import io.agreementgate.serde.ContractHeaders;
import io.agreementgate.topology.config.GateConfig;
import io.agreementgate.topology.config.GateTopics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Decides orders keyed by their customer. On the orders topic it also sends an order keyed otherwise (or not at all) to
 * be re-keyed by its customer, and one keyed by its customer but on another partition than Kafka's default placement
 * gives that key to its customer's partition, both through the repartition topic; and it ends the wait of parked
 * orders on a wall-clock schedule. The task's second instance, on the repartition topic, only decides.
 */
final class OrderProcessor implements Processor<String, Order, String, SpecificRecord> {
    private final GateConfig config;
    private final boolean onOrdersTopic;
    /** Null on the repartition topic: what arrives there is where its customer lives. */
    private final Rerouting rerouting;

    private ProcessorContext<String, SpecificRecord> context;
    private GateStores stores;
    private OrderDecider decider;
    private Cancellable expiry;
    private NewerContractMetrics newerContracts;

    private OrderProcessor(GateConfig config, Rerouting rerouting) {
        this.config = config;
        this.onOrdersTopic = rerouting != null;
        this.rerouting = rerouting;
    }

    static OrderProcessor onOrdersTopic(GateConfig config, MisplacementReports reports) {
        return new OrderProcessor(
                config, new Rerouting(new Placement(config.inputPartitions()), reports, GateNames.ORDERS_REPARTITION));
    }

    static OrderProcessor onRepartitionTopic(GateConfig config) {
        return new OrderProcessor(config, null);
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        // Both instances count as decide-orders: the same series whichever path an order took.
        DecisionMetrics metrics = new DecisionMetrics(context.metrics(), GateNames.DECIDE_ORDERS);
        stores = GateStores.from(context);
        decider = new OrderDecider(config, context, stores, metrics);
        newerContracts = new NewerContractMetrics(context.metrics(), GateNames.DECIDE_ORDERS);
        if (onOrdersTopic) {
            rerouting.init(context, GateNames.DECIDE_ORDERS, config.topics().name(GateTopics.ORDERS), true);
            // Wall-clock, not stream time: a waiting order must be rejected even when no further records arrive.
            expiry = context.schedule(
                    config.waitCheckInterval(), PunctuationType.WALL_CLOCK_TIME, decider::expireWaiting);
        }
    }

    @Override
    public void process(Record<String, Order> record) {
        if (!onOrdersTopic) {
            decider.onOrder(record, OrderOrigin.rekeyed(record.headers()));
            return;
        }
        String customerId = record.value().getCustomerId();
        newerContracts.count(config.topics().name(GateTopics.ORDERS), record.headers());
        OrderOrigin origin = OrderOrigin.of(record.headers(), context.recordMetadata());
        // An order with a symbol the gate does not know is rejected where it is, whatever its key or partition (the
        // rejection touches no state): the deserializer's finding travels in this record's headers, which the
        // repartition topic's deserializer does not pass on.
        if (ContractHeaders.unknownSymbols(record.headers()).isEmpty()) {
            boolean rekey = !customerId.equals(record.key());
            if (rekey) {
                rerouting.rekeyed();
            }
            if (rekey || rerouting.misplaced(customerId)) {
                Record<String, Order> rerouted = record.withKey(customerId);
                OrderOrigin.putRekeyed(rerouted.headers(), origin);
                context.forward(rerouted, GateNames.ORDERS_TO_REKEY);
                return;
            }
        }
        decider.onOrder(record, origin);
    }

    @Override
    public void close() {
        if (expiry != null) {
            expiry.cancel();
        }
        if (stores != null) {
            stores.forgetDecoded();
        }
    }
}
