package io.agreementgate.topology;

import io.agreementgate.serde.ContractHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Where an order written with a newer contract came from, so that its approval can tell fulfilment that it carries the
 * gate's reading of the order ({@code ApprovedOrder.orderWriterSchemaId}) and where the original is ({@code
 * orderSource}). Kept with a waiting order, and carried across the repartition topic in {@value #REKEYED_HEADER}
 * (which the deciding processor on the orders topic always sets itself, so a producer cannot).
 *
 * @param writerSchemaId the newer writer schema's registry id
 * @param source {@code topic-partition@offset} of the order as written
 */
record OrderOrigin(int writerSchemaId, String source) {
    static final String REKEYED_HEADER = "agreement-gate.rekeyed-order-origin";

    /** The origin of an order read from the orders topic, or null when the gate read it completely. */
    static OrderOrigin of(Headers headers, Optional<RecordMetadata> metadata) {
        OptionalInt schemaId = ContractHeaders.newerWriterSchemaId(headers);
        if (schemaId.isEmpty()) {
            return null;
        }
        String source = metadata.map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
                .orElse("unknown");
        return new OrderOrigin(schemaId.getAsInt(), source);
    }

    /** Replaces whatever {@value #REKEYED_HEADER} the record carries by this origin (none for null). */
    static void putRekeyed(Headers headers, OrderOrigin origin) {
        headers.remove(REKEYED_HEADER);
        if (origin != null) {
            headers.add(
                    REKEYED_HEADER, (origin.writerSchemaId() + "|" + origin.source()).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The origin carried across the repartition topic, or null. */
    static OrderOrigin rekeyed(Headers headers) {
        Header header = headers.lastHeader(REKEYED_HEADER);
        if (header == null || header.value() == null) {
            return null;
        }
        String value = new String(header.value(), StandardCharsets.UTF_8);
        int bar = value.indexOf('|');
        return new OrderOrigin(Integer.parseInt(value.substring(0, bar)), value.substring(bar + 1));
    }

    static Integer schemaIdOf(OrderOrigin origin) {
        return origin == null ? null : origin.writerSchemaId();
    }

    static String sourceOf(OrderOrigin origin) {
        return origin == null ? null : origin.source();
    }

    static OrderOrigin of(Integer writerSchemaId, String source) {
        return writerSchemaId == null ? null : new OrderOrigin(writerSchemaId, source);
    }
}
