package io.agreementgate.topology.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agreementgate.schema.AgreementType;
import io.agreementgate.schema.OrderType;
import io.agreementgate.topology.policy.InvalidPolicyException;
import io.agreementgate.topology.policy.Policy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopologySettingsTest {

    @Test
    void shouldUseTheSpecsDefaultsWhenNothingIsConfigured() {
        GateConfig config = TopologySettings.load(Map.of());

        assertThat(config.topics()).isEqualTo(Topics.DEFAULTS);
        assertThat(config.policy()).isEqualTo(Policy.DEFAULTS);
        assertThat(config.maxWait()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.applicationId()).isEqualTo("agreement-gate");
    }

    @Test
    void shouldReadTopicsWaitsAndPolicyFromProperties() {
        GateConfig config = TopologySettings.load(Map.of(
                "gate.topic.orders", "eu.orders",
                "gate.wait.max.ms", "0",
                "gate.policy.customer-agreement-from", "2019-10-02",
                "gate.policy.templates", "tpl-a:MICROSOFT_CUSTOMER_AGREEMENT, tpl-b:microsoft_cloud_agreement",
                "gate.policy.exempt-order-types", "",
                "gate.policy.professional-secrecy-countries", "DE,AT"));

        assertThat(config.topics().orders()).isEqualTo("eu.orders");
        assertThat(config.maxWait()).isZero();
        assertThat(config.policy().customerAgreementFrom()).isEqualTo(Instant.parse("2019-10-02T00:00:00Z"));
        assertThat(config.policy().templates())
                .containsEntry("tpl-a", AgreementType.MICROSOFT_CUSTOMER_AGREEMENT)
                .containsEntry("tpl-b", AgreementType.MICROSOFT_CLOUD_AGREEMENT);
        assertThat(config.policy().exemptOrderTypes()).doesNotContain(OrderType.AUTO_RENEWAL);
        assertThat(config.policy().professionalSecrecyCountries()).containsExactlyInAnyOrder("DE", "AT");
    }

    @Test
    void shouldPassOtherPropertiesToKafkaStreams() {
        GateConfig config = TopologySettings.load(Map.of("application.id", "gate-eu", "security.protocol", "SASL_SSL"));

        assertThat(config.applicationId()).isEqualTo("gate-eu");
        assertThat(config.streamsProperties()).containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void shouldNameTheKeyOfAnInvalidValue() {
        assertThatThrownBy(() -> TopologySettings.load(Map.of("gate.wait.max.ms", "one minute")))
                .hasMessageContaining("gate.wait.max.ms")
                .hasMessageContaining("one minute");
    }

    @Test
    void shouldReadTheDecodedStateBudget() {
        assertThat(TopologySettings.load(Map.of()).stateCacheBytes()).isEqualTo(GateConfig.defaultStateCacheBytes());
        assertThat(TopologySettings.load(Map.of("gate.state.cache.bytes", "10%"))
                        .stateCacheBytes())
                .isEqualTo(Runtime.getRuntime().maxMemory() / 100 * 10);
        assertThat(TopologySettings.load(Map.of("gate.state.cache.bytes", "1048576"))
                        .stateCacheBytes())
                .isEqualTo(1 << 20);
    }

    @Test
    void shouldRefuseANegativeDecodedStateBudget() {
        assertThatThrownBy(() -> TopologySettings.load(Map.of("gate.state.cache.bytes", "-1")))
                .hasMessageContaining("gate.state.cache.bytes")
                .hasMessageContaining("must not be negative");
    }

    @Test
    void shouldRefuseAnUnknownGateSetting() {
        assertThatThrownBy(() -> TopologySettings.load(Map.of("gate.wait.maximum", "5")))
                .hasMessageContaining("unknown setting gate.wait.maximum");
    }

    @Test
    void shouldStopOnAPolicyThatDoesNotValidate() {
        assertThatThrownBy(() -> TopologySettings.load(Map.of(
                        "gate.policy.customer-agreement-from", "2021-01-01",
                        "gate.policy.cloud-agreement-retired-from", "2020-02-01")))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("cloud-agreement-retired-from");
    }

    @Test
    void shouldReadTheOrderDateFloorAndTheBounds() {
        Policy policy = TopologySettings.load(Map.of(
                        "gate.policy.earliest-order-date", "2016-07-01",
                        "gate.policy.max-string-length", "256",
                        "gate.policy.max-line-items", "20"))
                .policy();

        assertThat(policy.earliestOrderDate()).isEqualTo(Instant.parse("2016-07-01T00:00:00Z"));
        assertThat(policy.maxStringLength()).isEqualTo(256);
        assertThat(policy.maxLineItems()).isEqualTo(20);
    }

    @Test
    void shouldStopOnAnOrderDateFloorThatLetsAnUnsetTimestampPass() {
        assertThatThrownBy(() -> TopologySettings.load(Map.of("gate.policy.earliest-order-date", "1970-01-01")))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("earliest-order-date");
    }

    @Test
    void shouldNotIdleOnEmptyInputPartitionsWhenOrdersMayWaitForAttestations() {
        assertThat(TopologySettings.load(Map.of()).streamsProperties()).containsEntry("max.task.idle.ms", -1L);
    }

    @Test
    void shouldKeepKafkaStreamsTimestampOrderingWhenOrdersAreDecidedAtOnce() {
        assertThat(TopologySettings.load(Map.of("gate.wait.max.ms", "0")).streamsProperties())
                .doesNotContainKey("max.task.idle.ms");
    }

    @Test
    void shouldSendUndecodableRecordsToTheConfiguredDeadLetterTopic() {
        assertThat(TopologySettings.load(Map.of("gate.topic.dead-letter", "eu.dlq"))
                        .streamsProperties())
                .containsEntry("errors.dead.letter.queue.topic.name", "eu.dlq")
                .containsEntry(
                        "deserialization.exception.handler",
                        io.agreementgate.topology.streams.DeadLetterOrRetryHandler.class);
    }
}
