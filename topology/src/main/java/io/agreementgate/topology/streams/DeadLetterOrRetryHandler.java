package io.agreementgate.topology.streams;

import io.agreementgate.serde.SchemaRegistryException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a record that can never be decoded to the dead-letter topic and goes on; a record that cannot be decoded
 * only because the schema registry is unreachable (its writer schema is not cached yet) is a good record and is
 * parked instead: written again, unchanged, to the end of its own partition, in the same transaction that moves past
 * it, and read again when its turn comes round.
 *
 * <p>Why parking and not failing the task or waiting: Kafka Streams offers a deserialization handler only "skip" or
 * "fail". Failing the task replaced the stream thread and rebalanced the group every second, so one record with a new
 * schema id stopped every partition for the whole outage; waiting inside the deserializer would hold the stream thread
 * and so every partition it owns. Parked, the record waits in its partition while every record whose schema is cached,
 * on every partition, keeps being decided; it costs one copy of the record per retry (each the size of the record) and
 * a later decision for that one record, which the rules allow (decisions never depend on arrival order). The retries
 * back off: the partition is held ({@link ParkingLot}) for 0.1 s after the first, doubling to at most 4 s, so that an
 * outage of ten minutes costs about 155 copies per parked record, not thousands. The copy keeps key, value, timestamp
 * and headers, with {@link #PARKED_HEADER} counting the retries.
 * The gate therefore needs WRITE on its input topics (GateAcls). Not a parking topic of the gate's own, though it
 * would spare that ACL: it would be one more source per input in the same sub-topology, co-partitioned with it, created,
 * guarded and migrated with it; written back to its own partition the record comes back to its own task by
 * construction (docs/RESILIENCE.md, "Why parking"). Its dead letters always fit what the broker accepts
 * ({@link DeadLetters}).
 */
public class DeadLetterOrRetryHandler extends LogAndContinueExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterOrRetryHandler.class);

    /** How many times a record was parked for a registry outage (a 4-byte big-endian int). */
    public static final String PARKED_HEADER = "agreement-gate.registry-retries";

    /**
     * Without a {@link ParkingLot} honoured by the consumers (TopologyTestDriver, Kafka Streams' own clients), keeps a
     * partition holding only a parked record from spinning (re-reading it at once under at-least-once, where the copy
     * is visible before any commit): at most a tenth of a second of stream thread per retry.
     */
    static final Duration RETRY_PAUSE = Duration.ofMillis(100);

    /**
     * Kafka Streams counts a parked record as dropped, like a dead letter: the gate's dead-letter count and its health
     * subtract the parked ones (a parked record is neither dead nor decided).
     */
    private HandledRecords counts = new HandledRecords();

    /** Where the back-off between a parked record's tries is kept; null when the settings carry none. */
    private ParkingLot lot;

    /** Not Kafka Streams' builder: its dead letter of a 1 MB record (input, stack trace) was larger than the broker takes. */
    private DeadLetters deadLetters = DeadLetters.from(Map.of());

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception e) {
        if (isRegistryOutage(e)) {
            int retries = retries(record.headers()) + 1;
            // Once, then at 2, 4, 8, ... retries: an outage of an hour logs about a dozen lines per parked record.
            if (Integer.bitCount(retries) == 1) {
                LOG.warn(
                        "schema registry unavailable while reading {}-{}@{}; parked at the end of its partition"
                                + " (retry {}), other records go on: {}",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        retries,
                        e.getMessage());
            }
            if (lot != null && lot.honoured()) {
                // Its partition is not fetched again before the back-off ends: no copy until then, and the stream
                // thread goes on with every other partition meanwhile.
                lot.hold(new TopicPartition(record.topic(), record.partition()), ParkingLot.holdAfter(retries));
            } else {
                pause();
            }
            counts.recordParked();
            return Response.resume(List.of(parked(record, retries)));
        }
        counts.recordDeadLettered();
        LOG.warn(
                "dead-lettering an undecodable record from {}-{}@{}: {}",
                record.topic(),
                record.partition(),
                record.offset(),
                e.toString());
        if (!deadLetters.enabled()) {
            return Response.resume();
        }
        try {
            return Response.resume(List.of(deadLetters.of(context, record.key(), record.value(), e, null)));
        } catch (RuntimeException bug) {
            LOG.error(
                    "could not build the dead letter for {}-{}@{}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    bug);
            return Response.resume();
        }
    }

    @Override
    public void configure(Map<String, ?> configs) {
        super.configure(configs);
        deadLetters = DeadLetters.from(configs);
        counts = HandledRecords.from(configs);
        lot = ParkingLot.from(configs);
    }

    /** The copy of {@code record} written to the end of its own partition. */
    public static ProducerRecord<byte[], byte[]> parked(ConsumerRecord<byte[], byte[]> record, int retries) {
        Headers headers = new RecordHeaders();
        for (Header header : record.headers()) {
            if (!PARKED_HEADER.equals(header.key())) {
                headers.add(header);
            }
        }
        headers.add(
                PARKED_HEADER,
                ByteBuffer.allocate(Integer.BYTES).putInt(retries).array());
        // A record without a timestamp (-1, old message format) gets the producer's: a ProducerRecord refuses -1.
        Long timestamp = record.timestamp() < 0 ? null : record.timestamp();
        return new ProducerRecord<>(
                record.topic(), record.partition(), timestamp, record.key(), record.value(), headers);
    }

    /** The retries recorded on a parked record, 0 for one never parked (or with a header it did not write). */
    public static int retries(Headers headers) {
        Header header = headers.lastHeader(PARKED_HEADER);
        return header == null || header.value() == null || header.value().length != Integer.BYTES
                ? 0
                : Math.max(0, ByteBuffer.wrap(header.value()).getInt());
    }

    public static boolean isRegistryOutage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SchemaRegistryException registry && registry.isTransient()) {
                return true;
            }
        }
        return false;
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
