package io.agreementgate.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The gate's transactional producer under full load on a single broker: it may retry produce requests (the first
 * write of a transaction to a partition is refused while the coordinator still writes the previous transaction's
 * markers, and the batches already in flight behind it come back {@code OUT_OF_ORDER_SEQUENCE_NUMBER}). The retries
 * are logged; every order is still decided exactly once.
 */
class ProducerRetriesIT extends OnEmbeddedCluster {
    private static final Pattern RETRY = Pattern.compile("Got error produce response .* Error: ([A-Z_]+)");

    @Test
    void shouldDecideEveryOrderOnceWhateverTheProducerRetries() throws Exception {
        int orders = 20_000;
        try (Traffic traffic = new Traffic(cluster.bootstrapServers(), cluster.schemaRegistryUrl(), Fixture.TOPICS);
                DecisionLedger ledger =
                        new DecisionLedger(cluster.bootstrapServers(), cluster.schemaRegistryUrl(), Fixture.TOPICS)) {
            // A backlog first, so that the gate decides as fast as it can once it starts.
            traffic.start(orders, 0).awaitDone();
            try (GateJvm gate = GateJvm.start(
                            root.resolve("retries-gate.log"),
                            Fixture.options(cluster, root.resolve("retries")),
                            Fixture.defaults("retries-gate", Duration.ofSeconds(3)))
                    .awaitHealthy(Duration.ofSeconds(90))) {
                Decisions.awaitAll(ledger, orders, Duration.ofMinutes(4));
                Map<String, Integer> retries = retriesByError(gate.output());

                System.out.println("producer retries test: " + ledger.summary(orders));
                System.out.println("producer retries test: the gate's producer retried " + retries);
                assertThat(ledger.decidedMoreThanOnce()).isEmpty();
                assertThat(ledger.decidedOrders()).isEqualTo(orders);
            }
        }
    }

    private static Map<String, Integer> retriesByError(String log) {
        Map<String, Integer> counts = new TreeMap<>();
        Matcher m = RETRY.matcher(log);
        while (m.find()) {
            counts.merge(m.group(1), 1, Integer::sum);
        }
        return counts;
    }
}
