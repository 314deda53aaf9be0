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
 * be re-keyed by its customer, and ends the wait of parked orders on a wall-clock schedule; the task's second instance,
 * on the repartition topic, only decides.
 */
final class OrderProcessor implements Processor<String, Order, String, SpecificRecord> {
    private final GateConfig config;
    private final boolean onOrdersTopic;
    private ProcessorContext<String, SpecificRecord> context;
    private GateStores stores;
    private OrderDecider decider;
    private Cancellable expiry;
    private NewerContractMetrics newerContracts;

    private OrderProcessor(GateConfig config, boolean onOrdersTopic) {
        this.config = config;
        this.onOrdersTopic = onOrdersTopic;
    }

    static OrderProcessor onOrdersTopic(GateConfig config) {
        return new OrderProcessor(config, true);
    }

    static OrderProcessor onRepartitionTopic(GateConfig config) {
        return new OrderProcessor(config, false);
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
        // An order with a symbol the gate does not know is rejected whatever its key: the deserializer's finding
        // travels in this record's headers, which the repartition topic's deserializer does not pass on.
        if (!customerId.equals(record.key())
                && ContractHeaders.unknownSymbols(record.headers()).isEmpty()) {
            Record<String, Order> rekeyed = record.withKey(customerId);
            OrderOrigin.putRekeyed(rekeyed.headers(), origin);
            context.forward(rekeyed, GateNames.ORDERS_TO_REKEY);
        } else {
            decider.onOrder(record, origin);
        }
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
