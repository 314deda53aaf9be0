package io.agreementgate.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A client of the Confluent Schema Registry REST API (the subset in {@link SchemaRegistryClient}).
 *
 * <p>Ids and schemas never change once registered, so both are cached: after the first call for a (subject, schema)
 * or an id, serializers and deserializers never call out again, and a registry that goes away later does not affect
 * them. The caches are bounded (anyone who can write a record can make the gate fetch a schema by id): at most
 * {@link #SCHEMA_CACHE_CHARACTERS} characters of schema text and {@link #ID_CACHE_ENTRIES} ids, least recently used
 * dropped first and fetched again when needed.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SUBJECT_NOT_FOUND = 40401;

    /**
     * The writer schemas kept, in characters of JSON text: 64 schemas at the deserializers' default length limit
     * ({@link SchemaLimits}), thousands of real ones (the gate's largest is about 10 thousand characters).
     */
    static final long SCHEMA_CACHE_CHARACTERS = 4L * 1024 * 1024;

    /** The (subject, schema) ids kept: the gate writes about ten. */
    static final long ID_CACHE_ENTRIES = 10_000;

    /**
     * How long a caller waits for a schema by id or its subjects: the deserializers ask on a stream thread, which holds
     * every partition it owns while it waits. A registry answers these in milliseconds; two seconds is far above that
     * and bounds what a hanging registry costs the thread (the record is parked and read again, see the gate's
     * deserialization handler). The request itself goes on up to {@code schema.registry.request.timeout.ms} and its
     * answer is cached; meanwhile the {@link RegistryBreaker} fails further calls at once.
     */
    public static final Duration LOOKUP_WAIT = Duration.ofSeconds(2);

    /** Subjects of a schema id, kept a minute: not fixed for ever, as a schema may be registered under more later. */
    private static final Duration SUBJECTS_MEMORY = Duration.ofMinutes(1);

    /**
     * Where and how to reach the registry.
     *
     * @param urls base URLs, tried in turn when one cannot be reached; credentials in a URL ({@code
     *     https://user:secret@host}) are taken out of it and used for basic authentication unless {@code
     *     basicAuthUserInfo} is given
     * @param basicAuthUserInfo {@code user:password} for HTTP basic authentication, or null for none
     * @param timeout connect timeout and timeout of each request
     * @param ssl the TLS context for https URLs (trust and client keys), or null for the JVM's default
     * @param basicAuthOverHttp allow basic authentication over plain http, where anyone on the path reads it
     */
    public record Config(
            List<String> urls, String basicAuthUserInfo, Duration timeout, SSLContext ssl, boolean basicAuthOverHttp) {
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

        public Config {
            List<String> stripped = new ArrayList<>();
            String fromUrl = null;
            for (String raw : urls) {
                String url = raw.trim();
                if (url.isEmpty()) {
                    continue;
                }
                url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
                if (!url.startsWith("http://") && !url.startsWith("https://")) {
                    throw new IllegalArgumentException(
                            "Schema registry URL must be http:// or https://, got " + Redaction.urls(url));
                }
                int schemeEnd = url.indexOf("://") + 3;
                int at = url.indexOf('@', schemeEnd);
                int slash = url.indexOf('/', schemeEnd);
                if (at >= 0 && (slash < 0 || at < slash)) {
                    fromUrl = fromUrl == null
                            ? URLDecoder.decode(url.substring(schemeEnd, at), StandardCharsets.UTF_8)
                            : fromUrl;
                    url = url.substring(0, schemeEnd) + url.substring(at + 1);
                }
                stripped.add(url);
            }
            urls = List.copyOf(stripped);
            if (urls.isEmpty()) {
                throw new IllegalArgumentException("No schema registry URL given");
            }
            if (basicAuthUserInfo == null) {
                basicAuthUserInfo = fromUrl;
            }
            if (basicAuthUserInfo != null && !basicAuthUserInfo.contains(":")) {
                throw new IllegalArgumentException("Basic auth user info must be user:password");
            }
            if (basicAuthUserInfo != null && !basicAuthOverHttp) {
                urls.stream().filter(u -> u.startsWith("http://")).findFirst().ifPresent(u -> {
                    throw new IllegalArgumentException("Refusing to send schema registry credentials over plain "
                            + "http to " + u + ": use https, or set " + SchemaRegistryClients.BASIC_AUTH_OVER_HTTP
                            + "=true if the network is trusted");
                });
            }
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("Timeout must be positive, got " + timeout);
            }
        }

        public Config(List<String> urls, String basicAuthUserInfo, Duration timeout) {
            this(urls, basicAuthUserInfo, timeout, null, false);
        }

        /** A config for a comma-separated list of base URLs, without authentication, with the default timeout. */
        public static Config of(String urls) {
            return new Config(Arrays.asList(urls.split(",")), null, DEFAULT_TIMEOUT);
        }

        public Config withBasicAuth(String userInfo) {
            return new Config(urls, userInfo, timeout, ssl, basicAuthOverHttp);
        }

        public Config withTimeout(Duration newTimeout) {
            return new Config(urls, basicAuthUserInfo, newTimeout, ssl, basicAuthOverHttp);
        }

        /** Allows (true) basic authentication over plain http; checked when the config is built. */
        public Config withBasicAuthOverHttp(boolean allowed) {
            return new Config(urls, basicAuthUserInfo, timeout, ssl, allowed);
        }

        /** Keeps the password out of logs. */
        @Override
        public String toString() {
            String auth = basicAuthUserInfo == null
                    ? "none"
                    : basicAuthUserInfo.substring(0, basicAuthUserInfo.indexOf(':')) + ":***";
            return "Config[urls=" + urls + ", basicAuth=" + auth + ", timeout=" + timeout + ", tls="
                    + (ssl == null ? "JVM default" : "configured") + "]";
        }
    }

    private record SubjectSchema(String subject, Schema schema) {}

    private final Config config;
    private final RegistryTransport transport;
    private final Cache<SubjectSchema, Integer> idCache =
            Caffeine.newBuilder().maximumSize(ID_CACHE_ENTRIES).build();
    /** Weighed by the length of the schema's JSON text, computed once when cached. */
    private final Cache<Integer, Schema> schemaCache = Caffeine.newBuilder()
            .maximumWeight(SCHEMA_CACHE_CHARACTERS)
            .<Integer, Schema>weigher((id, schema) -> schema.toString().length())
            .build();

    private final Cache<Integer, List<String>> subjectsCache = Caffeine.newBuilder()
            .maximumSize(ID_CACHE_ENTRIES)
            .expireAfterWrite(SUBJECTS_MEMORY)
            .build();

    public HttpSchemaRegistryClient(Config config) {
        this.config = Objects.requireNonNull(config, "config");
        this.transport = new RegistryTransport(config);
    }

    public Config config() {
        return config;
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idCache.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = transport.call("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
        int id = requiredInt(answer, "id", "register in subject '" + subject + "'");
        idCache.put(key, id);
        schemaCache.asMap().putIfAbsent(id, schema);
        return id;
    }

    @Override
    public int idOf(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idCache.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = transport.call("POST", "/subjects/" + encode(subject), schemaBody(schema));
        int id = requiredInt(answer, "id", "look up schema in subject '" + subject + "'");
        idCache.put(key, id);
        schemaCache.asMap().putIfAbsent(id, schema);
        return id;
    }

    /**
     * Waits at most {@link #LOOKUP_WAIT} (see there); a late answer is still cached, so the next try finds it.
     */
    @Override
    public Schema schemaById(int id) {
        Schema cached = schemaCache.getIfPresent(id);
        if (cached != null) {
            return cached;
        }
        String path = "/schemas/ids/" + id;
        CompletableFuture<Schema> fetched = transport.send("GET", path, null).thenApply(answer -> {
            Schema schema = parseSchema(answer, "schema id " + id);
            Schema raced = schemaCache.asMap().putIfAbsent(id, schema);
            return raced != null ? raced : schema;
        });
        return transport.await(fetched, lookupWait(), "GET " + path);
    }

    /**
     * Waits at most {@link #LOOKUP_WAIT} (see there); answers are kept a minute (a late one too), which spares the
     * readers of several topics one call each and lets the next try of a record find a late answer.
     */
    @Override
    public List<String> subjectsOf(int id) {
        List<String> cached = subjectsCache.getIfPresent(id);
        if (cached != null) {
            return cached;
        }
        String path = "/schemas/ids/" + id + "/subjects";
        CompletableFuture<List<String>> fetched = transport
                .send("GET", path, null)
                .thenApply(answer -> {
                    if (!answer.isArray()) {
                        throw new SchemaRegistryException(
                                "Schema registry answered GET " + path + " with " + answer + ", not a list");
                    }
                    List<String> subjects = new ArrayList<>();
                    answer.forEach(node -> subjects.add(node.asText()));
                    List<String> result = List.copyOf(subjects);
                    subjectsCache.put(id, result);
                    return result;
                });
        return transport.await(fetched, lookupWait(), "GET " + path);
    }

    /** False while the registry is known to be failing: calls then fail at once without reaching it. */
    public boolean isAvailable() {
        return transport.isAvailable();
    }

    private Duration lookupWait() {
        return config.timeout().compareTo(LOOKUP_WAIT) < 0 ? config.timeout() : LOOKUP_WAIT;
    }

    @Override
    public Optional<RegisteredSchema> latest(String subject) {
        JsonNode answer;
        try {
            answer = transport.call("GET", "/subjects/" + encode(subject) + "/versions/latest", null);
        } catch (SchemaRegistryException e) {
            if (e.errorCode() == SUBJECT_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
        String what = "latest version of subject '" + subject + "'";
        int id = requiredInt(answer, "id", what);
        Schema schema = schemaCache.get(id, i -> parseSchema(answer, what));
        return Optional.of(new RegisteredSchema(
                answer.path("subject").asText(subject), requiredInt(answer, "version", what), id, schema));
    }

    @Override
    public List<String> subjects() {
        JsonNode answer = transport.call("GET", "/subjects", null);
        if (!answer.isArray()) {
            throw new SchemaRegistryException("Schema registry answered GET /subjects with " + answer + ", not a list");
        }
        List<String> subjects = new ArrayList<>();
        answer.forEach(node -> subjects.add(node.asText()));
        return List.copyOf(subjects);
    }

    private static String schemaBody(Schema schema) {
        try {
            return JSON.writeValueAsString(Map.of("schema", schema.toString()));
        } catch (JsonProcessingException e) {
            throw new SchemaRegistryException("Cannot write schema " + schema.getFullName() + " as JSON", e);
        }
    }

    private static Schema parseSchema(JsonNode answer, String what) {
        JsonNode text = answer.get("schema");
        if (text == null || !text.isTextual()) {
            throw new SchemaRegistryException("Schema registry answer for " + what + " has no schema: " + answer);
        }
        try {
            // A new parser per schema: Schema.Parser is not thread-safe and remembers names across parses.
            return new Schema.Parser().parse(text.asText());
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException(
                    "Schema registry returned an unparseable Avro schema for " + what + ": " + e.getMessage(), e);
        }
    }

    private static int requiredInt(JsonNode answer, String field, String what) {
        JsonNode value = answer.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw new SchemaRegistryException(
                    "Schema registry answer to " + what + " has no integer '" + field + "': " + answer);
        }
        return value.asInt();
    }

    private static String encode(String subject) {
        // URLEncoder does form encoding; a path segment wants %20 for space.
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
