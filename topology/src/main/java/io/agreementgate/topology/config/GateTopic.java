package io.agreementgate.topology.config;

import io.agreementgate.serde.AvroSerdes;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One of the gate's topics as the code knows it: its role, the setting that names it, its default name, and the type
 * of its values with the serde that reads and writes them. The catalogue of them is {@link GateTopics}; the names in
 * force are a {@link Topics}.
 *
 * @param role the topic's part in the gate, also the suffix of its setting {@code gate.topic.<role>}
 * @param valueType the generated Avro class of its values, or {@code byte[]} for raw records (the dead-letter topic)
 * @param shortName what the console tools call its value type ({@code --value-type order}); null for raw records
 */
public record GateTopic<V>(
        String role, String defaultName, Class<V> valueType, String shortName, boolean customerKeyed) {

    public String settingKey() {
        return "gate.topic." + role;
    }

    public boolean isAvro() {
        return SpecificRecord.class.isAssignableFrom(valueType);
    }

    /** The serde of this topic's values: Confluent-wire Avro through the given registry, or raw bytes. */
    public Serde<V> valueSerde(AvroSerdes serdes) {
        return isAvro() ? avroSerde(serdes) : rawSerde();
    }

    @SuppressWarnings({"unchecked", "rawtypes"}) // isAvro() checked that V is a SpecificRecord type
    private Serde<V> avroSerde(AvroSerdes serdes) {
        return (Serde<V>) serdes.valueSerde((Class) valueType);
    }

    @SuppressWarnings("unchecked") // only a byte[] topic is not Avro
    private Serde<V> rawSerde() {
        if (valueType != byte[].class) {
            throw new IllegalStateException(role + ": values are neither Avro records nor raw bytes");
        }
        return (Serde<V>) Serdes.ByteArray();
    }
}
