package io.agreementgate.serde;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/** Hands out value serdes for generated classes, all sharing one registry client; one serde per class. */
public final class AvroSerdes {

    private final SchemaRegistryClient client;
    private final boolean autoRegister;
    private final SchemaLimits limits;
    private final ConcurrentMap<Class<?>, Serde<?>> valueSerdes = new ConcurrentHashMap<>();

    public AvroSerdes(SchemaRegistryClient client, boolean autoRegister) {
        this(client, autoRegister, SchemaLimits.DEFAULTS);
    }

    /** @param limits what a writer schema may be, and how many each deserializer keeps */
    public AvroSerdes(SchemaRegistryClient client, boolean autoRegister, SchemaLimits limits) {
        this.client = Objects.requireNonNull(client, "client");
        this.autoRegister = autoRegister;
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @SuppressWarnings("unchecked") // the map only ever holds a Serde<T> under the key Class<T>
    public <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type) {
        return (Serde<T>) valueSerdes.computeIfAbsent(
                type, t -> new SpecificAvroSerde<>(type, client, false, autoRegister, limits));
    }

    public SchemaRegistryClient client() {
        return client;
    }
}
