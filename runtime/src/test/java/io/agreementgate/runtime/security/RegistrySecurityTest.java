package io.agreementgate.runtime.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agreementgate.embedded.EmbeddedSchemaRegistry;
import io.agreementgate.embedded.EmbeddedTls;
import io.agreementgate.serde.SchemaRegistryClients;
import io.agreementgate.serde.SchemaRegistryException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry client against a registry behind HTTPS and basic authentication, configured as Confluent's is. */
class RegistrySecurityTest {
    private static final String USER = "sr-user";
    private static final String PASSWORD = "sr-Secret-7f3";

    @TempDir
    static Path dir;

    private static EmbeddedTls.Stores tls;
    private static EmbeddedSchemaRegistry registry;

    @BeforeAll
    static void start() {
        tls = EmbeddedTls.generate(dir.resolve("tls"));
        registry = EmbeddedSchemaRegistry.start(
                dir.resolve("registry"), 0, new EmbeddedSchemaRegistry.Security(tls, USER, PASSWORD));
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void shouldServeHttps() {
        assertThat(registry.url()).startsWith("https://127.0.0.1:");
    }

    @Test
    void shouldAnswerWithTheTruststoreAndUserInfo() {
        Map<String, String> settings = trust();
        settings.put(SchemaRegistryClients.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO");
        settings.put(SchemaRegistryClients.BASIC_AUTH_USER_INFO, USER + ":" + PASSWORD);

        assertThat(SchemaRegistryClients.forUrl(registry.url(), settings).subjects())
                .isNotNull();
    }

    @Test
    void shouldAnswerWithCredentialsInTheUrl() {
        Map<String, String> settings = trust();
        settings.put(SchemaRegistryClients.BASIC_AUTH_CREDENTIALS_SOURCE, "URL");
        String url = registry.url().replace("https://", "https://" + USER + ":" + PASSWORD + "@");

        assertThat(SchemaRegistryClients.forUrl(url, settings).subjects()).isNotNull();
    }

    @Test
    void shouldRefuseAWrongPasswordWithoutShowingAny() {
        Map<String, String> settings = trust();
        settings.put(SchemaRegistryClients.BASIC_AUTH_USER_INFO, USER + ":wrong-Pa55");

        assertThatThrownBy(() ->
                        SchemaRegistryClients.forUrl(registry.url(), settings).subjects())
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("HTTP 401")
                .hasMessageNotContaining("wrong-Pa55");
    }

    @Test
    void shouldNotTrustTheRegistryWithoutTheTruststore() {
        Map<String, String> settings = Map.of(SchemaRegistryClients.BASIC_AUTH_USER_INFO, USER + ":" + PASSWORD);

        assertThatThrownBy(() ->
                        SchemaRegistryClients.forUrl(registry.url(), settings).subjects())
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("unreachable")
                .hasMessageNotContaining(PASSWORD);
    }

    private static Map<String, String> trust() {
        Map<String, String> settings = new HashMap<>();
        settings.put(SchemaRegistryClients.TRUSTSTORE_LOCATION, tls.truststore().toString());
        settings.put(SchemaRegistryClients.TRUSTSTORE_PASSWORD, tls.password());
        settings.put(SchemaRegistryClients.TRUSTSTORE_TYPE, "PKCS12");
        return settings;
    }
}
