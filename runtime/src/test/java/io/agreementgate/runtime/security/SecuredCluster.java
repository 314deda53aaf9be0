package io.agreementgate.runtime.security;

import io.agreementgate.embedded.EmbeddedBrokerSecurity;
import io.agreementgate.embedded.EmbeddedKafkaBroker;
import io.agreementgate.embedded.EmbeddedSchemaRegistry;
import io.agreementgate.runtime.TestSettings;
import io.agreementgate.runtime.gate.GateAcls;
import io.agreementgate.serde.SchemaRegistryClient;
import io.agreementgate.serde.SchemaRegistryClients;
import io.agreementgate.testkit.KafkaTopics;
import io.agreementgate.topology.config.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AclBinding;

/**
 * A broker secured like a distributor's (SASL_SSL, SCRAM-SHA-512, ACLs) and a registry behind HTTPS and basic
 * authentication, for one test class. Users are
 * created with the broker; {@link #grant} gives one of them ACLs, {@link #createTopics} makes a gate's topics as the
 * platform would.
 */
public final class SecuredCluster implements AutoCloseable {
    static final String REGISTRY_USER = "registry-user";
    static final String REGISTRY_PASSWORD = "registry-secret";

    private final EmbeddedBrokerSecurity security;
    private final EmbeddedKafkaBroker broker;
    private final EmbeddedSchemaRegistry registry;

    private SecuredCluster(
            EmbeddedBrokerSecurity security, EmbeddedKafkaBroker broker, EmbeddedSchemaRegistry registry) {
        this.security = security;
        this.broker = broker;
        this.registry = registry;
    }

    public static SecuredCluster start(Path dir, Map<String, String> users) {
        EmbeddedBrokerSecurity security = EmbeddedBrokerSecurity.saslSsl(users, dir.resolve("tls"));
        EmbeddedKafkaBroker broker =
                EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Config.of(dir.resolve("kafka")), security);
        try {
            EmbeddedSchemaRegistry.Security registrySecurity =
                    new EmbeddedSchemaRegistry.Security(security.tls(), REGISTRY_USER, REGISTRY_PASSWORD);
            return new SecuredCluster(
                    security, broker, EmbeddedSchemaRegistry.start(dir.resolve("registry"), 0, registrySecurity));
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public String registryUrl() {
        return registry.url();
    }

    public EmbeddedBrokerSecurity security() {
        return security;
    }

    /** Registry client settings under Confluent's names: HTTPS trust and basic authentication. */
    public Map<String, String> registryProperties() {
        Map<String, String> registry = new LinkedHashMap<>();
        registry.put(
                SchemaRegistryClients.TRUSTSTORE_LOCATION,
                security.tls().truststore().toString());
        registry.put(SchemaRegistryClients.TRUSTSTORE_PASSWORD, security.tls().password());
        registry.put(SchemaRegistryClients.TRUSTSTORE_TYPE, "PKCS12");
        registry.put(SchemaRegistryClients.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO");
        registry.put(SchemaRegistryClients.BASIC_AUTH_USER_INFO, REGISTRY_USER + ":" + REGISTRY_PASSWORD);
        return registry;
    }

    SchemaRegistryClient registryClient() {
        return SchemaRegistryClients.forUrl(registryUrl(), registryProperties());
    }

    /** A gate's settings on this cluster, connecting as {@code user} with {@code password}. */
    Map<String, String> gateSettings(String prefix, Path dataDir, String user, String password) {
        Map<String, String> settings = new LinkedHashMap<>(TestSettings.gate(prefix, dataDir, 2000));
        settings.put("bootstrap.servers", bootstrapServers());
        settings.put("schema.registry.url", registryUrl());
        settings.putAll(security.clientProperties(user, password));
        settings.putAll(registryProperties());
        return settings;
    }

    /** The topics of a gate, 3 partitions each, created by the admin. */
    public void createTopics(Topics topics) throws Exception {
        try (Admin admin = admin()) {
            List<NewTopic> all = new ArrayList<>();
            topics.all().forEach(t -> all.add(new NewTopic(t, Optional.of(3), Optional.empty())));
            KafkaTopics.create(admin, all);
        }
    }

    public void grant(String user, List<GateAcls.Grant> grants) throws Exception {
        List<AclBinding> bindings = grants.stream()
                .map(g -> g.binding(EmbeddedBrokerSecurity.principal(user)))
                .toList();
        try (Admin admin = admin()) {
            admin.createAcls(bindings).all().get(60, TimeUnit.SECONDS);
        }
    }

    Admin admin() {
        Map<String, Object> config = new HashMap<>(security.clientProperties(EmbeddedBrokerSecurity.ADMIN));
        config.put("bootstrap.servers", bootstrapServers());
        return Admin.create(config);
    }

    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            broker.close();
        }
    }
}
