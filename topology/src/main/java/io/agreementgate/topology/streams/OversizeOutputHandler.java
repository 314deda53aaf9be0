package io.agreementgate.topology.streams;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * No output can kill a stream thread: a gate output too large for the broker (a decision about a near-1 MiB order, a
 * dead letter) is not sent; a summary goes to the dead-letter topic instead (the exception, and the topic, partition
 * and offset of the input it came from: see {@link DeadLetters}), and processing goes on. Any other production error
 * keeps Kafka Streams' default: retried when retriable, else the task fails and is retried (a registry outage while
 * registering an output schema is no bad input).
 *
 * <p>It never throws: a failure of its own ends in the plain response, without a dead letter. A dead letter that is
 * itself refused is dropped with a log line, never dead-lettered again.
 */
public class OversizeOutputHandler implements ProductionExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(OversizeOutputHandler.class);

    private DeadLetters deadLetters = DeadLetters.from(Map.of());

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters = DeadLetters.from(configs);
    }

    @Override
    public Response handleError(
            ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (!tooLarge(exception)) {
            return exception instanceof RetriableException ? Response.retry() : Response.fail();
        }
        return summarised(context, record.topic(), exception);
    }

    @Override
    @SuppressWarnings("rawtypes") // the interface's own signature
    public Response handleSerializationError(
            ErrorHandlerContext context,
            ProducerRecord record,
            Exception exception,
            SerializationExceptionOrigin origin) {
        if (!tooLarge(exception)) {
            return Response.fail();
        }
        return summarised(context, record.topic(), exception);
    }

    private Response summarised(ErrorHandlerContext context, String outputTopic, Exception exception) {
        try {
            if (!deadLetters.enabled() || deadLetters.topic().equals(outputTopic)) {
                LOG.error(
                        "dropped a record for {} too large for the broker (input {}-{}@{}): {}",
                        outputTopic,
                        context.topic(),
                        context.partition(),
                        context.offset(),
                        exception.getMessage());
                return Response.resume();
            }
            LOG.error(
                    "a record for {} was too large for the broker (input {}-{}@{}); dead-lettered a summary: {}",
                    outputTopic,
                    context.topic(),
                    context.partition(),
                    context.offset(),
                    exception.getMessage());
            return Response.resume(List.of(
                    deadLetters.of(context, context.sourceRawKey(), context.sourceRawValue(), exception, outputTopic)));
        } catch (RuntimeException bug) {
            LOG.error("could not dead-letter a record too large for {}; dropped it", outputTopic, bug);
            return Response.resume();
        }
    }

    static boolean tooLarge(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof RecordTooLargeException) {
                return true;
            }
        }
        return false;
    }
}
