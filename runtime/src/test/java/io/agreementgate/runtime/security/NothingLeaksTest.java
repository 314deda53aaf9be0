package io.agreementgate.runtime.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.embedded.EmbeddedBrokerSecurity;
import io.agreementgate.embedded.EmbeddedKafkaBroker;
import io.agreementgate.embedded.EmbeddedSchemaRegistry;
import io.agreementgate.runtime.AgreementGateCli;
import io.agreementgate.runtime.GateClient;
import io.agreementgate.runtime.TestRecords;
import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.Contact;
import io.agreementgate.schema.RejectedAttestation;
import io.agreementgate.schema.RejectedOrder;
import io.agreementgate.serde.AvroJson;
import io.agreementgate.serde.SchemaRegistryClient;
import io.agreementgate.serde.SchemaRegistryClients;
import io.agreementgate.topology.config.Topics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets and personal data stay out of sight. Secrets are planted in flags, environment and config file; the gate
 * starts (with the demo), fails to start in several ways, and neither anything printed nor anything written to Kafka
 * holds one. Distinctive contact data goes through the demo and the error paths, and nothing printed, no metric, no
 * rejection message and no dead-letter header repeats it.
 */
class NothingLeaksTest {
    private static final String ADMIN_PASSWORD = "Kafka-Planted-Pw-91d3";
    private static final String WRONG_PASSWORD = "Wrong-Planted-Pw-0a9f";
    private static final String REGISTRY_PASSWORD = "Registry-Planted-Pw-5b7e";
    private static final String HTTP_TOKEN = "Http-Planted-Token-c44a";
    private static final Contact PLANTED_CONTACT =
            new Contact("Zelda", "Quist-Vandersloot", "zelda.qv@planted-pii.example", "+49 30 5550199");
    private static final String PLANTED_USER_ID = "uid-planted-7731";
    /** Contact data of the demo's own attestations (its customer ids differ per run, its people do not). */
    private static final List<String> DEMO_CONTACTS = List.of("Lovelace", "pat-at-tailspin");

    private static final Pattern BANNER_HTTP = Pattern.compile("HTTP\\s+(http://\\S+)");
    private static final Pattern DEMO_CUSTOMER = Pattern.compile("customer (\\S+)");

    @TempDir
    static Path dir;

    private static EmbeddedBrokerSecurity security;
    private static EmbeddedKafkaBroker broker;
    private static EmbeddedSchemaRegistry registry;
    private static final StringBuilder printed = new StringBuilder();
    private static final List<String> rejectionMessages = new ArrayList<>();
    private static final List<String> deadLetterHeaders = new ArrayList<>();
    private static String everythingInKafka;
    private static String truststorePassword;

    @BeforeAll
    static void runEverything() throws Exception {
        security = EmbeddedBrokerSecurity.saslSsl(
                Map.of(EmbeddedBrokerSecurity.ADMIN, ADMIN_PASSWORD), dir.resolve("tls"));
        truststorePassword = security.tls().password();
        broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Config.of(dir.resolve("kafka")), security);
        registry = EmbeddedSchemaRegistry.start(
                dir.resolve("registry"),
                0,
                new EmbeddedSchemaRegistry.Security(security.tls(), "sr-user", REGISTRY_PASSWORD));

        runTheDemo();
        // One after the other: each is its own JVM, and the figure is how long a gate takes to give up.
        failToStart("wrong-kafka-password", Map.of(), List.of("-Dsasl.jaas.config=" + jaas(WRONG_PASSWORD)))
                .awaitFailure();
        failToStart(
                        "wrong-registry-password",
                        Map.of("AGREEMENT_GATE_SCHEMA_REGISTRY_URL", registryUrl(WRONG_PASSWORD)),
                        List.of())
                .awaitFailure();
        failToStart(
                        "misspelt-registry-key",
                        Map.of(),
                        List.of("-Dschema.registry.ssl.truststore.pasword=" + truststorePassword))
                .awaitFailure();
        readKafka();
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldHaveRunAndFailedAsIntended() {
        assertThat(printed)
                .contains("APPROVED")
                .contains("ATTESTATION REJECTED")
                .contains("Kafka refused the gate's credentials")
                .contains("HTTP 401")
                .contains("unknown setting schema.registry.ssl.truststore.pasword")
                .contains("agreement-gate: line 1: ");
        assertThat(rejectionMessages).isNotEmpty();
        assertThat(deadLetterHeaders).isNotEmpty();
    }

    @Test
    void shouldNeverPrintASecret() {
        for (String secret : secrets()) {
            assertThat(printed.toString()).as("printed").doesNotContain(secret);
        }
    }

    @Test
    void shouldNeverWriteASecretToKafka() {
        assertThat(everythingInKafka).isNotEmpty();
        for (String secret : secrets()) {
            assertThat(everythingInKafka).as("records and headers in Kafka").doesNotContain(secret);
        }
    }

    @Test
    void shouldNeverShowPersonalData() {
        List<String> personal = new ArrayList<>(DEMO_CONTACTS);
        personal.addAll(List.of(
                PLANTED_CONTACT.getFirstName(),
                PLANTED_CONTACT.getLastName(),
                PLANTED_CONTACT.getEmail(),
                PLANTED_CONTACT.getPhoneNumber(),
                PLANTED_USER_ID));
        for (String value : personal) {
            assertThat(printed.toString())
                    .as("printed, /metrics and /customers")
                    .doesNotContain(value);
            assertThat(rejectionMessages).as("rejection messages").noneMatch(m -> m.contains(value));
            assertThat(deadLetterHeaders).as("dead-letter headers").noneMatch(h -> h.contains(value));
        }
        assertThat(printed.toString()).doesNotContainPattern("ada@\\S+\\.com");
    }

    private static List<String> secrets() {
        return List.of(ADMIN_PASSWORD, WRONG_PASSWORD, REGISTRY_PASSWORD, HTTP_TOKEN, truststorePassword);
    }

    /** `run --demo` as its own process, secrets in flags, environment and config file; then its HTTP endpoint. */
    private static void runTheDemo() throws Exception {
        Path out = dir.resolve("demo.out");
        Path err = dir.resolve("demo.err");
        Process process = gateJvm("demo", Map.of(), List.of("--demo"), out, err);
        try {
            Awaitility.await()
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> read(out).contains("REJECTED") && read(out).contains("(waited"));
            Matcher http = BANNER_HTTP.matcher(read(out));
            assertThat(http.find()).as(read(out)).isTrue();
            String base = http.group(1);
            printed.append(get(base + "/metrics", null)).append('\n');
            printed.append(get(base + "/health", null)).append('\n');
            Matcher customer = DEMO_CUSTOMER.matcher(read(out));
            while (customer.find()) {
                printed.append(get(base + "/customers/" + customer.group(1) + "/agreements", HTTP_TOKEN))
                        .append('\n');
            }
            sendPersonalDataThroughTheErrorPaths(); // while the gate runs, so that it rejects and dead-letters
        } finally {
            process.destroy();
            process.waitFor(60, TimeUnit.SECONDS);
            process.destroyForcibly();
            printed.append(read(out)).append(read(err));
        }
    }

    private record Failing(String name, Process process, Path out, Path err, long startedNanos) {
        /** Ends within a minute, exit code 1, its last line the one line that says why. */
        void awaitFailure() throws Exception {
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).as(name).isTrue();
            Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
            String errors = read(err);
            assertThat(process.exitValue()).as(name + ": " + errors).isEqualTo(1);
            assertThat(took).as(name).isLessThan(Duration.ofSeconds(60));
            assertThat(errors.lines().reduce((a, b) -> b).orElse("")).as(name).startsWith("agreement-gate: ");
            System.out.println("leak test: " + name + " ended with exit code 1 after " + took.toMillis() + " ms");
            printed.append(read(out)).append(errors);
        }
    }

    private static Failing failToStart(String name, Map<String, String> environment, List<String> flags)
            throws IOException {
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        long started = System.nanoTime();
        return new Failing(name, gateJvm(name, environment, flags, out, err), out, err, started);
    }

    /**
     * Contact data where a mistake would show it: a line the producer cannot parse, attestations the gate rejects,
     * an undecodable record for the dead-letter topic.
     */
    private static void sendPersonalDataThroughTheErrorPaths() throws Exception {
        String customer = TestRecords.unique("cust-pii");
        AgreementAttestation planted = withPlantedContact(TestRecords.mca(customer));
        String line = AvroJson.toJson(planted);
        String broken = line.replace("\"" + PLANTED_CONTACT.getEmail() + "\"", PLANTED_CONTACT.getEmail());
        printed.append(produce(broken)).append('\n');

        AgreementAttestation unknownTemplate = withPlantedContact(TestRecords.mca(customer));
        unknownTemplate.setTemplateId("not-a-template");
        AgreementAttestation incomplete = withPlantedContact(TestRecords.mca(customer));
        incomplete.setPrimaryContact(
                new Contact(PLANTED_CONTACT.getFirstName(), PLANTED_CONTACT.getLastName(), "", null));
        try (GateClient client = client()) {
            client.attest(unknownTemplate, "another-customer-key");
            client.attest(incomplete, incomplete.getCustomerId());
            client.sendRaw(
                    Topics.DEFAULTS.attestations(),
                    planted.getCustomerId(),
                    ("\u0000garbage " + PLANTED_CONTACT.getEmail()).getBytes(StandardCharsets.UTF_8));
            client.awaitRejectedAttestation(incomplete.getAttestationId(), Duration.ofSeconds(60));
        }
    }

    private static AgreementAttestation withPlantedContact(AgreementAttestation attestation) {
        attestation.setPrimaryContact(new Contact(
                PLANTED_CONTACT.getFirstName(),
                PLANTED_CONTACT.getLastName(),
                PLANTED_CONTACT.getEmail(),
                PLANTED_CONTACT.getPhoneNumber()));
        attestation.setUserId(PLANTED_USER_ID);
        return attestation;
    }

    /** Every record of every topic (values, keys, headers) as text; rejection messages and dead-letter headers. */
    private static void readKafka() throws Exception {
        List<String> topics;
        try (Admin admin = admin()) {
            topics = List.copyOf(admin.listTopics().names().get(60, TimeUnit.SECONDS));
        }
        StringBuilder all = new StringBuilder();
        SchemaRegistryClient registryClient = registryClient();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            for (String topic : topics) {
                for (ConsumerRecord<byte[], byte[]> record : records(consumer, topic)) {
                    append(all, record.key());
                    append(all, record.value());
                    for (Header header : record.headers()) {
                        all.append(header.key()).append('=');
                        append(all, header.value());
                        if (topic.equals(Topics.DEFAULTS.deadLetter())) {
                            deadLetterHeaders.add(header.key() + "=" + text(header.value()));
                        }
                    }
                    if (topic.equals(Topics.DEFAULTS.rejectedAttestations())) {
                        RejectedAttestation rejected = new io.agreementgate.serde.SpecificAvroDeserializer<>(
                                        RejectedAttestation.class, registryClient, false)
                                .deserialize(topic, record.value());
                        rejected.getReasons().forEach(r -> rejectionMessages.add(r.getMessage()));
                    }
                    if (topic.equals(Topics.DEFAULTS.rejectedOrders())) {
                        RejectedOrder rejected = new io.agreementgate.serde.SpecificAvroDeserializer<>(
                                        RejectedOrder.class, registryClient, false)
                                .deserialize(topic, record.value());
                        rejected.getReasons().forEach(r -> rejectionMessages.add(r.getMessage()));
                    }
                }
            }
        }
        everythingInKafka = all.toString();
    }

    private static Process gateJvm(String name, Map<String, String> environment, List<String> flags, Path out, Path err)
            throws IOException {
        Path config = dir.resolve(name + ".properties");
        Properties file = new Properties();
        file.setProperty("security.protocol", "SASL_SSL");
        file.setProperty("sasl.mechanism", EmbeddedBrokerSecurity.MECHANISM);
        file.setProperty("ssl.truststore.location", security.tls().truststore().toString());
        file.setProperty("ssl.truststore.password", truststorePassword);
        file.setProperty("ssl.truststore.type", "PKCS12");
        file.setProperty(
                SchemaRegistryClients.TRUSTSTORE_LOCATION,
                security.tls().truststore().toString());
        file.setProperty(SchemaRegistryClients.TRUSTSTORE_PASSWORD, truststorePassword);
        file.setProperty(SchemaRegistryClients.TRUSTSTORE_TYPE, "PKCS12");
        file.setProperty(SchemaRegistryClients.BASIC_AUTH_CREDENTIALS_SOURCE, "URL");
        try (var writer = Files.newBufferedWriter(config)) {
            file.store(writer, null);
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                AgreementGateCli.class.getName(),
                "run",
                "--config",
                config.toString(),
                "--bootstrap-servers",
                broker.bootstrapServers(),
                "--data-dir",
                dir.resolve(name + "-data").toString(),
                "-Dgate.http.port=0",
                "-Dgate.http.token=" + HTTP_TOKEN,
                "-Dcommit.interval.ms=200"));
        command.addAll(flags);
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("AGREEMENT_GATE_SASL_JAAS_CONFIG", jaas(ADMIN_PASSWORD));
        builder.environment().put("AGREEMENT_GATE_SCHEMA_REGISTRY_URL", registryUrl(REGISTRY_PASSWORD));
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static String produce(String stdin) {
        List<String> args = new ArrayList<>(List.of(
                "produce",
                "--topic",
                Topics.DEFAULTS.attestations(),
                "--bootstrap-servers",
                broker.bootstrapServers(),
                "--schema-registry-url",
                registryUrl(REGISTRY_PASSWORD)));
        Map<String, String> settings = new LinkedHashMap<>(security.clientProperties(EmbeddedBrokerSecurity.ADMIN));
        settings.putAll(registryTrust());
        settings.forEach((k, v) -> args.add("-D" + k + "=" + v));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            AgreementGateCli.execute(
                    args.toArray(String[]::new),
                    new ByteArrayInputStream((stdin + "\n").getBytes(StandardCharsets.UTF_8)),
                    o,
                    e,
                    Map.of());
        }
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    private static Map<String, String> registryTrust() {
        Map<String, String> trust = new HashMap<>();
        trust.put(
                SchemaRegistryClients.TRUSTSTORE_LOCATION,
                security.tls().truststore().toString());
        trust.put(SchemaRegistryClients.TRUSTSTORE_PASSWORD, truststorePassword);
        trust.put(SchemaRegistryClients.TRUSTSTORE_TYPE, "PKCS12");
        return trust;
    }

    private static SchemaRegistryClient registryClient() {
        return SchemaRegistryClients.forUrl(registryUrl(REGISTRY_PASSWORD), registryTrust());
    }

    private static GateClient client() {
        return new GateClient(
                broker.bootstrapServers(),
                registryClient(),
                Topics.DEFAULTS,
                security.clientProperties(EmbeddedBrokerSecurity.ADMIN));
    }

    private static Admin admin() {
        Map<String, Object> config = new HashMap<>(security.clientProperties(EmbeddedBrokerSecurity.ADMIN));
        config.put("bootstrap.servers", broker.bootstrapServers());
        return Admin.create(config);
    }

    private static KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> config = new HashMap<>(security.clientProperties(EmbeddedBrokerSecurity.ADMIN));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static List<ConsumerRecord<byte[], byte[]>> records(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }

    private static String registryUrl(String password) {
        return registry.url().replace("https://", "https://sr-user:" + password + "@");
    }

    private static String jaas(String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\""
                + password + "\";";
    }

    private static String get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response =
                HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    private static void append(StringBuilder all, byte[] bytes) {
        if (bytes != null) {
            all.append(text(bytes)).append('\n');
        }
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
