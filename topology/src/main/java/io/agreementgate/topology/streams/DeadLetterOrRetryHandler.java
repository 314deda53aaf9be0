package io.agreementgate.topology.streams;

import io.agreementgate.serde.SchemaRegistryException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a record that can never be decoded to the dead-letter topic and goes on, but refuses to dead-letter a good
 * record just because the schema registry is unreachable for a moment: then it fails the task, so the stream thread
 * is replaced and the record is read again from the last committed offset. Its dead letters always fit what the
 * broker accepts ({@link DeadLetters}).
 */
public class DeadLetterOrRetryHandler extends LogAndContinueExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterOrRetryHandler.class);
    /** Keeps a replaced thread from hammering a registry that is down. */
    static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    /** Not Kafka Streams' builder: its dead letter of a 1 MB record (input, stack trace) was larger than the broker takes. */
    private DeadLetters deadLetters = DeadLetters.from(Map.of());

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception e) {
        if (isRegistryOutage(e)) {
            LOG.error(
                    "schema registry unavailable while reading {}-{}@{}; failing the task to retry: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
            pause();
            return Response.fail();
        }
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
