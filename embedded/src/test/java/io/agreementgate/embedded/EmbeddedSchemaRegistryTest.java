package io.agreementgate.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmbeddedSchemaRegistryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final String ORDER_V1 = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"io.test\","
            + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}";
    private static final String ORDER_V1_REFORMATTED = "{ \"type\" : \"record\",\n  \"name\" : \"Order\", "
            + "\"namespace\" : \"io.test\",\n  \"fields\" : [ { \"name\" : \"id\", \"type\" : \"string\" } ] }";
    private static final String ORDER_V2_WITH_DEFAULT = "{\"type\":\"record\",\"name\":\"Order\","
            + "\"namespace\":\"io.test\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
            + "{\"name\":\"amount\",\"type\":\"long\",\"default\":0}]}";
    private static final String ORDER_V2_WITHOUT_DEFAULT = "{\"type\":\"record\",\"name\":\"Order\","
            + "\"namespace\":\"io.test\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
            + "{\"name\":\"customer\",\"type\":\"string\"}]}";
    private static final String CUSTOMER = "{\"type\":\"record\",\"name\":\"Customer\",\"namespace\":\"io.test\","
            + "\"fields\":[{\"name\":\"name\",\"type\":\"string\"}]}";

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @RegisterExtension
    final RunningRegistry registry = new RunningRegistry();

    @Test
    void shouldAnswerRootAndGlobalConfig() throws Exception {
        assertThat(registry.url()).matches("http://127\\.0\\.0\\.1:\\d+");

        HttpResponse<String> root = get("/");
        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.headers().firstValue("Content-Type")).hasValue(CONTENT_TYPE);
        assertThat(JSON.readTree(root.body())).isEqualTo(JSON.createObjectNode());

        HttpResponse<String> config = get("/config");
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(json(config).get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
    }

    @Test
    void shouldRegisterSchemaAndServeItById() throws Exception {
        HttpResponse<String> registered = register("csp.orders-value", ORDER_V1);

        assertThat(registered.statusCode()).isEqualTo(200);
        assertThat(registered.headers().firstValue("Content-Type")).hasValue(CONTENT_TYPE);
        int id = json(registered).get("id").asInt();
        assertThat(id).isEqualTo(1);

        HttpResponse<String> byId = get("/schemas/ids/" + id);
        assertThat(byId.statusCode()).isEqualTo(200);
        assertThat(new Schema.Parser().parse(json(byId).get("schema").asText()))
                .isEqualTo(new Schema.Parser().parse(ORDER_V1));
    }

    @Test
    void shouldReturnExistingIdWhenSameSchemaIsRegisteredAgain() throws Exception {
        int first = json(register("csp.orders-value", ORDER_V1)).get("id").asInt();
        int again = json(register("csp.orders-value", ORDER_V1_REFORMATTED))
                .get("id")
                .asInt();
        int explicitType = json(post(
                        "/subjects/csp.orders-value/versions", Map.of("schema", ORDER_V1, "schemaType", "AVRO")))
                .get("id")
                .asInt();

        assertThat(again).isEqualTo(first);
        assertThat(explicitType).isEqualTo(first);
        assertThat(json(get("/subjects/csp.orders-value/versions"))).isEqualTo(JSON.readTree("[1]"));
    }

    @Test
    void shouldShareGlobalIdsAcrossSubjects() throws Exception {
        int inOrders = json(register("csp.orders-value", ORDER_V1)).get("id").asInt();
        int inCopy = json(register("csp.orders-copy-value", ORDER_V1)).get("id").asInt();
        int customer = json(register("csp.customers-value", CUSTOMER)).get("id").asInt();

        assertThat(inCopy).isEqualTo(inOrders);
        assertThat(customer).isNotEqualTo(inOrders);
        JsonNode copyLatest = json(get("/subjects/csp.orders-copy-value/versions/latest"));
        assertThat(copyLatest.get("version").asInt()).isEqualTo(1);
        assertThat(copyLatest.get("id").asInt()).isEqualTo(inOrders);
    }

    @Test
    void shouldListSubjectsAndVersions() throws Exception {
        register("csp.orders-value", ORDER_V1);
        register("csp.orders-value", ORDER_V2_WITH_DEFAULT);
        register("csp.customers-value", CUSTOMER);

        assertThat(json(get("/subjects"))).isEqualTo(JSON.readTree("[\"csp.customers-value\",\"csp.orders-value\"]"));
        assertThat(json(get("/subjects/csp.orders-value/versions"))).isEqualTo(JSON.readTree("[1,2]"));

        JsonNode v1 = json(get("/subjects/csp.orders-value/versions/1"));
        assertThat(v1.get("subject").asText()).isEqualTo("csp.orders-value");
        assertThat(v1.get("version").asInt()).isEqualTo(1);
        assertThat(v1.get("id").asInt()).isEqualTo(1);
        assertThat(new Schema.Parser().parse(v1.get("schema").asText())).isEqualTo(new Schema.Parser().parse(ORDER_V1));

        JsonNode latest = json(get("/subjects/csp.orders-value/versions/latest"));
        assertThat(latest.get("version").asInt()).isEqualTo(2);
        assertThat(latest.get("id").asInt()).isEqualTo(2);
        assertThat(json(get("/subjects/csp.orders-value/versions/-1"))).isEqualTo(latest);
    }

    @Test
    void shouldRejectIncompatibleVersionAndAcceptCompatibleOne() throws Exception {
        register("csp.orders-value", ORDER_V1);

        HttpResponse<String> rejected = register("csp.orders-value", ORDER_V2_WITHOUT_DEFAULT);
        assertThat(rejected.statusCode()).isEqualTo(409);
        assertThat(rejected.headers().firstValue("Content-Type")).hasValue(CONTENT_TYPE);
        assertThat(json(rejected).get("error_code").asInt()).isEqualTo(409);
        assertThat(json(rejected).get("message").asText())
                .contains("incompatible")
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
                .contains("customer");

        HttpResponse<String> accepted = register("csp.orders-value", ORDER_V2_WITH_DEFAULT);
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(json(accepted).get("id").asInt()).isEqualTo(2);
        assertThat(json(get("/subjects/csp.orders-value/versions"))).isEqualTo(JSON.readTree("[1,2]"));
    }

    @Test
    void shouldLookUpSchemaUnderSubject() throws Exception {
        register("csp.orders-value", ORDER_V1);
        register("csp.orders-value", ORDER_V2_WITH_DEFAULT);

        HttpResponse<String> found = post("/subjects/csp.orders-value", Map.of("schema", ORDER_V1_REFORMATTED));
        assertThat(found.statusCode()).isEqualTo(200);
        JsonNode body = json(found);
        assertThat(body.get("subject").asText()).isEqualTo("csp.orders-value");
        assertThat(body.get("id").asInt()).isEqualTo(1);
        assertThat(body.get("version").asInt()).isEqualTo(1);
        assertThat(new Schema.Parser().parse(body.get("schema").asText()))
                .isEqualTo(new Schema.Parser().parse(ORDER_V1));

        assertError(post("/subjects/unknown-value", Map.of("schema", ORDER_V1)), 404, 40401);
        assertError(post("/subjects/csp.orders-value", Map.of("schema", CUSTOMER)), 404, 40403);
    }

    @Test
    void shouldAnswerConfluentErrorCodes() throws Exception {
        register("csp.orders-value", ORDER_V1);

        assertError(get("/schemas/ids/99"), 404, 40403);
        assertError(get("/subjects/unknown-value/versions"), 404, 40401);
        assertError(get("/subjects/unknown-value/versions/latest"), 404, 40401);
        assertError(get("/subjects/csp.orders-value/versions/7"), 404, 40402);
        assertError(get("/subjects/csp.orders-value/versions/abc"), 422, 42202);
        assertError(register("csp.orders-value", "{\"type\":\"record\",\"name\":"), 422, 42201);
        assertError(register("csp.orders-value", "{\"type\":\"nosuchtype\"}"), 422, 42201);
        assertError(post("/subjects/csp.orders-value/versions", Map.of()), 422, 42201);
        assertError(
                post("/subjects/csp.orders-value/versions", Map.of("schema", ORDER_V1, "schemaType", "PROTOBUF")),
                422,
                42201);
        assertError(get("/no/such/endpoint"), 404, 404);
        assertError(send(HttpRequest.newBuilder(uri("/subjects")).DELETE()), 405, 405);
    }

    @Test
    void shouldDecodeSubjectNamesInPaths() throws Exception {
        int id = json(register("csp%2Eorders%2Dvalue", ORDER_V1)).get("id").asInt();
        register("with%20space", CUSTOMER);

        assertThat(json(get("/subjects"))).isEqualTo(JSON.readTree("[\"csp.orders-value\",\"with space\"]"));
        assertThat(json(get("/subjects/csp.orders-value/versions/latest"))
                        .get("id")
                        .asInt())
                .isEqualTo(id);
        assertThat(json(get("/subjects/with%20space/versions/1")).get("subject").asText())
                .isEqualTo("with space");
    }

    @Test
    void shouldIgnoreQueryParametersThatConfluentClientsSend() throws Exception {
        int id = json(post("/subjects/csp.orders-value/versions?normalize=false", Map.of("schema", ORDER_V1)))
                .get("id")
                .asInt();

        assertThat(get("/schemas/ids/" + id + "?fetchMaxId=false&subject=csp.orders-value")
                        .statusCode())
                .isEqualTo(200);
        assertThat(post("/subjects/csp.orders-value?normalize=false&deleted=false", Map.of("schema", ORDER_V1))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void shouldKeepSchemasAcrossRegistryRestart() throws Exception {
        int orders = json(register("csp.orders-value", ORDER_V1)).get("id").asInt();
        int ordersV2 = json(register("csp.orders-value", ORDER_V2_WITH_DEFAULT))
                .get("id")
                .asInt();
        String url = registry.url();

        registry.restart();

        assertThat(registry.url()).isEqualTo(url);
        assertThat(json(register("csp.orders-value", ORDER_V1)).get("id").asInt())
                .isEqualTo(orders);
        assertThat(json(get("/subjects/csp.orders-value/versions"))).isEqualTo(JSON.readTree("[1,2]"));
        assertThat(json(get("/subjects/csp.orders-value/versions/latest"))
                        .get("id")
                        .asInt())
                .isEqualTo(ordersV2);
        assertThat(get("/schemas/ids/" + ordersV2).statusCode()).isEqualTo(200);
        int customer = json(register("csp.customers-value", CUSTOMER)).get("id").asInt();
        assertThat(customer).isEqualTo(ordersV2 + 1);
        // BACKWARD is still enforced against the replayed latest version.
        assertError(register("csp.orders-value", ORDER_V2_WITHOUT_DEFAULT), 409, 409);
    }

    @Test
    void shouldDropTornLastJournalLineOnRestart() throws Exception {
        int orders = json(register("csp.orders-value", ORDER_V1)).get("id").asInt();
        registry.stop();
        Files.writeString(
                registry.dataDir().resolve(EmbeddedSchemaRegistry.JOURNAL_FILE),
                "{\"subject\":\"csp.customers-value\",\"vers",
                StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);

        registry.start();

        assertThat(json(get("/subjects"))).isEqualTo(JSON.readTree("[\"csp.orders-value\"]"));
        int customer = json(register("csp.customers-value", CUSTOMER)).get("id").asInt();
        assertThat(customer).isEqualTo(orders + 1);
        registry.restart();
        assertThat(json(get("/subjects"))).isEqualTo(JSON.readTree("[\"csp.customers-value\",\"csp.orders-value\"]"));
    }

    @Test
    void shouldAssignDistinctIdsUnderConcurrentRegistrations() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String schema = "{\"type\":\"record\",\"name\":\"R" + i + "\",\"fields\":[]}";
                String subject = "subject-" + (i % 4);
                calls.add(() -> {
                    HttpResponse<String> response =
                            post("/subjects/" + subject + "/versions", Map.of("schema", schema));
                    return response.statusCode() == 200
                            ? json(response).get("id").asInt()
                            : -1;
                });
            }
            List<Integer> ids = new ArrayList<>();
            for (Future<Integer> future : pool.invokeAll(calls)) {
                ids.add(future.get());
            }
            // Record types with different names are not BACKWARD compatible with each other: per subject only the
            // first succeeds, so exactly 4 registrations get ids, all distinct.
            assertThat(ids.stream().filter(id -> id > 0)).hasSize(4).doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
        }
    }

    private void assertError(HttpResponse<String> response, int status, int errorCode) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(CONTENT_TYPE);
        JsonNode body = json(response);
        assertThat(body.get("error_code").asInt()).isEqualTo(errorCode);
        assertThat(body.get("message").asText()).isNotBlank();
    }

    private HttpResponse<String> register(String rawSubject, String schema) throws Exception {
        return post("/subjects/" + rawSubject + "/versions", Map.of("schema", schema));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private HttpResponse<String> post(String path, Map<String, String> body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create(registry.url() + path);
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }
}
