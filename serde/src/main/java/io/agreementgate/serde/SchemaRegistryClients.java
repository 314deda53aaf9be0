package io.agreementgate.serde;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Builds a {@link SchemaRegistryClient} from a {@code schema.registry.url} and Confluent-style client config. */
public final class SchemaRegistryClients {

    public static final String MOCK_URL_PREFIX = "mock://";
    /** {@code user:password} for HTTP basic authentication (Confluent's key). */
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    /** Connect and request timeout in milliseconds. */
    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";

    private static final String PREFIXED_BASIC_AUTH_USER_INFO = "schema.registry." + BASIC_AUTH_USER_INFO;

    /** Like Confluent's mock:// registries: one per scope for the whole JVM, so producer and consumer share it. */
    private static final ConcurrentMap<String, InMemorySchemaRegistry> MOCK_SCOPES = new ConcurrentHashMap<>();

    private SchemaRegistryClients() {}

    /**
     * A client for {@code url}: {@code mock://<scope>} gives the JVM-wide in-memory registry of that scope; anything
     * else is a comma-separated list of http(s) base URLs of a Confluent-compatible registry.
     *
     * @param config optional keys {@value #BASIC_AUTH_USER_INFO} (also with the {@code schema.registry.} prefix) and
     *     {@value #REQUEST_TIMEOUT_MS}; may be null
     */
    public static SchemaRegistryClient forUrl(String url, Map<String, ?> config) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("No schema registry URL given");
        }
        List<String> urls = Arrays.stream(url.split(",")).map(String::trim).toList();
        if (urls.stream().anyMatch(u -> u.startsWith(MOCK_URL_PREFIX))) {
            if (urls.size() != 1) {
                throw new IllegalArgumentException(
                        "A mock:// schema registry URL cannot be combined with others: " + url);
            }
            return MOCK_SCOPES.computeIfAbsent(
                    urls.get(0).substring(MOCK_URL_PREFIX.length()), scope -> new InMemorySchemaRegistry());
        }
        Map<String, ?> settings = config == null ? Map.of() : config;
        String userInfo = text(settings, BASIC_AUTH_USER_INFO);
        if (userInfo == null) {
            userInfo = text(settings, PREFIXED_BASIC_AUTH_USER_INFO);
        }
        String timeoutMs = text(settings, REQUEST_TIMEOUT_MS);
        Duration timeout = HttpSchemaRegistryClient.Config.DEFAULT_TIMEOUT;
        if (timeoutMs != null) {
            try {
                timeout = Duration.ofMillis(Long.parseLong(timeoutMs));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        REQUEST_TIMEOUT_MS + " must be a number of milliseconds, got " + timeoutMs, e);
            }
        }
        return new HttpSchemaRegistryClient(new HttpSchemaRegistryClient.Config(urls, userInfo, timeout));
    }

    /** Forgets the in-memory registry of a {@code mock://} scope, so that the next test starts empty. */
    public static void dropMockScope(String scope) {
        MOCK_SCOPES.remove(scope);
    }

    private static String text(Map<String, ?> config, String key) {
        Object value = config.get(key);
        if (value == null) {
            return null;
        }
        // Kafka's Password type hides its value in toString(); its value() holds the secret.
        if (value instanceof org.apache.kafka.common.config.types.Password password) {
            return password.value();
        }
        String text = value.toString().trim();
        return text.isEmpty() ? null : text;
    }
}
