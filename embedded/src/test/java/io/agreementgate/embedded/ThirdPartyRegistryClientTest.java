package io.agreementgate.embedded;

import static io.agreementgate.embedded.RegistryHttp.json;
import static io.agreementgate.embedded.RegistryHttp.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A widely used third-party Confluent registry client, {@code @kafkajs/confluent-schema-registry} on Node.js, registers,
 * reads and evolves a schema on the embedded registry with no workaround, and its records and ours decode both ways.
 *
 * <p>The client is installed by {@code npm ci --prefix embedded/src/test/node} ({@code .ci/run} does it). Without Node
 * or the client the test is skipped on a developer machine but fails in CI ({@code CI=true}), so it cannot silently
 * stop running there.
 */
class ThirdPartyRegistryClientTest {

    private static final Path CLIENT_DIR = Path.of("src", "test", "node");
    private static final String SCRIPT = "register-read-evolve.mjs";
    private static final String SUBJECT = "csp.orders-value";
    private static final Schema V1 = new Schema.Parser()
            .parse("{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"io.test\","
                    + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}");

    @RegisterExtension
    final RunningRegistry registry = new RunningRegistry();

    private final RegistryHttp http = new RegistryHttp(() -> registry.url());

    @Test
    void shouldLetTheKafkajsRegistryClientRegisterReadAndEvolveSchemas() throws Exception {
        requireClient();
        // The same schema under another subject: the client must get the same global id for it.
        int javaWriterId = http.registerOk("java-writer-value", V1.toString());
        GenericRecord javaRecord = new GenericData.Record(V1);
        javaRecord.put("id", "written-by-java");

        JsonNode seen = runClient(HexFormat.of().formatHex(confluentWire(javaWriterId, V1, javaRecord)));

        assertThat(seen.get("firstId").asInt()).isEqualTo(javaWriterId);
        assertThat(seen.get("againId").asInt()).isEqualTo(javaWriterId);
        assertThat(seen.get("v1Decoded")).isEqualTo(json("{\"id\":\"order-1\"}"));
        assertThat(seen.get("javaDecoded")).isEqualTo(json("{\"id\":\"written-by-java\"}"));
        int secondId = seen.get("secondId").asInt();
        assertThat(secondId).isNotEqualTo(javaWriterId);
        assertThat(seen.get("latestId").asInt()).isEqualTo(secondId);
        assertThat(seen.get("byVersion").asInt()).isEqualTo(javaWriterId);
        assertThat(seen.get("bySchema").asInt()).isEqualTo(javaWriterId);
        assertThat(seen.get("v2SchemaName").asText()).isEqualTo("io.test.Order");
        assertThat(seen.get("incompatible").get("rejected").asBoolean()).isTrue();
        assertThat(seen.get("incompatible").get("status").asInt()).isEqualTo(409);

        // What the client left in the registry, read back over REST.
        assertThat(ok(http.get("/config/" + SUBJECT))).isEqualTo(json("{\"compatibilityLevel\":\"BACKWARD\"}"));
        assertThat(ok(http.get("/config/" + SUBJECT + "-full"))).isEqualTo(json("{\"compatibilityLevel\":\"FULL\"}"));
        assertThat(ok(http.get("/subjects/" + SUBJECT + "/versions"))).isEqualTo(json("[1,2]"));

        GenericRecord fromNode =
                decode(HexFormat.of().parseHex(seen.get("v2Hex").asText()));
        assertThat(fromNode.get("id").toString()).isEqualTo("order-2");
        assertThat(fromNode.get("amount")).isEqualTo(42L);
    }

    private JsonNode runClient(String javaRecordHex) throws Exception {
        Path output = registry.dataDir().resolve("client.out");
        Process process = new ProcessBuilder(List.of("node", SCRIPT, registry.url(), SUBJECT, javaRecordHex))
                .directory(CLIENT_DIR.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("The Node registry client did not finish in 120 s: " + Files.readString(output));
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(printed).isZero();
        List<String> lines = printed.lines().filter(l -> l.startsWith("{")).toList();
        assertThat(lines).as(printed).hasSize(1);
        return json(lines.get(0));
    }

    private static void requireClient() throws InterruptedException {
        String missing = null;
        if (!nodeRuns()) {
            missing = "Node.js (node) is not on the PATH";
        } else if (!Files.isRegularFile(
                CLIENT_DIR.resolve("node_modules/@kafkajs/confluent-schema-registry/package.json"))) {
            missing = "the registry client is not installed: run npm ci --prefix embedded/src/test/node";
        }
        if (missing != null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI must run the third-party registry client test, but " + missing);
            }
            Assumptions.abort(missing);
        }
    }

    private static boolean nodeRuns() throws InterruptedException {
        try {
            Process process = new ProcessBuilder("node", "--version")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] confluentWire(int id, Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /** Decodes a Confluent-wire record with the writer schema the registry holds for its id. */
    private GenericRecord decode(byte[] wire) throws Exception {
        ByteBuffer buffer = ByteBuffer.wrap(wire);
        assertThat(buffer.get()).isZero();
        int id = buffer.getInt();
        Schema writer = new Schema.Parser()
                .parse(ok(http.get("/schemas/ids/" + id)).get("schema").asText());
        return new GenericDatumReader<GenericRecord>(writer)
                .read(null, DecoderFactory.get().binaryDecoder(wire, 5, wire.length - 5, null));
    }
}
