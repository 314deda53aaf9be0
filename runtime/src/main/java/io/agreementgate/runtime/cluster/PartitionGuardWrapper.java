package io.agreementgate.runtime.cluster;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.ProcessorWrapper;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.WrappedFixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.WrappedProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Kafka Streams' processor wrapper ({@code processor.wrapper.class}, KIP-1112) that puts the {@link PartitionGuard} in
 * front of every processor of the topology: a task is admitted before its processors start, and no record is taken
 * once the guard tripped. The topology itself stays as it is (the runtime adds this through the config); without a
 * guard in the config it wraps nothing.
 */
public final class PartitionGuardWrapper implements ProcessorWrapper {
    private PartitionGuard guard;

    @Override
    public void configure(Map<String, ?> configs) {
        Object value = configs.get(PartitionGuard.CONFIG_KEY);
        guard = value instanceof PartitionGuard g ? g : null;
    }

    @Override
    public <KIn, VIn, KOut, VOut> WrappedProcessorSupplier<KIn, VIn, KOut, VOut> wrapProcessorSupplier(
            String processorName, ProcessorSupplier<KIn, VIn, KOut, VOut> supplier) {
        PartitionGuard g = guard;
        if (g == null) {
            return ProcessorWrapper.asWrapped(supplier);
        }
        return new WrappedProcessorSupplier<>() {
            @Override
            public Processor<KIn, VIn, KOut, VOut> get() {
                return new Guarded<>(g, supplier.get());
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return supplier.stores();
            }
        };
    }

    @Override
    public <KIn, VIn, VOut> WrappedFixedKeyProcessorSupplier<KIn, VIn, VOut> wrapFixedKeyProcessorSupplier(
            String processorName, FixedKeyProcessorSupplier<KIn, VIn, VOut> supplier) {
        PartitionGuard g = guard;
        if (g == null) {
            return ProcessorWrapper.asWrappedFixedKey(supplier);
        }
        return new WrappedFixedKeyProcessorSupplier<>() {
            @Override
            public FixedKeyProcessor<KIn, VIn, VOut> get() {
                return new GuardedFixedKey<>(g, supplier.get());
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return supplier.stores();
            }
        };
    }

    private record Guarded<KIn, VIn, KOut, VOut>(PartitionGuard guard, Processor<KIn, VIn, KOut, VOut> delegate)
            implements Processor<KIn, VIn, KOut, VOut> {
        @Override
        public void init(ProcessorContext<KOut, VOut> context) {
            guard.admit(context.taskId());
            delegate.init(context);
        }

        @Override
        public void process(Record<KIn, VIn> record) {
            guard.ensureOpen();
            delegate.process(record);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    private record GuardedFixedKey<KIn, VIn, VOut>(PartitionGuard guard, FixedKeyProcessor<KIn, VIn, VOut> delegate)
            implements FixedKeyProcessor<KIn, VIn, VOut> {
        @Override
        public void init(FixedKeyProcessorContext<KIn, VOut> context) {
            guard.admit(context.taskId());
            delegate.init(context);
        }

        @Override
        public void process(FixedKeyRecord<KIn, VIn> record) {
            guard.ensureOpen();
            delegate.process(record);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
