package io.agreementgate.runtime.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Comparator;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * {@code /health}: 200 while Kafka Streams is RUNNING or REBALANCING (a rebalance is normal life: the instance is
 * healthy and will process again), 503 otherwise, so an orchestrator restarts a gate that stopped processing.
 */
final class HealthHandler {
    private final Supplier<KafkaStreams> streams;
    private final HostInfo self;

    HealthHandler(Supplier<KafkaStreams> streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    void handle(HttpExchange exchange) throws IOException {
        KafkaStreams current = streams.get();
        KafkaStreams.State state = current == null ? KafkaStreams.State.CREATED : current.state();
        boolean up = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
        ObjectNode body = Responses.object()
                .put("status", up ? "UP" : "DOWN")
                .put("state", state.name())
                .put("instance", self.host() + ":" + self.port());
        if (current != null && state.isRunningOrRebalancing()) {
            ArrayNode threads = body.putArray("threads");
            current.metadataForLocalThreads().stream()
                    .sorted(Comparator.comparing(ThreadMetadata::threadName))
                    .forEach(t -> threads.addObject()
                            .put("name", t.threadName())
                            .put("state", t.threadState())
                            .put("activeTasks", t.activeTasks().size()));
        }
        Responses.json(exchange, up ? 200 : 503, body);
    }
}
