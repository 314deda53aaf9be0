package io.agreementgate.embedded;

import static io.agreementgate.embedded.RegistryHttp.assertError;
import static io.agreementgate.embedded.RegistryHttp.json;
import static io.agreementgate.embedded.RegistryHttp.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One contract per Confluent route the embedded registry answers beyond the serializers' basics: answer shapes, query
 * parameters and error codes as in Confluent's Schema Registry API reference.
 */
class RegistryContractTest {

    private static final String V1 = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"io.test\","
            + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}";
    /** Adds a field with a default: BACKWARD and FORWARD compatible with V1. */
    private static final String V2_WITH_DEFAULT = "{\"type\":\"record\",\"name\":\"Order\","
            + "\"namespace\":\"io.test\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
            + "{\"name\":\"amount\",\"type\":\"long\",\"default\":0}]}";
    /** Adds a field without a default: FORWARD but not BACKWARD compatible with V1. */
    private static final String V2_WITHOUT_DEFAULT = "{\"type\":\"record\",\"name\":\"Order\","
            + "\"namespace\":\"io.test\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
            + "{\"name\":\"customer\",\"type\":\"string\"}]}";
    /** Drops every field: BACKWARD compatible with anything, FORWARD with nothing that has a field. */
    private static final String EMPTY =
            "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"io.test\"," + "\"fields\":[]}";

    private static final String OTHER = "{\"type\":\"record\",\"name\":\"Customer\",\"namespace\":\"io.test\","
            + "\"fields\":[{\"name\":\"name\",\"type\":\"string\"}]}";

    @RegisterExtension
    final RunningRegistry registry = new RunningRegistry();

    private final RegistryHttp http = new RegistryHttp(() -> registry.url());

    @Test
    void shouldReadSetAndResetGlobalCompatibility() throws Exception {
        assertThat(ok(http.get("/config"))).isEqualTo(json("{\"compatibilityLevel\":\"BACKWARD\"}"));

        assertThat(ok(http.put("/config", Map.of("compatibility", "full_transitive"))))
                .isEqualTo(json("{\"compatibility\":\"FULL_TRANSITIVE\"}"));
        assertThat(ok(http.get("/config"))).isEqualTo(json("{\"compatibilityLevel\":\"FULL_TRANSITIVE\"}"));

        assertThat(ok(http.delete("/config"))).isEqualTo(json("{\"compatibilityLevel\":\"FULL_TRANSITIVE\"}"));
        assertThat(ok(http.get("/config"))).isEqualTo(json("{\"compatibilityLevel\":\"BACKWARD\"}"));

        assertError(http.put("/config", Map.of("compatibility", "SIDEWAYS")), 422, 42203);
        assertError(http.put("/config", Map.of()), 422, 42203);
    }

    @Test
    void shouldAnswer40408ForSubjectWithoutItsOwnCompatibilityUnlessDefaultToGlobal() throws Exception {
        http.registerOk("orders-value", V1);

        assertError(http.get("/config/orders-value"), 404, 40408);
        assertThat(ok(http.get("/config/orders-value?defaultToGlobal=true")))
                .isEqualTo(json("{\"compatibilityLevel\":\"BACKWARD\"}"));

        assertThat(ok(http.put("/config/orders-value", Map.of("compatibility", "NONE"))))
                .isEqualTo(json("{\"compatibility\":\"NONE\"}"));
        assertThat(ok(http.get("/config/orders-value"))).isEqualTo(json("{\"compatibilityLevel\":\"NONE\"}"));
        assertThat(ok(http.get("/config"))).isEqualTo(json("{\"compatibilityLevel\":\"BACKWARD\"}"));

        assertThat(ok(http.delete("/config/orders-value"))).isEqualTo(json("{\"compatibilityLevel\":\"NONE\"}"));
        assertError(http.get("/config/orders-value"), 404, 40408);
        assertError(http.delete("/config/orders-value"), 404, 40408);
        assertError(http.delete("/config/no-such-subject"), 404, 40401);
        assertError(http.put("/config/orders-value", Map.of("compatibility", 3)), 422, 42203);
    }

    @Test
    void shouldEnforceTheSubjectsOwnLevelOnRegistration() throws Exception {
        // Set before the first registration, as third-party clients do.
        ok(http.put("/config/orders-value", Map.of("compatibility", "FORWARD")));
        http.registerOk("orders-value", V1);

        // FORWARD: the old schema must read the new one; a dropped field without default fails.
        assertThat(http.registerOk("orders-value", V2_WITHOUT_DEFAULT)).isEqualTo(2);
        assertThat(assertError(http.register("orders-value", EMPTY), 409, 409)
                        .get("message")
                        .asText())
                .contains("FORWARD");

        ok(http.put("/config/orders-value", Map.of("compatibility", "NONE")));
        assertThat(http.registerOk("orders-value", OTHER)).isEqualTo(3);
    }

    @Test
    void shouldCheckCompatibilityAgainstAVersionOrLatestWithVerboseMessages() throws Exception {
        http.registerOk("orders-value", V1);
        http.registerOk("orders-value", V2_WITH_DEFAULT);

        String path = "/compatibility/subjects/orders-value/versions/";
        assertThat(ok(http.post(path + "latest", Map.of("schema", V2_WITH_DEFAULT))))
                .isEqualTo(json("{\"is_compatible\":true}"));
        assertThat(ok(http.post(path + "1", Map.of("schema", V2_WITHOUT_DEFAULT))))
                .isEqualTo(json("{\"is_compatible\":false}"));

        JsonNode verbose = ok(http.post(path + "1?verbose=true", Map.of("schema", V2_WITHOUT_DEFAULT)));
        assertThat(verbose.get("is_compatible").asBoolean()).isFalse();
        assertThat(verbose.get("messages")).hasSize(1);
        assertThat(verbose.get("messages").get(0).asText())
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
                .contains("customer");
        assertThat(ok(http.post(path + "latest?verbose=true", Map.of("schema", V2_WITH_DEFAULT))))
                .isEqualTo(json("{\"is_compatible\":true,\"messages\":[]}"));

        assertError(http.post(path + "9", Map.of("schema", V1)), 404, 40402);
        assertError(http.post(path + "x", Map.of("schema", V1)), 422, 42202);
        assertError(http.post(path + "1", Map.of("schema", "{")), 422, 42201);
        assertError(http.post("/compatibility/subjects/nope/versions/latest", Map.of("schema", V1)), 404, 40401);
    }

    @Test
    void shouldCheckCompatibilityAgainstEveryVersionTheLevelLooksAt() throws Exception {
        http.registerOk("orders-value", V1);
        ok(http.put("/config/orders-value", Map.of("compatibility", "NONE")));
        http.registerOk("orders-value", EMPTY);
        String all = "/compatibility/subjects/orders-value/versions";

        ok(http.put("/config/orders-value", Map.of("compatibility", "FORWARD")));
        // Against the latest (EMPTY) only, a schema with new fields is forward compatible...
        assertThat(ok(http.post(all, Map.of("schema", V2_WITHOUT_DEFAULT))))
                .isEqualTo(json("{\"is_compatible\":true}"));
        // ...but V1 cannot read OTHER, which FORWARD_TRANSITIVE also checks.
        ok(http.put("/config/orders-value", Map.of("compatibility", "FORWARD_TRANSITIVE")));
        assertThat(ok(http.post(all, Map.of("schema", OTHER)))
                        .get("is_compatible")
                        .asBoolean())
                .isFalse();
        assertThat(ok(http.post("/compatibility/subjects/new-subject/versions", Map.of("schema", OTHER))))
                .isEqualTo(json("{\"is_compatible\":true}"));
    }

    @Test
    void shouldListTheSubjectVersionsAndSubjectsOfASchemaId() throws Exception {
        int id = http.registerOk("orders-value", V1);
        http.registerOk("copy-value", V1);
        http.registerOk("copy-value", V2_WITH_DEFAULT);

        assertThat(ok(http.get("/schemas/ids/" + id + "/versions")))
                .isEqualTo(json("[{\"subject\":\"copy-value\",\"version\":1},"
                        + "{\"subject\":\"orders-value\",\"version\":1}]"));
        assertThat(ok(http.get("/schemas/ids/" + id + "/subjects")))
                .isEqualTo(json("[\"copy-value\",\"orders-value\"]"));

        ok(http.delete("/subjects/copy-value/versions/1"));
        assertThat(ok(http.get("/schemas/ids/" + id + "/subjects"))).isEqualTo(json("[\"orders-value\"]"));
        assertThat(ok(http.get("/schemas/ids/" + id + "/subjects?deleted=true")))
                .isEqualTo(json("[\"copy-value\",\"orders-value\"]"));
        assertThat(ok(http.get("/schemas/ids/" + id + "/versions?deleted=true")))
                .hasSize(2);

        assertError(http.get("/schemas/ids/99/versions"), 404, 40403);
        assertError(http.get("/schemas/ids/99/subjects"), 404, 40403);
    }

    @Test
    void shouldServeTheRawSchemaOfAnIdAndOfAVersion() throws Exception {
        int id = http.registerOk("orders-value", V1);

        assertThat(new Schema.Parser()
                        .parse(ok(http.get("/schemas/ids/" + id + "/schema")).toString()))
                .isEqualTo(new Schema.Parser().parse(V1));
        assertThat(new Schema.Parser()
                        .parse(ok(http.get("/subjects/orders-value/versions/latest/schema"))
                                .toString()))
                .isEqualTo(new Schema.Parser().parse(V1));
        assertError(http.get("/schemas/ids/7/schema"), 404, 40403);
    }

    @Test
    void shouldListAvroAsTheOnlySchemaTypeAndReadWriteMode() throws Exception {
        assertThat(ok(http.get("/schemas/types"))).isEqualTo(json("[\"AVRO\"]"));
        assertThat(ok(http.get("/mode"))).isEqualTo(json("{\"mode\":\"READWRITE\"}"));
    }

    @Test
    void shouldSoftDeleteASubjectThenDeleteItPermanently() throws Exception {
        int id = http.registerOk("orders-value", V1);
        http.registerOk("orders-value", V2_WITH_DEFAULT);
        ok(http.put("/config/orders-value", Map.of("compatibility", "FULL")));

        assertError(http.delete("/subjects/orders-value?permanent=true"), 404, 40405);
        assertThat(ok(http.delete("/subjects/orders-value"))).isEqualTo(json("[1,2]"));

        assertThat(ok(http.get("/subjects"))).isEqualTo(json("[]"));
        assertThat(ok(http.get("/subjects?deleted=true"))).isEqualTo(json("[\"orders-value\"]"));
        assertError(http.get("/subjects/orders-value/versions"), 404, 40401);
        assertThat(ok(http.get("/subjects/orders-value/versions?deleted=true"))).isEqualTo(json("[1,2]"));
        assertError(http.get("/subjects/orders-value/versions/1"), 404, 40401);
        assertThat(ok(http.get("/subjects/orders-value/versions/1?deleted=true"))
                        .get("id")
                        .asInt())
                .isEqualTo(id);
        assertError(http.post("/subjects/orders-value", Map.of("schema", V1)), 404, 40401);
        assertThat(ok(http.post("/subjects/orders-value?deleted=true", Map.of("schema", V1)))
                        .get("version")
                        .asInt())
                .isEqualTo(1);
        // The subject's level went with it; ids stay readable so old records still decode.
        assertError(http.get("/config/orders-value"), 404, 40408);
        assertThat(ok(http.get("/schemas/ids/" + id)).get("schema").asText()).contains("Order");
        assertError(http.delete("/subjects/orders-value"), 404, 40404);

        assertThat(ok(http.delete("/subjects/orders-value?permanent=true"))).isEqualTo(json("[1,2]"));
        assertThat(ok(http.get("/subjects?deleted=true"))).isEqualTo(json("[]"));
        assertError(http.delete("/subjects/orders-value?permanent=true"), 404, 40401);
        assertError(http.delete("/subjects/never-registered"), 404, 40401);
    }

    @Test
    void shouldSoftDeleteAVersionThenDeleteItPermanently() throws Exception {
        http.registerOk("orders-value", V1);
        http.registerOk("orders-value", V2_WITH_DEFAULT);

        assertError(http.delete("/subjects/orders-value/versions/2?permanent=true"), 404, 40407);
        assertThat(ok(http.delete("/subjects/orders-value/versions/latest"))).isEqualTo(json("2"));
        assertError(http.delete("/subjects/orders-value/versions/2"), 404, 40406);

        assertThat(ok(http.get("/subjects/orders-value/versions"))).isEqualTo(json("[1]"));
        assertThat(ok(http.get("/subjects/orders-value/versions/latest"))
                        .get("version")
                        .asInt())
                .isEqualTo(1);
        assertError(http.get("/subjects/orders-value/versions/2"), 404, 40402);
        assertThat(ok(http.get("/subjects/orders-value/versions/2?deleted=true"))
                        .get("version")
                        .asInt())
                .isEqualTo(2);

        // A soft-deleted version no longer takes part in compatibility, and its number is not reused.
        ok(http.put("/config/orders-value", Map.of("compatibility", "BACKWARD")));
        int reRegistered = http.registerOk("orders-value", V2_WITH_DEFAULT);
        JsonNode latest = ok(http.get("/subjects/orders-value/versions/latest"));
        assertThat(latest.get("version").asInt()).isEqualTo(3);
        assertThat(latest.get("id").asInt()).isEqualTo(reRegistered);

        assertThat(ok(http.delete("/subjects/orders-value/versions/2?permanent=true")))
                .isEqualTo(json("2"));
        assertThat(ok(http.get("/subjects/orders-value/versions?deleted=true"))).isEqualTo(json("[1,3]"));
        assertError(http.delete("/subjects/orders-value/versions/2?permanent=true"), 404, 40402);
        assertError(http.delete("/subjects/orders-value/versions/0"), 422, 42202);
        assertError(http.delete("/subjects/nope/versions/1"), 404, 40401);
    }

    @Test
    void shouldKeepLevelsAndDeletionsAcrossRestart() throws Exception {
        http.registerOk("orders-value", V1);
        http.registerOk("orders-value", V2_WITH_DEFAULT);
        http.registerOk("gone-value", OTHER);
        ok(http.put("/config", Map.of("compatibility", "NONE")));
        ok(http.put("/config/orders-value", Map.of("compatibility", "FULL")));
        ok(http.delete("/subjects/orders-value/versions/1"));
        ok(http.delete("/subjects/gone-value"));
        ok(http.delete("/subjects/gone-value?permanent=true"));

        registry.restart();

        assertThat(ok(http.get("/config"))).isEqualTo(json("{\"compatibilityLevel\":\"NONE\"}"));
        assertThat(ok(http.get("/config/orders-value"))).isEqualTo(json("{\"compatibilityLevel\":\"FULL\"}"));
        assertThat(ok(http.get("/subjects?deleted=true"))).isEqualTo(json("[\"orders-value\"]"));
        assertThat(ok(http.get("/subjects/orders-value/versions"))).isEqualTo(json("[2]"));
        assertThat(ok(http.get("/subjects/orders-value/versions?deleted=true"))).isEqualTo(json("[1,2]"));
        assertError(http.register("orders-value", V2_WITHOUT_DEFAULT), 409, 409);
        assertThat(http.registerOk("gone-value", V1)).isEqualTo(1);
    }

    @Test
    void shouldRefuseABodyAboveTheLimitAndStillServe() throws Exception {
        String huge = "{\"schema\":\"" + "x".repeat(RegistryHandlers.MAX_BODY_BYTES) + "\"}";

        assertError(http.send("POST", "/subjects/orders-value/versions", huge), 413, 413);
        assertError(http.send("PUT", "/config", huge), 413, 413);
        assertThat(http.registerOk("orders-value", V1)).isEqualTo(1);
    }

    @Test
    void shouldNameNoJavaClassInErrorMessages() throws Exception {
        http.registerOk("orders-value", V1);

        assertError(http.register("orders-value", "{\"type\":\"record\",\"name\":"), 422, 42201);
        assertError(http.register("orders-value", "{\"type\":\"record\"}"), 422, 42201);
        assertError(http.register("orders-value", "[1, {}]"), 422, 42201);
        assertError(http.register("orders-value", "{\"type\":\"record\",\"name\":\"R\",\"fields\":{}}"), 422, 42201);
        assertError(http.send("POST", "/subjects/orders-value/versions", "{not json"), 400, 400);
        assertError(http.send("POST", "/subjects/orders-value/versions", "[]"), 400, 400);
        // A malformed escape is refused as a bad request (by the JDK's server, before any handler).
        assertThat(rawGet("/subjects/orders%zz-value/versions")).startsWith("HTTP/1.1 400");
        assertThat(rawGet("/subjects?deleted=%zz")).startsWith("HTTP/1.1 400");
        assertError(
                http.send(HttpRequest.newBuilder(java.net.URI.create(registry.url() + "/mode"))
                        .PUT(HttpRequest.BodyPublishers.ofString("{}"))),
                405,
                405);
    }

    /** A GET with a path Java's URI refuses to build (a malformed escape), as a careless client may send it. */
    private String rawGet(String rawPath) throws Exception {
        java.net.URI base = java.net.URI.create(registry.url());
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream()
                    .write(("GET " + rawPath + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\nConnection: close\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
