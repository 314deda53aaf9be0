package io.agreementgate.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.serde.AvroSerdes;
import io.agreementgate.serde.InMemorySchemaRegistry;
import io.agreementgate.topology.config.GateConfig;
import org.junit.jupiter.api.Test;

class TopologyNamingTest {
    private final String description = GateTopology.build(
                    GateConfig.defaults(), new AvroSerdes(new InMemorySchemaRegistry(), true))
            .describe()
            .toString();

    @Test
    void shouldNameEveryProcessorStoreAndInternalTopic() {
        assertThat(description).doesNotContainPattern("KSTREAM-|KTABLE-|STATE-STORE-|\\d{10}");
    }

    @Test
    void shouldDecideOrdersAndAttestationsInOneSubTopologySharingTheStores() {
        assertThat(description)
                .contains(GateNames.ORDERS_REPARTITION + "-repartition")
                .contains(GateNames.ATTESTATIONS_REPARTITION + "-repartition")
                .contains(GateNames.AGREEMENTS_STORE, GateNames.WAITING_STORE, GateNames.APPROVED_IDS_STORE);
        // Both deciding processors use the same stores, so Kafka Streams must place them in one sub-topology, which
        // makes it require co-partitioned orders and attestations.
        assertThat(description).contains("Sub-topology: 0").doesNotContain("Sub-topology: 1");
    }
}
