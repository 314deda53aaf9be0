package io.agreementgate.topology;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * An input serde that treats a missing value as undecodable: orders and attestations have no tombstones, so a null
 * value is a producer bug and belongs in the dead-letter topic, not silently dropped.
 */
final class RequiredValueSerde {
    private RequiredValueSerde() {}

    static <T> Serde<T> wrap(Serde<T> inner) {
        Deserializer<T> delegate = inner.deserializer();
        Deserializer<T> strict = new Deserializer<>() {
            @Override
            public T deserialize(String topic, byte[] data) {
                return deserialize(topic, null, data);
            }

            @Override
            public T deserialize(String topic, Headers headers, byte[] data) {
                if (data == null) {
                    throw new SerializationException("record on " + topic + " has no value; a value is required");
                }
                return delegate.deserialize(topic, headers, data);
            }
        };
        return Serdes.serdeFrom(inner.serializer(), strict);
    }
}
