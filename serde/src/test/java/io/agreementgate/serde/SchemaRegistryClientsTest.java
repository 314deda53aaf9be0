package io.agreementgate.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agreementgate.schema.Order;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchemaRegistryClientsTest {

    @AfterEach
    void dropScopes() {
        SchemaRegistryClients.dropMockScope("clients-test");
        SchemaRegistryClients.dropMockScope("clients-test-other");
    }

    @Test
    void shouldShareOneInMemoryRegistryPerMockScopeAcrossTheJvm() {
        SchemaRegistryClient producerSide = SchemaRegistryClients.forUrl("mock://clients-test", Map.of());
        SchemaRegistryClient consumerSide = SchemaRegistryClients.forUrl("mock://clients-test", null);
        SchemaRegistryClient otherScope = SchemaRegistryClients.forUrl("mock://clients-test-other", Map.of());

        int id = producerSide.register("csp.orders-value", Order.getClassSchema());

        assertThat(producerSide).isInstanceOf(InMemorySchemaRegistry.class).isSameAs(consumerSide);
        assertThat(consumerSide.schemaById(id)).isEqualTo(Order.getClassSchema());
        assertThat(otherScope).isNotSameAs(producerSide);
        assertThat(otherScope.subjects()).isEmpty();
    }

    @Test
    void shouldStartAnEmptyRegistryAfterAMockScopeIsDropped() {
        SchemaRegistryClients.forUrl("mock://clients-test", Map.of()).register("x-value", Order.getClassSchema());

        SchemaRegistryClients.dropMockScope("clients-test");

        assertThat(SchemaRegistryClients.forUrl("mock://clients-test", Map.of()).subjects())
                .isEmpty();
    }

    @Test
    void shouldBuildAnHttpClientFromConfluentStyleConfig() {
        SchemaRegistryClient client = SchemaRegistryClients.forUrl(
                "http://a:8081,http://b:8081",
                Map.of(
                        SchemaRegistryClients.BASIC_AUTH_USER_INFO,
                        new Password("gate:s3cret"),
                        SchemaRegistryClients.REQUEST_TIMEOUT_MS,
                        2500,
                        SchemaRegistryClients.BASIC_AUTH_OVER_HTTP,
                        "true"));

        assertThat(client).isInstanceOf(HttpSchemaRegistryClient.class);
        HttpSchemaRegistryClient.Config config = ((HttpSchemaRegistryClient) client).config();
        assertThat(config.urls()).containsExactly("http://a:8081", "http://b:8081");
        assertThat(config.basicAuthUserInfo()).isEqualTo("gate:s3cret");
        assertThat(config.timeout()).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void shouldAcceptThePrefixedBasicAuthKeyAndDefaultTheTimeout() {
        HttpSchemaRegistryClient client = (HttpSchemaRegistryClient)
                SchemaRegistryClients.forUrl("https://a:8081", Map.of("schema.registry.basic.auth.user.info", "u:p"));

        assertThat(client.config().basicAuthUserInfo()).isEqualTo("u:p");
        assertThat(client.config().timeout()).isEqualTo(HttpSchemaRegistryClient.Config.DEFAULT_TIMEOUT);
    }

    @Test
    void shouldRejectUnusableUrls() {
        assertThatThrownBy(() -> SchemaRegistryClients.forUrl("", Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SchemaRegistryClients.forUrl("mock://a,http://b:8081", Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SchemaRegistryClients.forUrl(
                        "http://a:8081", Map.of(SchemaRegistryClients.REQUEST_TIMEOUT_MS, "soon")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("soon");
    }

    @Test
    void shouldRejectAnUnknownRegistryKey() {
        assertThatThrownBy(() -> SchemaRegistryClients.forUrl(
                        "https://a:8081", Map.of("schema.registry.ssl.trustsore.location", "/tmp/x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown schema registry setting schema.registry.ssl.trustsore.location");
    }

    @Test
    void shouldTakeCredentialsFromTheSourceConfluentNames() {
        Map<String, String> userInfo = Map.of(
                SchemaRegistryClients.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO",
                SchemaRegistryClients.BASIC_AUTH_USER_INFO, "u:p");
        assertThat(((HttpSchemaRegistryClient) SchemaRegistryClients.forUrl("https://x:y@a:8081", userInfo))
                        .config()
                        .basicAuthUserInfo())
                .isEqualTo("u:p");
        Map<String, String> url = Map.of(SchemaRegistryClients.BASIC_AUTH_CREDENTIALS_SOURCE, "URL");
        assertThat(((HttpSchemaRegistryClient) SchemaRegistryClients.forUrl("https://x:y@a:8081", url))
                        .config()
                        .basicAuthUserInfo())
                .isEqualTo("x:y");
        assertThatThrownBy(() -> SchemaRegistryClients.forUrl("https://a:8081", url))
                .hasMessageContaining("has no user:password@");
        assertThatThrownBy(() -> SchemaRegistryClients.forUrl(
                        "https://a:8081", Map.of(SchemaRegistryClients.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO")))
                .hasMessageContaining("basic.auth.user.info is not set");
        assertThatThrownBy(() -> SchemaRegistryClients.forUrl(
                        "https://a:8081", Map.of(SchemaRegistryClients.BASIC_AUTH_CREDENTIALS_SOURCE, "SASL_INHERIT")))
                .hasMessageContaining("unsupported");
    }

    @Test
    void shouldNameAMissingTruststoreWithoutShowingItsPassword() {
        assertThatThrownBy(() -> SchemaRegistryClients.forUrl(
                        "https://a:8081",
                        Map.of(
                                SchemaRegistryClients.TRUSTSTORE_LOCATION, "/nonexistent/truststore.p12",
                                SchemaRegistryClients.TRUSTSTORE_PASSWORD, "store-s3cret")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/nonexistent/truststore.p12 does not exist")
                .hasMessageNotContaining("store-s3cret");
    }
}
