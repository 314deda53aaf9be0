package io.agreementgate.topology;

import io.agreementgate.schema.Order;
import io.agreementgate.topology.config.GateConfig;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Decides the orders that came through the repartition topic: keyed by their customer, on its partition. Counted as
 * {@link GateNames#DECIDE_ORDERS}, so that an order's series is the same whichever path it took.
 */
final class DecideRekeyedOrders implements Processor<String, Order, String, Decision> {
    private final GateConfig config;
    private GateStores stores;
    private OrderDecider decider;

    DecideRekeyedOrders(GateConfig config) {
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<String, Decision> context) {
        stores = GateStores.from(context);
        decider = new OrderDecider(
                config, context, stores, new DecisionMetrics(context.metrics(), GateNames.DECIDE_ORDERS));
    }

    @Override
    public void process(Record<String, Order> record) {
        decider.onOrder(record, OrderOrigin.rekeyed(record.headers()));
    }

    @Override
    public void close() {
        if (stores != null) {
            stores.forgetDecoded();
        }
    }
}
