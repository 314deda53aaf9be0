package io.agreementgate.topology.streams;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * Objects of the running gate that reach what Kafka Streams instantiates from a class name (the deserialization
 * handler) through the Kafka Streams settings, the only way in.
 */
final class CarriedObjects {
    private CarriedObjects() {}

    /** The {@code type} the settings carry under {@code key}, or null when they carry none; anything else refused. */
    static <T> T carried(Map<String, ?> configs, String key, Class<T> type) {
        Object value = configs.get(key);
        if (value == null || type.isInstance(value)) {
            return type.cast(value);
        }
        throw new ConfigException(key, value, "must be the gate's " + type.getName());
    }
}
