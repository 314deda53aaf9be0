package io.agreementgate.topology.streams;

import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Refuses, at serialization, a value larger than the broker accepts. Under exactly-once a record the producer refuses
 * (its own size check, or the broker's) puts the whole transaction in error: the task is rolled back and processes
 * the same input again, forever. Refused here, before the producer sees it, the record goes to the production
 * exception handler's serialization path ({@link OversizeOutputHandler}), which dead-letters a summary and lets the
 * transaction go on.
 */
public final class BoundedSerializer<T> implements Serializer<T> {
    private final Serializer<T> inner;
    private final int maxBytes;

    public BoundedSerializer(Serializer<T> inner, int maxBytes) {
        this.inner = inner;
        this.maxBytes = maxBytes;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return checked(topic, inner.serialize(topic, data));
    }

    @Override
    public byte[] serialize(String topic, Headers headers, T data) {
        return checked(topic, inner.serialize(topic, headers, data));
    }

    private byte[] checked(String topic, byte[] bytes) {
        if (bytes != null && bytes.length > maxBytes) {
            throw new RecordTooLargeException("a record of " + bytes.length + " bytes for " + topic
                    + " is larger than the " + maxBytes + " bytes the gate sends (max.request.size less headroom)");
        }
        return bytes;
    }

    @Override
    public void close() {
        inner.close();
    }
}
