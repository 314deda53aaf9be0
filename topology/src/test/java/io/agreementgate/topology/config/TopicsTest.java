package io.agreementgate.topology.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.schema.Order;
import io.agreementgate.serde.AvroSerdes;
import io.agreementgate.serde.InMemorySchemaRegistry;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void shouldUseTheSpecsNamesByDefault() {
        assertThat(Topics.DEFAULTS.all())
                .containsExactly(
                        "csp.orders",
                        "csp.agreement-attestations",
                        "csp.orders.approved",
                        "csp.orders.rejected",
                        "csp.agreement-attestations.rejected",
                        "csp.dlq");
    }

    @Test
    void shouldTakeEachNameFromItsSetting() {
        Topics topics = Topics.from(Map.of("gate.topic.orders-rejected", "eu.rejected"));

        assertThat(topics.name(GateTopics.ORDERS_REJECTED)).isEqualTo("eu.rejected");
        assertThat(topics.name(GateTopics.ORDERS)).isEqualTo("csp.orders");
    }

    @Test
    void shouldGiveBackTheSettingsItWasReadFrom() {
        Topics prefixed = Topics.DEFAULTS.prefixed("t1");

        assertThat(Topics.from(prefixed.settings())).isEqualTo(prefixed);
        assertThat(prefixed.settings()).containsEntry("gate.topic.dead-letter", "t1.csp.dlq");
    }

    @Test
    void shouldDeclareEveryTopicSettingToTheLoader() {
        GateTopics.ALL.forEach(topic -> assertThat(TopologySettings.knownKeys()).contains(topic.settingKey()));
    }

    @Test
    void shouldKeepTheDeadLetterTopicOutOfTheCoPartitionedTopics() {
        assertThat(Topics.DEFAULTS.customerKeyed()).hasSize(5).doesNotContain("csp.dlq");
    }

    @Test
    void shouldPairEachTopicWithTheSerdeOfItsValues() {
        AvroSerdes serdes = new AvroSerdes(new InMemorySchemaRegistry(), true);
        Serde<Order> orders = GateTopics.ORDERS.valueSerde(serdes);

        assertThat(orders).isSameAs(serdes.valueSerde(Order.class));
        assertThat(GateTopics.DEAD_LETTER.valueSerde(serdes).serializer().serialize("t", new byte[] {1, 2}))
                .containsExactly(1, 2);
    }
}
