package io.agreementgate.runtime.metrics;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigException;

/** Records {@link DecisionLatency} for every decision a gate producer sends; passes every record on unchanged. */
public final class DecisionLatencyInterceptor implements ProducerInterceptor<Object, Object> {
    private DecisionLatency latency;

    @Override
    public void configure(Map<String, ?> configs) {
        if (!(configs.get(DecisionLatency.CONFIG_KEY) instanceof DecisionLatency configured)) {
            throw new ConfigException(DecisionLatencyInterceptor.class.getName()
                    + " is installed by the gate itself (DecisionLatency.streamsSettings), not by configuration");
        }
        this.latency = configured;
    }

    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
        latency.recordSent(record.topic(), record.timestamp(), System.currentTimeMillis());
        return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {}

    @Override
    public void close() {}
}
