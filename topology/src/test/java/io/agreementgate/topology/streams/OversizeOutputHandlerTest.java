package io.agreementgate.topology.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Response;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Result;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.SerializationExceptionOrigin;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

/**
 * The production exception handler: a record too large for the broker becomes a dead letter that fits and processing
 * goes on; anything else keeps Kafka Streams' default; the handler itself never throws. (On the embedded broker:
 * {@code NoRecordStopsTheGateTest} in the runtime module.)
 */
class OversizeOutputHandlerTest {
    private static final String DLQ = "csp.dlq";
    private static final int MAX = RecordLimits.maxValueBytes(Map.of());

    private final OversizeOutputHandler handler = handler(DLQ);

    @Test
    void shouldDeadLetterASummaryOfAnOutputRefusedAtSerializationAndResume() {
        byte[] input = "order".getBytes(StandardCharsets.UTF_8);

        Response response = handler.handleSerializationError(
                context("csp.orders", 2, 41L, 1_700_000_000_000L, input),
                new ProducerRecord<>("csp.orders.rejected", "cust-1", "a decision"),
                new RecordTooLargeException("too large"),
                SerializationExceptionOrigin.VALUE);

        assertThat(response.result()).isEqualTo(Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(dead -> {
            assertThat(dead.topic()).isEqualTo(DLQ);
            assertThat(dead.value()).isEqualTo(input);
            assertThat(dead.timestamp()).isEqualTo(1_700_000_000_000L);
            assertThat(header(dead.headers(), "__streams.errors.topic")).isEqualTo("csp.orders");
            assertThat(header(dead.headers(), "__streams.errors.partition")).isEqualTo("2");
            assertThat(header(dead.headers(), "__streams.errors.offset")).isEqualTo("41");
            assertThat(header(dead.headers(), "agreement-gate.output-topic")).isEqualTo("csp.orders.rejected");
        });
    }

    @Test
    void shouldLeaveOutAnInputTooLargeToCopyAndGiveItsSize() {
        byte[] input = new byte[MAX];

        Response response = handler.handleError(
                context("csp.orders", 0, 7L, 1L, input),
                new ProducerRecord<>("csp.orders.rejected", new byte[0], new byte[MAX + 1]),
                new RecordTooLargeException("too large"));

        assertThat(response.result()).isEqualTo(Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(dead -> {
            assertThat(dead.value()).isNull();
            assertThat(header(dead.headers(), "agreement-gate.value-omitted-bytes"))
                    .isEqualTo(String.valueOf(MAX));
            assertThat(size(dead)).isLessThan(MAX);
        });
    }

    @Test
    void shouldGiveADeadLetterWithoutATimestampTheProducersClockInsteadOfFailing() {
        Response response = handler.handleSerializationError(
                context(null, -1, -1L, -1L, null),
                new ProducerRecord<>("csp.orders.rejected", "cust-1", "from a punctuation"),
                new RecordTooLargeException("too large"),
                SerializationExceptionOrigin.VALUE);

        assertThat(response.result()).isEqualTo(Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(dead -> {
            assertThat(dead.timestamp()).isNull();
            assertThat(dead.headers().lastHeader("__streams.errors.topic")).isNull();
        });
    }

    @Test
    void shouldDropADeadLetterThatIsItselfTooLargeInsteadOfDeadLetteringItAgain() {
        Response response = handler.handleError(
                context("csp.orders", 0, 1L, 1L, new byte[10]),
                new ProducerRecord<>(DLQ, new byte[0], new byte[10]),
                new RecordTooLargeException("too large"));

        assertThat(response.result()).isEqualTo(Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void shouldResumeWithoutADeadLetterWhenNoDeadLetterTopicIsSet() {
        Response response = handler("")
                .handleError(
                        context("csp.orders", 0, 1L, 1L, new byte[10]),
                        new ProducerRecord<>("csp.orders.approved", new byte[0], new byte[10]),
                        new RecordTooLargeException("too large"));

        assertThat(response.result()).isEqualTo(Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void shouldKeepKafkaStreamsDefaultsForEveryOtherError() {
        ErrorHandlerContext context = context("csp.orders", 0, 1L, 1L, new byte[10]);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>("csp.orders.approved", new byte[0], new byte[1]);

        assertThat(handler.handleError(context, record, new TimeoutException("slow"))
                        .result())
                .isEqualTo(Result.RETRY);
        assertThat(handler.handleError(context, record, new IllegalStateException("bad"))
                        .result())
                .isEqualTo(Result.FAIL);
        assertThat(handler.handleSerializationError(
                                context,
                                record,
                                new SerializationException("registry"),
                                SerializationExceptionOrigin.VALUE)
                        .result())
                .isEqualTo(Result.FAIL);
    }

    @Test
    void shouldNeverThrowEvenWhenTheContextDoes() {
        ErrorHandlerContext broken = new FixedContext("t", 0, 0, 0, null) {
            @Override
            public Headers headers() {
                throw new IllegalStateException("broken context");
            }

            @Override
            public String topic() {
                throw new IllegalStateException("broken context");
            }
        };

        Response response = handler.handleError(
                broken,
                new ProducerRecord<>("csp.orders.rejected", new byte[0], new byte[1]),
                new RecordTooLargeException("x"));

        assertThat(response.result()).isEqualTo(Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void shouldRefuseAtSerializationAValueLargerThanTheLimitAndPassOthers() {
        BoundedSerializer<byte[]> bounded = new BoundedSerializer<>(new ByteArraySerializer(), 10);

        assertThat(bounded.serialize("t", new byte[10])).hasSize(10);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> bounded.serialize("t", new RecordHeaders(), new byte[11]))
                .isInstanceOf(RecordTooLargeException.class)
                .hasMessageContaining("11 bytes");
    }

    @Test
    void shouldTakeTheLimitFromTheProducersMaxRequestSize() {
        assertThat(RecordLimits.maxValueBytes(Map.of())).isEqualTo(1024 * 1024 - 16 * 1024);
        assertThat(RecordLimits.maxValueBytes(Map.of("max.request.size", "2097152")))
                .isEqualTo(2 * 1024 * 1024 - 16 * 1024);
        assertThat(RecordLimits.maxValueBytes(Map.of("producer.max.request.size", 524288, "max.request.size", "1")))
                .isEqualTo(512 * 1024 - 16 * 1024);
    }

    private static OversizeOutputHandler handler(String deadLetterTopic) {
        OversizeOutputHandler handler = new OversizeOutputHandler();
        handler.configure(Map.of("errors.dead.letter.queue.topic.name", deadLetterTopic));
        return handler;
    }

    private static ErrorHandlerContext context(String topic, int partition, long offset, long timestamp, byte[] value) {
        return new FixedContext(topic, partition, offset, timestamp, value);
    }

    private static String header(Headers headers, String name) {
        return headers.lastHeader(name) == null
                ? null
                : new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static long size(ProducerRecord<byte[], byte[]> record) {
        long bytes = record.value() == null ? 0 : record.value().length;
        bytes += record.key() == null ? 0 : record.key().length;
        for (var h : record.headers()) {
            bytes += h.key().length() + h.value().length;
        }
        return bytes;
    }

    private static class FixedContext implements ErrorHandlerContext {
        private final String topic;
        private final int partition;
        private final long offset;
        private final long timestamp;
        private final byte[] value;

        FixedContext(String topic, int partition, long offset, long timestamp, byte[] value) {
            this.topic = topic;
            this.partition = partition;
            this.offset = offset;
            this.timestamp = timestamp;
            this.value = value == null ? null : Arrays.copyOf(value, value.length);
        }

        @Override
        public String topic() {
            return topic;
        }

        @Override
        public int partition() {
            return partition;
        }

        @Override
        public long offset() {
            return offset;
        }

        @Override
        public Headers headers() {
            return new RecordHeaders();
        }

        @Override
        public String processorNodeId() {
            return "decide-orders";
        }

        @Override
        public TaskId taskId() {
            return new TaskId(0, partition < 0 ? 0 : partition);
        }

        @Override
        public long timestamp() {
            return timestamp;
        }

        @Override
        public byte[] sourceRawKey() {
            return "cust-1".getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public byte[] sourceRawValue() {
            return value;
        }
    }
}
