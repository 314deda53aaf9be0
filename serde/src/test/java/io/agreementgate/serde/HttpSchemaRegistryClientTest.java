package io.agreementgate.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agreementgate.schema.Order;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client against a fake registry that answers as the Confluent Schema Registry REST API documents. */
class HttpSchemaRegistryClientTest {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Schema ORDER = Order.getClassSchema();

    private final FakeSchemaRegistry registry;

    HttpSchemaRegistryClientTest() throws IOException {
        registry = new FakeSchemaRegistry();
    }

    @AfterEach
    void stopRegistry() {
        registry.stop();
    }

    @Test
    void shouldRegisterByPostingTheSchemaJsonToTheSubjectVersions() throws IOException {
        registry.answer("POST", "/subjects/csp.orders-value/versions", 200, "{\"id\":42}");
        HttpSchemaRegistryClient client = client(registry.url());

        assertThat(client.register("csp.orders-value", ORDER)).isEqualTo(42);

        FakeSchemaRegistry.Request request = registry.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/subjects/csp.orders-value/versions");
        assertThat(request.contentType()).isEqualTo(CONTENT_TYPE);
        assertThat(request.accept()).isEqualTo(CONTENT_TYPE);
        assertThat(request.authorization()).isNull();
        JsonNode body = JSON.readTree(request.body());
        assertThat(body.size()).isEqualTo(1);
        assertThat(new Schema.Parser().parse(body.get("schema").asText())).isEqualTo(ORDER);
    }

    @Test
    void shouldAnswerARepeatedRegisterAndTheSchemaOfItsIdFromTheCache() {
        registry.answer("POST", "/subjects/csp.orders-value/versions", 200, "{\"id\":42}");
        HttpSchemaRegistryClient client = client(registry.url());

        client.register("csp.orders-value", ORDER);
        assertThat(client.register("csp.orders-value", ORDER)).isEqualTo(42);
        assertThat(client.schemaById(42)).isEqualTo(ORDER);

        assertThat(registry.requests()).hasSize(1);
    }

    @Test
    void shouldLookUpWithoutRegisteringByPostingToTheSubject() throws IOException {
        registry.answer("POST", "/subjects/csp.orders-value", 200, lookupAnswer("csp.orders-value", 7, 3, ORDER));
        HttpSchemaRegistryClient client = client(registry.url());

        assertThat(client.idOf("csp.orders-value", ORDER)).isEqualTo(7);
        assertThat(client.idOf("csp.orders-value", ORDER)).isEqualTo(7);

        assertThat(registry.requests()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.rawPath()).isEqualTo("/subjects/csp.orders-value");
            assertThat(request.contentType()).isEqualTo(CONTENT_TYPE);
            assertThat(JSON.readTree(request.body()).get("schema").asText()).isEqualTo(ORDER.toString());
        });
    }

    @Test
    void shouldReportTheRegistryErrorCodeMessageAndUrlWhenALookupFails() {
        registry.answer(
                "POST", "/subjects/csp.orders-value", 404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");
        HttpSchemaRegistryClient client = client(registry.url());

        assertThatThrownBy(() -> client.idOf("csp.orders-value", ORDER))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(40403);
                    assertThat(e.isTransient()).isFalse();
                })
                .hasMessageContaining("POST " + registry.url() + "/subjects/csp.orders-value")
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining("error_code 40403")
                .hasMessageContaining("Schema not found");
    }

    @Test
    void shouldReportAServerErrorAsTransient() {
        registry.answer(
                "POST",
                "/subjects/csp.orders-value/versions",
                500,
                "{\"error_code\":50001,\"message\":\"Error in the backend data store\"}");
        HttpSchemaRegistryClient client = client(registry.url());

        assertThatThrownBy(() -> client.register("csp.orders-value", ORDER))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.isTransient()).isTrue())
                .hasMessageContaining("error_code 50001")
                .hasMessageContaining("Error in the backend data store");
    }

    @Test
    void shouldFetchASchemaByIdOnceAndKeepServingItAfterTheRegistryIsGone() throws IOException {
        registry.answer("GET", "/schemas/ids/300", 200, JSON.writeValueAsString(Map.of("schema", ORDER.toString())));
        registry.answer("POST", "/subjects/csp.orders-value/versions", 200, "{\"id\":300}");
        HttpSchemaRegistryClient client = client(registry.url());

        assertThat(client.schemaById(300)).isEqualTo(ORDER);
        assertThat(client.register("csp.orders-value", ORDER)).isEqualTo(300);
        assertThat(registry.requests())
                .extracting(r -> r.method() + " " + r.rawPath())
                .containsExactly("GET /schemas/ids/300", "POST /subjects/csp.orders-value/versions");
        registry.stop();

        assertThat(client.schemaById(300)).isEqualTo(ORDER);
        assertThat(client.register("csp.orders-value", ORDER)).isEqualTo(300);
        assertThatThrownBy(() -> client.schemaById(301))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.isTransient()).isTrue())
                .hasMessageContaining("unreachable")
                .hasMessageContaining("/schemas/ids/301");
    }

    @Test
    void shouldStopWaitingForAHangingRegistryAndCallItNoMoreUntilItAnswersThenKeepTheLateAnswer() throws IOException {
        registry.answer("GET", "/schemas/ids/300", 200, JSON.writeValueAsString(Map.of("schema", ORDER.toString())));
        registry.answer("GET", "/schemas/ids/300/subjects", 200, "[\"csp.orders-value\"]");
        // A request timeout far above the lookup wait: the caller must not wait for it.
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(
                HttpSchemaRegistryClient.Config.of(registry.url()).withTimeout(Duration.ofMinutes(5)));
        registry.hold();

        assertThatThrownBy(() -> client.schemaById(300))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.isTransient()).isTrue())
                .hasMessageContaining("no answer to GET /schemas/ids/300 within "
                        + HttpSchemaRegistryClient.LOOKUP_WAIT.toMillis() + " ms");
        assertThat(client.isAvailable()).isFalse();
        // Known to hang: further look-ups fail at once, without a request.
        assertThatThrownBy(() -> client.subjectsOf(300))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.isTransient()).isTrue())
                .hasMessageContaining("not called");
        assertThat(registry.requests()).hasSize(1);

        registry.release();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(client::isAvailable);
        int requests = registry.requests().size();
        assertThat(client.schemaById(300)).isEqualTo(ORDER);
        assertThat(registry.requests()).hasSize(requests);
        assertThat(client.subjectsOf(300)).containsExactly("csp.orders-value");
    }

    @Test
    void shouldReturnTheLatestVersionOfASubject() throws IOException {
        registry.answer(
                "GET",
                "/subjects/csp.orders-value/versions/latest",
                200,
                lookupAnswer("csp.orders-value", 12, 4, ORDER));
        HttpSchemaRegistryClient client = client(registry.url());

        assertThat(client.latest("csp.orders-value")).contains(new RegisteredSchema("csp.orders-value", 4, 12, ORDER));
        assertThat(client.schemaById(12)).isEqualTo(ORDER);
        assertThat(registry.requests()).hasSize(1);
    }

    @Test
    void shouldReturnEmptyForTheLatestVersionOfAnUnknownSubject() {
        registry.answer(
                "GET",
                "/subjects/nope-value/versions/latest",
                404,
                "{\"error_code\":40401,\"message\":\"Subject 'nope-value' not found.\"}");

        assertThat(client(registry.url()).latest("nope-value")).isEmpty();
    }

    @Test
    void shouldListSubjects() {
        registry.answer("GET", "/subjects", 200, "[\"csp.orders-value\",\"csp.agreement-attestations-value\"]");

        assertThat(client(registry.url()).subjects())
                .containsExactly("csp.orders-value", "csp.agreement-attestations-value");
        assertThat(registry.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.accept()).isEqualTo(CONTENT_TYPE);
        });
    }

    @Test
    void shouldUrlEncodeSubjectsInThePath() {
        registry.answer("POST", "/subjects/odd%20name%2Fwith%3Fchars-value/versions", 200, "{\"id\":1}");

        assertThat(client(registry.url()).register("odd name/with?chars-value", ORDER))
                .isEqualTo(1);
    }

    @Test
    void shouldSendBasicAuthWhenConfigured() {
        registry.answer("GET", "/subjects", 200, "[]");
        HttpSchemaRegistryClient client =
                new HttpSchemaRegistryClient(HttpSchemaRegistryClient.Config.of(registry.url())
                        .withBasicAuthOverHttp(true)
                        .withBasicAuth("gate:s3cret"));

        client.subjects();

        // base64("gate:s3cret")
        assertThat(registry.requests().get(0).authorization()).isEqualTo("Basic Z2F0ZTpzM2NyZXQ=");
        assertThat(client.config().toString()).contains("gate:***").doesNotContain("s3cret");
    }

    @Test
    void shouldRefuseBasicAuthOverPlainHttpUnlessAllowed() {
        assertThatThrownBy(
                        () -> HttpSchemaRegistryClient.Config.of(registry.url()).withBasicAuth("gate:s3cret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("over plain http")
                .hasMessageContaining(SchemaRegistryClients.BASIC_AUTH_OVER_HTTP)
                .hasMessageNotContaining("s3cret");
        assertThat(HttpSchemaRegistryClient.Config.of("https://registry:8081")
                        .withBasicAuth("gate:s3cret")
                        .basicAuthUserInfo())
                .isEqualTo("gate:s3cret");
    }

    @Test
    void shouldSendCredentialsFromTheUrlAndNeverShowThem() {
        registry.answer("GET", "/subjects", 200, "[]");
        String withCredentials = registry.url().replace("http://", "http://gate:s%40cret@");
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(
                new HttpSchemaRegistryClient.Config(List.of(withCredentials), null, Duration.ofSeconds(5), null, true));

        client.subjects();

        // base64("gate:s@cret"): the user info is percent-decoded, as a browser would
        assertThat(registry.requests().get(0).authorization()).isEqualTo("Basic Z2F0ZTpzQGNyZXQ=");
        assertThat(client.config().urls()).containsExactly(registry.url());
        assertThatThrownBy(() -> client.schemaById(404))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageNotContaining("s%40cret")
                .hasMessageNotContaining("s@cret");
    }

    @Test
    void shouldFailOverToTheNextUrlWhenOneCannotBeReached() throws IOException {
        registry.answer("GET", "/subjects", 200, "[\"a-value\"]");
        String dead = deadUrl();
        HttpSchemaRegistryClient client = client(dead + "/," + registry.url());

        assertThat(client.subjects()).containsExactly("a-value");
        assertThat(client.subjects()).containsExactly("a-value");
        assertThat(registry.requests()).hasSize(2);
    }

    @Test
    void shouldNameEveryUrlTriedWhenNoneCanBeReached() throws IOException {
        String first = deadUrl();
        String second = deadUrl();
        HttpSchemaRegistryClient client = client(first + "," + second);

        assertThatThrownBy(client::subjects)
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining(first + "/subjects")
                .hasMessageContaining(second + "/subjects");
    }

    @Test
    void shouldRejectAnAnswerWithoutTheExpectedFields() {
        registry.answer("POST", "/subjects/x-value/versions", 200, "{\"unexpected\":true}");

        assertThatThrownBy(() -> client(registry.url()).register("x-value", ORDER))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("'id'");
    }

    @Test
    void shouldParseCommaSeparatedUrlsIntoTheConfig() {
        HttpSchemaRegistryClient.Config config = HttpSchemaRegistryClient.Config.of(" http://a:8081/, https://b:8081 ");

        assertThat(config.urls()).containsExactly("http://a:8081", "https://b:8081");
        assertThat(config.basicAuthUserInfo()).isNull();
        assertThat(config.timeout()).isEqualTo(HttpSchemaRegistryClient.Config.DEFAULT_TIMEOUT);
        assertThat(config.withTimeout(Duration.ofSeconds(2)).timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> HttpSchemaRegistryClient.Config.of("localhost:8081"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpSchemaRegistryClient.Config.of(" , "))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        new HttpSchemaRegistryClient.Config(List.of("http://a"), "no-colon", Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static HttpSchemaRegistryClient client(String urls) {
        return new HttpSchemaRegistryClient(
                HttpSchemaRegistryClient.Config.of(urls).withTimeout(Duration.ofSeconds(5)));
    }

    private static String lookupAnswer(String subject, int id, int version, Schema schema) throws IOException {
        return JSON.writeValueAsString(
                Map.of("subject", subject, "id", id, "version", version, "schema", schema.toString()));
    }

    /** A loopback URL nobody listens on: a port that was free a moment ago. */
    private static String deadUrl() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }
}
