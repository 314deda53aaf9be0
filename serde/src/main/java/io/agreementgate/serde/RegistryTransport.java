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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP side of {@link HttpSchemaRegistryClient}: one JDK client per registry client, its URLs tried in turn, basic
 * authentication, and Confluent's error bodies turned into {@link SchemaRegistryException}s (transient or not).
 */
final class RegistryTransport {
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpSchemaRegistryClient.Config config;
    private final HttpClient http;
    private final String authorization;
    /** Index of the URL that answered last: start there, so a dead first URL costs one failure, not one per call. */
    private final AtomicInteger preferredUrl = new AtomicInteger();

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

    /** Calls the registry, trying each URL in turn while they cannot be reached; returns the JSON answer. */
    JsonNode call(String method, String path, String body) {
        List<String> urls = config.urls();
        int start = preferredUrl.get();
        List<String> failures = new ArrayList<>();
        IOException lastFailure = null;
        for (int attempt = 0; attempt < urls.size(); attempt++) {
            int index = (start + attempt) % urls.size();
            URI uri = URI.create(urls.get(index) + path);
            try {
                HttpResponse<String> response =
                        http.send(request(method, uri, body), HttpResponse.BodyHandlers.ofString());
                preferredUrl.set(index);
                return answer(method, uri, response);
            } catch (IOException e) {
                lastFailure = e;
                failures.add(uri + " (" + e + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException(
                        "Interrupted while calling schema registry: " + method + " " + uri,
                        SchemaRegistryException.NONE,
                        SchemaRegistryException.NONE,
                        true,
                        e);
            }
        }
        throw new SchemaRegistryException(
                "Schema registry unreachable: " + method + " failed on every URL: " + String.join("; ", failures),
                SchemaRegistryException.NONE,
                SchemaRegistryException.NONE,
                true,
                lastFailure);
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
