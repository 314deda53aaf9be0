package io.agreementgate.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/** A small HTTP client for registry tests: JSON in, status and JSON out, Confluent error assertions. */
final class RegistryHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Supplier<String> baseUrl;

    RegistryHttp(Supplier<String> baseUrl) {
        this.baseUrl = baseUrl;
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    HttpResponse<String> delete(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    HttpResponse<String> post(String path, Map<String, ?> body) throws Exception {
        return send("POST", path, JSON.writeValueAsString(body));
    }

    HttpResponse<String> put(String path, Map<String, ?> body) throws Exception {
        return send("PUT", path, JSON.writeValueAsString(body));
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", CONTENT_TYPE)
                .method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> register(String subject, String schema) throws Exception {
        return post("/subjects/" + subject + "/versions", Map.of("schema", schema));
    }

    int registerOk(String subject, String schema) throws Exception {
        return ok(register(subject, schema)).get("id").asInt();
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The JSON body of a 200 answer with Confluent's content type. */
    static JsonNode ok(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(CONTENT_TYPE);
        return JSON.readTree(response.body());
    }

    /** A Confluent error body with this status and code, whose message names no Java class. */
    static JsonNode assertError(HttpResponse<String> response, int status, int errorCode) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(CONTENT_TYPE);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.fieldNames()).toIterable().containsExactlyInAnyOrder("error_code", "message");
        assertThat(body.get("error_code").asInt()).isEqualTo(errorCode);
        assertThat(body.get("message").asText())
                .isNotBlank()
                .doesNotContainPattern("\\b(java|javax|org|com|io)\\.[a-z]+\\.")
                .doesNotContainPattern("[A-Za-z]+(Exception|Error)\\b");
        return body;
    }

    static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    private URI uri(String path) {
        return URI.create(baseUrl.get() + path);
    }
}
