package io.agreementgate.topology.streams;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Builds dead-letter records that always fit what the broker accepts, and never fails while doing so. Kafka Streams'
 * own builder copies the whole input and its stack trace into one record: a 1 MB undecodable record gave a dead letter
 * past the broker's limit, and a context without a timestamp (-1) made it throw "Invalid timestamp: -1", which killed
 * the stream thread over and over.
 *
 * <p>Headers are Kafka Streams' ({@code __streams.errors.*}: exception, message, topic, partition, offset of the
 * input) without the stack trace; the input's value is copied when it fits, else left out and its size given in
 * {@value #VALUE_OMITTED}: the input stays at the named topic, partition and offset.
 */
final class DeadLetters {
    static final String EXCEPTION = "__streams.errors.exception";
    static final String MESSAGE = "__streams.errors.message";
    static final String TOPIC = "__streams.errors.topic";
    static final String PARTITION = "__streams.errors.partition";
    static final String OFFSET = "__streams.errors.offset";
    /** Size in bytes of the input value left out of the dead letter because it would not fit. */
    static final String VALUE_OMITTED = "agreement-gate.value-omitted-bytes";
    /** The topic of a gate output that was too large to send, dead-lettered instead. */
    static final String OUTPUT_TOPIC = "agreement-gate.output-topic";

    /** Longest exception message kept: enough to say what went wrong, never a copy of the input. */
    private static final int MAX_MESSAGE_CHARS = 2_000;

    private final String topic;
    private final int maxBytes;

    private DeadLetters(String topic, int maxBytes) {
        this.topic = topic;
        this.maxBytes = maxBytes;
    }

    static DeadLetters from(Map<String, ?> settings) {
        Object topic = settings.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        return new DeadLetters(topic == null ? "" : topic.toString(), RecordLimits.maxValueBytes(settings));
    }

    boolean enabled() {
        return !topic.isEmpty();
    }

    String topic() {
        return topic;
    }

    /**
     * A dead letter for an input record ({@code rawKey}, {@code rawValue}: its bytes, either may be null) read as
     * {@code context} says; {@code outputTopic} names a refused output, or is null.
     */
    ProducerRecord<byte[], byte[]> of(
            ErrorHandlerContext context, byte[] rawKey, byte[] rawValue, Exception exception, String outputTopic) {
        Headers headers = new RecordHeaders();
        add(headers, EXCEPTION, exception.getClass().getName());
        add(headers, MESSAGE, truncated(String.valueOf(exception.getMessage())));
        if (context.topic() != null) {
            add(headers, TOPIC, context.topic());
            add(headers, PARTITION, String.valueOf(context.partition()));
            add(headers, OFFSET, String.valueOf(context.offset()));
        }
        if (outputTopic != null) {
            add(headers, OUTPUT_TOPIC, outputTopic);
        }
        byte[] key = fitting(rawKey, maxBytes / 4);
        byte[] value = rawValue;
        long budget = (long) maxBytes - (key == null ? 0 : key.length) - size(headers);
        if (value != null && value.length > budget) {
            add(headers, VALUE_OMITTED, String.valueOf(value.length));
            value = null;
        }
        // A record without a timestamp (-1, e.g. from a punctuation) gets the producer's clock.
        Long timestamp = context.timestamp() >= 0 ? context.timestamp() : null;
        return new ProducerRecord<>(topic, null, timestamp, key, value, headers);
    }

    private static byte[] fitting(byte[] bytes, int max) {
        return bytes != null && bytes.length <= max ? bytes : null;
    }

    private static String truncated(String message) {
        return message.length() <= MAX_MESSAGE_CHARS ? message : message.substring(0, MAX_MESSAGE_CHARS) + "…";
    }

    private static void add(Headers headers, String key, String value) {
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static long size(Headers headers) {
        long bytes = 0;
        for (var header : headers) {
            bytes += header.key().length() + (header.value() == null ? 0 : header.value().length) + 8;
        }
        return bytes + 64; // the value-omitted header, should it be added
    }
}
