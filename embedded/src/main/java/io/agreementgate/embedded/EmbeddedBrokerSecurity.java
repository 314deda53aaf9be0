package io.agreementgate.embedded;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What makes the embedded broker a secured cluster like a distributor's: the client listener speaks SASL_SSL with
 * SCRAM-SHA-512 (users created when the storage is formatted, as {@code kafka-storage format --add-scram} does), TLS
 * with a certificate from a CA generated at start ({@link EmbeddedTls}), and the StandardAuthorizer with no access
 * unless an ACL grants it. An {@value #ADMIN} user (a super user, also used between brokers) manages ACLs and topics.
 *
 * <p>The controller listener stays PLAINTEXT on loopback; its principal (ANONYMOUS) is a super user because the
 * broker registers itself through it. A test fixture, not a template for production brokers.
 */
public final class EmbeddedBrokerSecurity {
    public static final String MECHANISM = "SCRAM-SHA-512";
    public static final String ADMIN = "admin";
    static final String LISTENER = "SASL_SSL";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> passwords;
    private final EmbeddedTls.Stores tls;

    private EmbeddedBrokerSecurity(Map<String, String> passwords, EmbeddedTls.Stores tls) {
        this.passwords = Map.copyOf(passwords);
        this.tls = tls;
    }

    /**
     * SASL_SSL with the given SCRAM users (name to password) plus {@value #ADMIN} with a random password; the TLS
     * stores are generated into {@code tlsDir}.
     */
    public static EmbeddedBrokerSecurity saslSsl(Map<String, String> users, Path tlsDir) {
        Map<String, String> all = new LinkedHashMap<>(users);
        all.putIfAbsent(ADMIN, HexFormat.of().formatHex(RANDOM.generateSeed(16)));
        all.forEach((name, password) -> {
            if (!name.matches("[A-Za-z0-9._-]+") || password.isEmpty() || password.matches(".*[\\],\"].*")) {
                throw new IllegalArgumentException("SCRAM user names are [A-Za-z0-9._-]+ and passwords must not be "
                        + "empty or contain ] , or \": " + name);
            }
        });
        return new EmbeddedBrokerSecurity(all, EmbeddedTls.generate(tlsDir));
    }

    /** The TLS stores: the truststore is what clients need. */
    public EmbeddedTls.Stores tls() {
        return tls;
    }

    /** {@code User:name}, as ACLs name principals. */
    public static String principal(String user) {
        return "User:" + user;
    }

    /** Arguments for the storage formatter: one SCRAM credential per user. */
    List<String> scramArguments() {
        List<String> arguments = new ArrayList<>();
        passwords.forEach(
                (name, password) -> arguments.add(MECHANISM + "=[name=" + name + ",password=" + password + "]"));
        return arguments;
    }

    /**
     * Turns the broker properties' client listener (named PLAINTEXT) into SASL_SSL, with the authorizer; the
     * controller listener is left as it is.
     */
    void apply(Map<String, Object> broker) {
        for (String key : List.of("listeners", "advertised.listeners")) {
            broker.put(key, String.valueOf(broker.get(key)).replace("PLAINTEXT://", LISTENER + "://"));
        }
        String controller = String.valueOf(broker.get("controller.listener.names"));
        broker.put("listener.security.protocol.map", LISTENER + ":SASL_SSL," + controller + ":PLAINTEXT");
        broker.put("inter.broker.listener.name", LISTENER);
        broker.put("sasl.enabled.mechanisms", MECHANISM);
        broker.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        broker.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", jaas(ADMIN));
        broker.put("ssl.keystore.type", "PKCS12");
        broker.put("ssl.keystore.location", tls.keystore().toString());
        broker.put("ssl.keystore.password", tls.password());
        broker.put("ssl.key.password", tls.password());
        broker.put("ssl.truststore.type", "PKCS12");
        broker.put("ssl.truststore.location", tls.truststore().toString());
        broker.put("ssl.truststore.password", tls.password());
        broker.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        broker.put("allow.everyone.if.no.acl.found", "false");
        broker.put("super.users", principal(ADMIN) + ";User:ANONYMOUS");
    }

    /** Kafka client settings to connect as {@code user} (the password on record). */
    public Map<String, String> clientProperties(String user) {
        String password = Objects.requireNonNull(passwords.get(user), () -> "no such user: " + user);
        return clientProperties(user, password);
    }

    /** Kafka client settings to connect as {@code user} with any password (a wrong one, to test refusal). */
    public Map<String, String> clientProperties(String user, String password) {
        Map<String, String> client = new LinkedHashMap<>();
        client.put("security.protocol", "SASL_SSL");
        client.put("sasl.mechanism", MECHANISM);
        client.put("sasl.jaas.config", jaas(user, password));
        client.put("ssl.truststore.type", "PKCS12");
        client.put("ssl.truststore.location", tls.truststore().toString());
        client.put("ssl.truststore.password", tls.password());
        return client;
    }

    private String jaas(String user) {
        return jaas(user, passwords.get(user));
    }

    private static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    /** Keeps passwords out of logs. */
    @Override
    public String toString() {
        return "EmbeddedBrokerSecurity[users=" + passwords.keySet() + ", " + tls + "]";
    }
}
