package io.agreementgate.topology;

import io.agreementgate.schema.Order;
import io.agreementgate.topology.config.GateConfig;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Decides orders keyed by customer, and ends the wait of parked orders on a wall-clock schedule. */
final class OrderProcessor implements Processor<String, Order, String, SpecificRecord> {
    private final GateConfig config;
    private GateStores stores;
    private OrderDecider decider;
    private DecisionMetrics metrics;
    private Cancellable expiry;

    OrderProcessor(GateConfig config) {
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        metrics = new DecisionMetrics(context.metrics(), GateNames.DECIDE_ORDERS);
        stores = GateStores.from(context);
        decider = new OrderDecider(config, context, stores, metrics);
        // Wall-clock, not stream time: a waiting order must be rejected even when no further records arrive.
        expiry = context.schedule(config.waitCheckInterval(), PunctuationType.WALL_CLOCK_TIME, decider::expireWaiting);
    }

    @Override
    public void process(Record<String, Order> record) {
        decider.onOrder(record);
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
