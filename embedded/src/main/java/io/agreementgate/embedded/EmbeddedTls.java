package io.agreementgate.embedded;

import io.agreementgate.spi.OwnerOnly;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority and a server certificate for 127.0.0.1/localhost, generated at start, as
 * PKCS12 files: {@code server.p12} (key and chain, for the broker and registry) and {@code truststore.p12} (the CA,
 * for clients), both with one random password. The files are owner-only; the CA key is never written.
 */
public final class EmbeddedTls {
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final Duration VALIDITY = Duration.ofDays(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * @param keystore the server's key and certificate chain (PKCS12)
     * @param truststore the CA certificate (PKCS12), what a client trusts
     */
    public record Stores(Path keystore, Path truststore, String password) {
        /** Keeps the password out of logs. */
        @Override
        public String toString() {
            return "Stores[keystore=" + keystore + ", truststore=" + truststore + ", password=***]";
        }
    }

    private EmbeddedTls() {}

    /** Generates a CA and a server certificate into {@code dir} (created owner-only if missing). */
    public static Stores generate(Path dir) {
        try {
            OwnerOnly.createDirectories(dir);
            KeyPair caKeys = keyPair();
            X500Name caName = new X500Name("CN=agreement-gate embedded test CA");
            X509Certificate ca = sign(
                    new JcaX509v3CertificateBuilder(
                                    caName, serial(), notBefore(), notAfter(), caName, caKeys.getPublic())
                            .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                            .addExtension(
                                    Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)),
                    caKeys);
            KeyPair serverKeys = keyPair();
            X509Certificate server = sign(
                    new JcaX509v3CertificateBuilder(
                                    caName,
                                    serial(),
                                    notBefore(),
                                    notAfter(),
                                    new X500Name("CN=localhost"),
                                    serverKeys.getPublic())
                            .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                            .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                                KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
                            }))
                            .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                                new GeneralName(GeneralName.dNSName, "localhost")
                            })),
                    caKeys);
            String password = HexFormat.of().formatHex(RANDOM.generateSeed(16));
            KeyStore keystore = KeyStore.getInstance("PKCS12");
            keystore.load(null, null);
            keystore.setKeyEntry(
                    "server", serverKeys.getPrivate(), password.toCharArray(), new Certificate[] {server, ca});
            KeyStore truststore = KeyStore.getInstance("PKCS12");
            truststore.load(null, null);
            truststore.setCertificateEntry("ca", ca);
            Stores stores = new Stores(dir.resolve("server.p12"), dir.resolve("truststore.p12"), password);
            write(keystore, stores.keystore(), password);
            write(truststore, stores.truststore(), password);
            return stores;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write TLS stores in " + dir, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot generate TLS certificates: " + e.getMessage(), e);
        }
    }

    /** A server-side TLS context with the server key of {@code stores}. */
    public static SSLContext serverContext(Stores stores) {
        try {
            KeyStore keystore = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(stores.keystore())) {
                keystore.load(in, stores.password().toCharArray());
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keystore, stores.password().toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, RANDOM);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + stores.keystore(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot load " + stores.keystore() + ": " + e.getMessage(), e);
        }
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer)
            throws GeneralSecurityException, OperatorCreationException {
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(issuer.getPrivate())));
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM);
    }

    private static Date notBefore() {
        // A minute back: a client whose clock is slightly behind must not see a certificate from the future.
        return Date.from(Instant.now().minus(Duration.ofMinutes(1)));
    }

    private static Date notAfter() {
        return Date.from(Instant.now().plus(VALIDITY));
    }

    private static void write(KeyStore store, Path file, String password) throws IOException, GeneralSecurityException {
        Files.deleteIfExists(file);
        OwnerOnly.createFile(file);
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
    }
}
