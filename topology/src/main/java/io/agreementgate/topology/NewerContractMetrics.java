package io.agreementgate.topology;

import io.agreementgate.serde.ContractHeaders;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * Counts input records written with a newer contract, by topic and field ({@link NewerContractSeries}), from what the
 * deserializer found ({@link ContractHeaders}). The sensors belong to the stream thread, as {@link DecisionMetrics}'.
 */
final class NewerContractMetrics {
    private final StreamsMetrics metrics;
    private final String entity;
    private final Map<NewerContractSeries, Sensor> sensors = new HashMap<>();

    NewerContractMetrics(StreamsMetrics metrics, String entity) {
        this.metrics = metrics;
        this.entity = entity;
    }

    /** Counts the record once per field that carried something new; nothing for a record of a known schema. */
    void count(String topic, Headers headers) {
        if (ContractHeaders.newerWriterSchemaId(headers).isEmpty()) {
            return;
        }
        Set<String> fields = new LinkedHashSet<>();
        ContractHeaders.unknownSymbols(headers).forEach(s -> fields.add(s.fieldName()));
        if (!ContractHeaders.unknownFields(headers).isEmpty()) {
            fields.add(NewerContractSeries.UNKNOWN_FIELDS);
        }
        for (String field : fields) {
            sensors.computeIfAbsent(
                            new NewerContractSeries(topic, field),
                            s -> metrics.addRateTotalSensor(
                                    GateNames.METRICS_SCOPE,
                                    entity,
                                    s.operation(),
                                    Sensor.RecordingLevel.INFO,
                                    s.tags()))
                    .record();
        }
    }
}
