package io.agreementgate.serde;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The registry client's TLS context from Confluent's {@code schema.registry.ssl.truststore.*} and {@code
 * schema.registry.ssl.keystore.*} settings: a truststore for a registry certificate the JVM does not trust, a
 * keystore for a registry that asks for client certificates (mutual TLS).
 */
final class RegistryTls {
    /** One store: file, password (may be null for a truststore) and type (JKS, PKCS12). */
    record Store(String location, String password, String type, String passwordKey) {}

    private RegistryTls() {}

    /**
     * @param trust null for the JVM's trusted certificates
     * @param keys null for no client certificate
     * @param keyPassword password of the key in the keystore, null for the keystore's password
     */
    static SSLContext context(Store trust, Store keys, String keyPassword) {
        try {
            TrustManager[] trustManagers = null;
            if (trust != null) {
                TrustManagerFactory factory =
                        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(load(trust));
                trustManagers = factory.getTrustManagers();
            }
            KeyManager[] keyManagers = null;
            if (keys != null) {
                KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                String password = keyPassword != null ? keyPassword : keys.password();
                factory.init(load(keys), password == null ? new char[0] : password.toCharArray());
                keyManagers = factory.getKeyManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trustManagers, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS for the schema registry: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Store store) {
        Path file = Path.of(store.location());
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore keyStore = KeyStore.getInstance(store.type());
            keyStore.load(in, store.password() == null ? null : store.password().toCharArray());
            return keyStore;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("store " + file + " does not exist");
        } catch (IOException e) {
            // A wrong password shows as an IOException from load(): name the setting, never the value.
            throw new IllegalArgumentException(
                    "cannot read store " + file + " (wrong " + store.passwordKey() + "?): " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read store " + file + ": " + e.getMessage(), e);
        }
    }
}
