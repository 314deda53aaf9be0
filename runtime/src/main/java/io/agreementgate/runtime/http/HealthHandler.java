package io.agreementgate.runtime.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.agreementgate.runtime.gate.GateHealth;
import java.io.IOException;
import java.util.Comparator;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * {@code /health}: 200 while the gate processes, 503 with the reason otherwise ({@link GateHealth}: not RUNNING, stuck
 * REBALANCING, Kafka unreachable or records waiting with none processed for the stall time, a full state disk, a
 * stream thread dead with nothing processed since), so an orchestrator restarts a gate that decides nothing.
 */
final class HealthHandler {
    private final Supplier<KafkaStreams> streams;
    private final Supplier<GateHealth.Verdict> health;
    private final HostInfo self;

    HealthHandler(Supplier<KafkaStreams> streams, Supplier<GateHealth.Verdict> health, HostInfo self) {
        this.streams = streams;
        this.health = health;
        this.self = self;
    }

    void handle(HttpExchange exchange) throws IOException {
        KafkaStreams current = streams.get();
        GateHealth.Verdict verdict = health.get();
        KafkaStreams.State state = verdict.state();
        boolean up = verdict.up();
        ObjectNode body = Responses.object()
                .put("status", up ? "UP" : "DOWN")
                .put("state", state.name())
                .put("reason", verdict.reason())
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
