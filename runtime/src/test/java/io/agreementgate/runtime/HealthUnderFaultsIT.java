package io.agreementgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.embedded.EmbeddedKafkaBroker;
import io.agreementgate.embedded.EmbeddedSchemaRegistry;
import io.agreementgate.runtime.config.GateSettings;
import io.agreementgate.runtime.gate.GateProcess;
import io.agreementgate.schema.Order;
import io.agreementgate.serde.ConfluentWireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /health tells the truth under faults, on a real broker and registry: 503 within the stall time (plus the sampling
 * second and a generous margin for a loaded machine) while the broker is down or the registry hangs, 200 again once
 * decisions flow. The times are printed.
 */
class HealthUnderFaultsIT {
    /** Short, so the test is quick; the default is 30 s. */
    private static final long STALL_MS = 5_000;
    /** Stall time, the stuck-thread threshold (2 s), the sampling period and time for a loaded machine. */
    private static final Duration DOWN_WITHIN = Duration.ofMillis(STALL_MS).plusSeconds(25);

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("try") // closed inside the block to check what the stop said; closing again does nothing
    void shouldAnswer503WhileTheBrokerIsDownAnd200OnceItIsBack() {
        Path kafkaDir = dir.resolve("kafka");
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(kafkaDir);
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(dir.resolve("registry"));
                GateProcess gate = start("broker-down", broker.bootstrapServers(), registry.url());
                GateClient client =
                        new GateClient(broker.bootstrapServers(), registry.url(), TestSettings.topics("broker-down"))) {
            String health = awaitUp(gate);
            decideOne(client);

            broker.close();
            long stopped = System.nanoTime();
            await(DOWN_WITHIN).until(() -> status(health) == 503);
            System.out.printf(
                    "broker outage: /health 503 after %d ms (stall %d ms), reason: %s%n",
                    (System.nanoTime() - stopped) / 1_000_000,
                    STALL_MS,
                    Http.get(health).json().path("reason").asText());

            broker = EmbeddedKafkaBroker.start(kafkaDir);
            long restarted = System.nanoTime();
            await(Duration.ofMinutes(3)).until(() -> status(health) == 200);
            System.out.printf(
                    "broker outage: /health 200 %d ms after the broker was back%n",
                    (System.nanoTime() - restarted) / 1_000_000);
            decideOne(client);

            // A clean stop with space on the disk persists every task's state, and says nothing.
            gate.close();
            assertThat(gate.runner().stateNotPersisted()).isEmpty();
        } finally {
            broker.close();
        }
    }

    @Test
    void shouldAnswer503WhileTheRegistryHangsOnANewSchemaAnd200AsSoonAsDecisionsFlow() {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
                EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(dir.resolve("registry"));
                HangingProxy proxy = new HangingProxy(registry.url());
                GateProcess gate = start("registry-hangs", broker.bootstrapServers(), proxy.url());
                GateClient client = new GateClient(
                        broker.bootstrapServers(), registry.url(), TestSettings.topics("registry-hangs"))) {
            String health = awaitUp(gate);
            decideOne(client);

            proxy.hang();
            // An order written with a schema the gate has never seen: it must ask the (hanging) registry.
            String customer = TestRecords.unique("cust");
            Order order = TestRecords.order(customer).build();
            client.attest(TestRecords.mca(customer), customer);
            client.sendRaw(TestSettings.topics("registry-hangs").orders(), customer, withNewSchema(client, order));
            long hung = System.nanoTime();
            await(DOWN_WITHIN).until(() -> status(health) == 503);
            System.out.printf(
                    "registry hang: /health 503 after %d ms (stall %d ms), reason: %s%n",
                    (System.nanoTime() - hung) / 1_000_000,
                    STALL_MS,
                    Http.get(health).json().path("reason").asText());

            proxy.release();
            client.awaitApproved(order.getOrderId(), Duration.ofMinutes(3));
            long decided = System.nanoTime();
            // Decisions flow again: up within the sampling second (10 s for a loaded machine), not a grace later.
            await(Duration.ofSeconds(10)).until(() -> status(health) == 200);
            System.out.printf(
                    "registry hang: /health 200 %d ms after the order was decided%n",
                    (System.nanoTime() - decided) / 1_000_000);
        }
        awaitGateThreadsGone("registry-hangs");
    }

    private GateProcess start(String prefix, String bootstrap, String registryUrl) {
        Map<String, String> settings = TestSettings.gate(prefix, dir.resolve("gate-" + prefix), 1000);
        settings.put("bootstrap.servers", bootstrap);
        settings.put("schema.registry.url", registryUrl);
        settings.put("gate.health.stall.ms", Long.toString(STALL_MS));
        settings.put("schema.registry.request.timeout.ms", "20000");
        return GateProcess.start(GateSettings.of(settings), new PrintStream(new ByteArrayOutputStream(), true));
    }

    private static String awaitUp(GateProcess gate) {
        gate.runner().awaitRunning(Duration.ofSeconds(90));
        String health = gate.runner().httpUrl() + "/health";
        await(Duration.ofSeconds(60)).until(() -> status(health) == 200);
        return health;
    }

    private static void decideOne(GateClient client) {
        String customer = TestRecords.unique("cust");
        Order order = TestRecords.order(customer).build();
        client.attest(TestRecords.mca(customer), customer);
        client.order(order, customer);
        client.awaitApproved(order.getOrderId(), Duration.ofMinutes(3));
    }

    /** The order in Confluent's wire format under a new (compatible) writer schema with one more optional field. */
    private static byte[] withNewSchema(GateClient client, Order order) {
        Schema current = Order.getClassSchema();
        Schema newer = copyWithExtraField(current);
        int id =
                client.registry().register(TestSettings.topics("registry-hangs").orders() + "-value", newer);
        try {
            // The order as Avro binary, read back as a generic record of the newer schema (the new field null).
            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            BinaryEncoder plainEncoder = EncoderFactory.get().binaryEncoder(plain, null);
            new SpecificDatumWriter<>(Order.class).write(order, plainEncoder);
            plainEncoder.flush();
            GenericRecord record = new GenericDatumReader<GenericRecord>(current, newer)
                    .read(null, DecoderFactory.get().binaryDecoder(plain.toByteArray(), null));

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ConfluentWireFormat.writeHeader(out, id);
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(newer).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema copyWithExtraField(Schema current) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : current.getFields()) {
            fields.add(new Schema.Field(field, field.schema()));
        }
        fields.add(new Schema.Field(
                "healthProbeNote",
                Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
                "a field the gate does not know",
                Schema.Field.NULL_DEFAULT_VALUE));
        return Schema.createRecord(
                current.getName(), current.getDoc(), current.getNamespace(), current.isError(), fields);
    }

    private static int status(String url) {
        try {
            return Http.get(url).status();
        } catch (IllegalStateException e) {
            return -1;
        }
    }

    private static ConditionFactory await(Duration atMost) {
        // A stream thread dying of the outage is expected here: Awaitility must not fail on it.
        return Awaitility.await().dontCatchUncaughtExceptions().atMost(atMost).pollInterval(Duration.ofMillis(200));
    }

    /** A thread being replaced may outlive close's timeout: let it end before the temporary directories go. */
    private static void awaitGateThreadsGone(String prefix) {
        await(Duration.ofSeconds(90))
                .until(() -> Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(t -> t.getName().startsWith("gate-" + prefix + "-")));
    }
}
