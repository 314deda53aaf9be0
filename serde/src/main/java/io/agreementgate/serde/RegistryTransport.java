package io.agreementgate.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP side of {@link HttpSchemaRegistryClient}: one JDK client per registry client, its URLs tried in turn, basic
 * authentication, and Confluent's error bodies turned into {@link SchemaRegistryException}s (transient or not). A
 * {@link RegistryBreaker} keeps a failing registry from being called by every caller, and {@link #await} lets a caller
 * (a stream thread) wait less than the request takes.
 */
final class RegistryTransport {
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpSchemaRegistryClient.Config config;
    private final HttpClient http;
    private final String authorization;
    /** Index of the URL that answered last: start there, so a dead first URL costs one failure, not one per call. */
    private final AtomicInteger preferredUrl = new AtomicInteger();

    private final RegistryBreaker breaker = new RegistryBreaker();

    RegistryTransport(HttpSchemaRegistryClient.Config config) {
        this.config = config;
        HttpClient.Builder builder = HttpClient.newBuilder()
                // Plain HTTP/1.1: no h2c upgrade dance with registries or proxies that do not speak it.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.timeout());
        if (config.ssl() != null) {
            builder.sslContext(config.ssl());
        }
        this.http = builder.build();
        this.authorization = config.basicAuthUserInfo() == null
                ? null
                : "Basic "
                        + Base64.getEncoder()
                                .encodeToString(config.basicAuthUserInfo().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Calls the registry, trying each URL in turn while they cannot be reached, and waits for the JSON answer (each
     * request bounded by the configured timeout). For start-up, tools and the serializers' registrations.
     */
    JsonNode call(String method, String path, String body) {
        return await(send(method, path, body), null, method + " " + path);
    }

    /**
     * Sends a call: fails at once while the {@link RegistryBreaker} knows the registry to be failing, else the answer
     * to come, which also tells the breaker whether the registry answered (even after its caller stopped waiting).
     */
    CompletableFuture<JsonNode> send(String method, String path, String body) {
        RegistryBreaker.Ticket ticket = breaker.allow(method + " " + path);
        // The caller waits on the future that also did the bookkeeping: nothing it throws goes unseen.
        return attempt(method, path, body, preferredUrl.get(), 0, new ArrayList<>(), null)
                .whenComplete((json, failure) -> {
                    Throwable cause = unwrap(failure);
                    if (cause instanceof SchemaRegistryException e && e.isTransient()) {
                        ticket.failed(e.getMessage());
                    } else {
                        ticket.answered();
                    }
                });
    }

    /**
     * Waits for an answer, at most {@code wait} (null: until the request's own timeout): the caller gets a transient
     * {@link SchemaRegistryException} when it is not there by then, and the request goes on in the background.
     */
    <T> T await(CompletableFuture<T> answer, Duration wait, String what) {
        try {
            return wait == null ? answer.get() : answer.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            String failure = "no answer to " + what + " within " + wait.toMillis() + " ms";
            breaker.gaveUp(failure);
            throw new SchemaRegistryException(
                    "Schema registry unavailable: " + failure + " (the request goes on in the background)",
                    SchemaRegistryException.NONE,
                    SchemaRegistryException.NONE,
                    true,
                    e);
        } catch (ExecutionException e) {
            Throwable cause = unwrap(e);
            if (cause instanceof SchemaRegistryException registry) {
                throw registry;
            }
            throw new SchemaRegistryException("Schema registry call " + what + " failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(
                    "Interrupted while calling schema registry: " + what,
                    SchemaRegistryException.NONE,
                    SchemaRegistryException.NONE,
                    true,
                    e);
        }
    }

    boolean isAvailable() {
        return !breaker.isOpen();
    }

    // handle() yields a future of the next attempt's future, flattened by thenCompose: the nested one is not dropped.
    @SuppressWarnings("FutureReturnValueIgnored")
    private CompletableFuture<JsonNode> attempt(
            String method, String path, String body, int start, int attempt, List<String> failures, Throwable last) {
        List<String> urls = config.urls();
        if (attempt == urls.size()) {
            return CompletableFuture.failedFuture(new SchemaRegistryException(
                    "Schema registry unreachable: " + method + " failed on every URL: " + String.join("; ", failures),
                    SchemaRegistryException.NONE,
                    SchemaRegistryException.NONE,
                    true,
                    last));
        }
        int index = (start + attempt) % urls.size();
        URI uri = URI.create(urls.get(index) + path);
        return http.sendAsync(request(method, uri, body), HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> {
                    Throwable cause = unwrap(failure);
                    if (cause == null) {
                        preferredUrl.set(index);
                        return CompletableFuture.completedFuture(answer(method, uri, response));
                    }
                    if (cause instanceof IOException) {
                        failures.add(uri + " (" + cause + ")");
                        return attempt(method, path, body, start, attempt + 1, failures, cause);
                    }
                    return CompletableFuture.<JsonNode>failedFuture(cause);
                })
                .thenCompose(next -> next);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private HttpRequest request(String method, URI uri, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(config.timeout())
                .header("Accept", CONTENT_TYPE)
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.build();
    }

    private static JsonNode answer(String method, URI uri, HttpResponse<String> response) {
        int status = response.statusCode();
        JsonNode json = parseJson(response.body());
        if (status >= 200 && status < 300) {
            if (json == null) {
                throw new SchemaRegistryException("Schema registry answered " + method + " " + uri
                        + " with a body that is not JSON: " + abbreviate(response.body()));
            }
            return json;
        }
        // Confluent's error body: {"error_code": 40401, "message": "Subject 'x' not found."}
        int errorCode = json != null && json.path("error_code").canConvertToInt()
                ? json.path("error_code").asInt()
                : SchemaRegistryException.NONE;
        String detail =
                json != null && json.hasNonNull("message") ? json.get("message").asText() : abbreviate(response.body());
        String code = errorCode == SchemaRegistryException.NONE ? "" : ", error_code " + errorCode;
        boolean transientFailure = status >= 500 || status == 429 || status == 408;
        throw new SchemaRegistryException(
                "Schema registry " + method + " " + uri + " failed: HTTP " + status + code + ": " + detail,
                status,
                errorCode,
                transientFailure,
                null);
    }

    private static JsonNode parseJson(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String abbreviate(String body) {
        if (body == null) {
            return "(no body)";
        }
        return body.length() <= 200 ? body : body.substring(0, 200) + "...";
    }
}
