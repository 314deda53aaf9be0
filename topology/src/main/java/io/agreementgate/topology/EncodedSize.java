package io.agreementgate.topology;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * The Avro binary size of a record, counted without keeping the bytes. Not thread-safe: one per processor. Used only
 * off the hot path (an order about to wait), where a store record must not outgrow what the broker accepts.
 */
final class EncodedSize<T extends SpecificRecord> {
    private final SpecificDatumWriter<T> writer;
    private final Counter counter = new Counter();
    private BinaryEncoder encoder;

    EncodedSize(Class<T> type) {
        this.writer = new SpecificDatumWriter<>(type);
    }

    long of(T record) {
        counter.count = 0;
        encoder = EncoderFactory.get().binaryEncoder(counter, encoder);
        try {
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counter.count;
    }

    private static final class Counter extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
