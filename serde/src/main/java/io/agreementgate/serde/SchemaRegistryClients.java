package io.agreementgate.serde;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.net.ssl.SSLContext;

/**
 * Builds a {@link SchemaRegistryClient} from a {@code schema.registry.url} and client settings under Confluent's
 * names, so an existing Confluent client configuration works as it is: basic authentication from {@value
 * #BASIC_AUTH_USER_INFO} or from the URL ({@value #BASIC_AUTH_CREDENTIALS_SOURCE} USER_INFO or URL), HTTPS with
 * {@code schema.registry.ssl.truststore.*} and {@code schema.registry.ssl.keystore.*}. A {@code schema.registry.*}
 * key it does not know is an error, not silently ignored.
 */
public final class SchemaRegistryClients {

    public static final String MOCK_URL_PREFIX = "mock://";
    public static final String URL = "schema.registry.url";
    /** {@code user:password} for HTTP basic authentication (Confluent's key). */
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    /** Where basic-auth credentials come from: USER_INFO or URL (Confluent's key). */
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    /** Connect and request timeout in milliseconds. */
    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
    /** Not Confluent's: basic authentication over plain http must be asked for, the credentials travel readable. */
    public static final String BASIC_AUTH_OVER_HTTP = "schema.registry.basic.auth.allow-plain-http";

    public static final String TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
    public static final String TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
    public static final String TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
    public static final String KEYSTORE_LOCATION = "schema.registry.ssl.keystore.location";
    public static final String KEYSTORE_PASSWORD = "schema.registry.ssl.keystore.password";
    public static final String KEYSTORE_TYPE = "schema.registry.ssl.keystore.type";
    public static final String KEY_PASSWORD = "schema.registry.ssl.key.password";

    private static final String PREFIX = "schema.registry.";
    private static final String PREFIXED_BASIC_AUTH_USER_INFO = PREFIX + BASIC_AUTH_USER_INFO;
    private static final String PREFIXED_CREDENTIALS_SOURCE = PREFIX + BASIC_AUTH_CREDENTIALS_SOURCE;

    /** Every {@code schema.registry.*} key this client reads. */
    public static final Set<String> KNOWN_PREFIXED_KEYS = Set.of(
            URL,
            REQUEST_TIMEOUT_MS,
            BASIC_AUTH_OVER_HTTP,
            PREFIXED_BASIC_AUTH_USER_INFO,
            PREFIXED_CREDENTIALS_SOURCE,
            TRUSTSTORE_LOCATION,
            TRUSTSTORE_PASSWORD,
            TRUSTSTORE_TYPE,
            KEYSTORE_LOCATION,
            KEYSTORE_PASSWORD,
            KEYSTORE_TYPE,
            KEY_PASSWORD);

    /** Like Confluent's mock:// registries: one per scope for the whole JVM, so producer and consumer share it. */
    private static final ConcurrentMap<String, InMemorySchemaRegistry> MOCK_SCOPES = new ConcurrentHashMap<>();

    private SchemaRegistryClients() {}

    /**
     * A client for {@code url}: {@code mock://<scope>} gives the JVM-wide in-memory registry of that scope; anything
     * else is a comma-separated list of http(s) base URLs of a Confluent-compatible registry.
     *
     * @param config the keys named in this class (basic-auth keys also with the {@code schema.registry.} prefix);
     *     may be null
     * @throws IllegalArgumentException for an unknown {@code schema.registry.*} key or a setting that cannot work,
     *     never showing a secret
     */
    public static SchemaRegistryClient forUrl(String url, Map<String, ?> config) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("No schema registry URL given");
        }
        Map<String, ?> settings = config == null ? Map.of() : config;
        checkKeys(settings);
        List<String> urls = Arrays.stream(url.split(",")).map(String::trim).toList();
        if (urls.stream().anyMatch(u -> u.startsWith(MOCK_URL_PREFIX))) {
            if (urls.size() != 1) {
                throw new IllegalArgumentException(
                        "A mock:// schema registry URL cannot be combined with others: " + Redaction.urls(url));
            }
            return MOCK_SCOPES.computeIfAbsent(
                    urls.get(0).substring(MOCK_URL_PREFIX.length()), scope -> new InMemorySchemaRegistry());
        }
        HttpSchemaRegistryClient.Config client = new HttpSchemaRegistryClient.Config(
                urls, userInfo(settings, urls), timeout(settings), ssl(settings), bool(settings, BASIC_AUTH_OVER_HTTP));
        return new HttpSchemaRegistryClient(client);
    }

    /** Fails on a {@code schema.registry.*} key this client does not read (a typo would otherwise do nothing). */
    public static void checkKeys(Map<String, ?> config) {
        Set<String> unknown = new TreeSet<>();
        config.keySet().stream()
                .filter(k -> k.startsWith(PREFIX) && !KNOWN_PREFIXED_KEYS.contains(k))
                .forEach(unknown::add);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown schema registry setting " + String.join(", ", unknown)
                    + "; known: " + new TreeSet<>(KNOWN_PREFIXED_KEYS));
        }
    }

    /** Forgets the in-memory registry of a {@code mock://} scope, so that the next test starts empty. */
    public static void dropMockScope(String scope) {
        MOCK_SCOPES.remove(scope);
    }

    /** Confluent's sources: USER_INFO reads {@value #BASIC_AUTH_USER_INFO}, URL the URL's user info. */
    private static String userInfo(Map<String, ?> settings, List<String> urls) {
        String userInfo = first(settings, BASIC_AUTH_USER_INFO, PREFIXED_BASIC_AUTH_USER_INFO);
        String source = first(settings, BASIC_AUTH_CREDENTIALS_SOURCE, PREFIXED_CREDENTIALS_SOURCE);
        if (source == null) {
            // Unset: whichever is given (the user-info setting wins), so both styles of configuration work.
            return userInfo;
        }
        boolean urlHasCredentials = urls.stream().anyMatch(u -> u.matches("https?://[^/]*@.*"));
        switch (source.toUpperCase(Locale.ROOT)) {
            case "USER_INFO" -> {
                if (userInfo == null) {
                    throw new IllegalArgumentException(BASIC_AUTH_CREDENTIALS_SOURCE + " is USER_INFO but "
                            + BASIC_AUTH_USER_INFO + " is not set");
                }
                return userInfo;
            }
            case "URL" -> {
                if (!urlHasCredentials) {
                    throw new IllegalArgumentException(BASIC_AUTH_CREDENTIALS_SOURCE
                            + " is URL but the schema registry URL has no user:password@");
                }
                return null; // taken from the URL by the client config
            }
            default ->
                throw new IllegalArgumentException(
                        "unsupported " + BASIC_AUTH_CREDENTIALS_SOURCE + " '" + source + "': USER_INFO or URL");
        }
    }

    private static Duration timeout(Map<String, ?> settings) {
        String timeoutMs = text(settings, REQUEST_TIMEOUT_MS);
        if (timeoutMs == null) {
            return HttpSchemaRegistryClient.Config.DEFAULT_TIMEOUT;
        }
        try {
            return Duration.ofMillis(Long.parseLong(timeoutMs));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    REQUEST_TIMEOUT_MS + " must be a number of milliseconds, got " + timeoutMs, e);
        }
    }

    private static SSLContext ssl(Map<String, ?> settings) {
        RegistryTls.Store trust = store(settings, TRUSTSTORE_LOCATION, TRUSTSTORE_PASSWORD, TRUSTSTORE_TYPE);
        RegistryTls.Store keys = store(settings, KEYSTORE_LOCATION, KEYSTORE_PASSWORD, KEYSTORE_TYPE);
        if (trust == null && keys == null) {
            return null;
        }
        return RegistryTls.context(trust, keys, text(settings, KEY_PASSWORD));
    }

    private static RegistryTls.Store store(
            Map<String, ?> settings, String locationKey, String passwordKey, String typeKey) {
        String location = text(settings, locationKey);
        if (location == null) {
            for (String key : List.of(passwordKey, typeKey)) {
                if (text(settings, key) != null) {
                    throw new IllegalArgumentException(key + " is set but " + locationKey + " is not");
                }
            }
            return null;
        }
        String type = text(settings, typeKey);
        // Kafka's and Confluent's default store type; the JDK's JKS reader also reads PKCS12 files.
        return new RegistryTls.Store(location, text(settings, passwordKey), type == null ? "JKS" : type, passwordKey);
    }

    private static boolean bool(Map<String, ?> settings, String key) {
        String value = text(settings, key);
        if (value == null) {
            return false;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, got " + value);
        };
    }

    private static String first(Map<String, ?> config, String key, String alternative) {
        String value = text(config, key);
        return value != null ? value : text(config, alternative);
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
