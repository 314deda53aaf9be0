package io.agreementgate.topology;

import io.agreementgate.schema.Order;
import io.agreementgate.serde.ContractHeaders;
import io.agreementgate.topology.config.GateConfig;
import io.agreementgate.topology.config.GateTopics;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Decides orders read from the orders topic ({@link OrderDecider}) when they are keyed by their customer and on its
 * partition; sends any other (keyed otherwise, unkeyed, or on another partition than Kafka's default placement gives its
 * customer) on as {@link Decision.OrderRerouted}, keyed by its customer, to be decided by {@link DecideRekeyedOrders}.
 * Ends the wait of parked orders on a wall-clock schedule.
 */
final class DecideOrders implements Processor<String, Order, String, Decision> {
    private final GateConfig config;
    private final String inputTopic;
    private final Rerouting rerouting;

    private ProcessorContext<String, Decision> context;
    private GateStores stores;
    private OrderDecider decider;
    private Cancellable expiry;
    private NewerContractMetrics newerContracts;

    DecideOrders(GateConfig config, MisplacementReports reports) {
        this.config = config;
        this.inputTopic = config.topics().name(GateTopics.ORDERS);
        this.rerouting = new Rerouting(new Placement(config.inputPartitions()), reports, GateNames.ORDERS_REPARTITION);
    }

    @Override
    public void init(ProcessorContext<String, Decision> context) {
        this.context = context;
        stores = GateStores.from(context);
        decider = new OrderDecider(
                config, context, stores, new DecisionMetrics(context.metrics(), GateNames.DECIDE_ORDERS));
        newerContracts = new NewerContractMetrics(context.metrics(), GateNames.DECIDE_ORDERS);
        rerouting.init(context, GateNames.DECIDE_ORDERS, inputTopic, true);
        // Wall-clock, not stream time: a waiting order must be rejected even when no further records arrive.
        expiry = context.schedule(config.waitCheckInterval(), PunctuationType.WALL_CLOCK_TIME, decider::expireWaiting);
    }

    @Override
    public void process(Record<String, Order> record) {
        String customerId = record.value().getCustomerId();
        newerContracts.count(inputTopic, record.headers());
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
                Record<String, Decision> rerouted =
                        record.withKey(customerId).withValue(new Decision.OrderRerouted(record.value()));
                OrderOrigin.putRekeyed(rerouted.headers(), origin);
                context.forward(rerouted);
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
