package io.agreementgate.topology.streams;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * How large a record the gate may send: the producer's {@code max.request.size} (1 MiB unless set; the broker's
 * default {@code message.max.bytes} is the same) less 16 KiB for the key (a customer id, at most 4,096 chars), the
 * headers and the batch overhead. Topics configured below that ({@code max.message.bytes}) need {@code
 * max.request.size} lowered to match.
 */
public final class RecordLimits {
    static final int DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;
    static final int HEADROOM = 16 * 1024;

    private RecordLimits() {}

    /** The largest serialized value the gate sends, from the Kafka Streams settings in force. */
    public static int maxValueBytes(Map<?, ?> streamsSettings) {
        Object set = streamsSettings.get(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
        if (set == null) {
            set = streamsSettings.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        }
        int maxRequestSize = DEFAULT_MAX_REQUEST_SIZE;
        if (set != null) {
            try {
                maxRequestSize = Integer.parseInt(set.toString().trim());
            } catch (NumberFormatException e) {
                // Kafka's own validation of the setting reports it; keep the default here.
            }
        }
        return Math.max(HEADROOM, maxRequestSize - HEADROOM);
    }
}
