package io.agreementgate.topology.streams;

import io.agreementgate.serde.SchemaRegistryException;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a record that can never be decoded to the dead-letter topic and goes on, but refuses to dead-letter a good
 * record just because the schema registry is unreachable for a moment: then it fails the task, so the stream thread
 * is replaced and the record is read again from the last committed offset.
 */
public class DeadLetterOrRetryHandler extends LogAndContinueExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterOrRetryHandler.class);
    /** Keeps a replaced thread from hammering a registry that is down. */
    static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

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
        return super.handleError(context, record, e);
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
