package org.kamaelia.http.tls;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away public-key infrastructure for TLS tests, made once per test JVM with BouncyCastle: a CA, two server
 * certificates for {@code localhost} (the second for a certificate renewal) and a client certificate, all on P-256
 * keys (fast to make, and usable with TLS 1.2 and 1.3). Nothing is written to disk unless a test asks for PEM files
 * (for curl).
 */
public final class TestPki {
    private static final char[] PASSWORD = "test".toCharArray();
    private static final AtomicLong SERIALS = new AtomicLong(1);
    // After the constants create() uses.
    /** The one PKI of this test JVM. */
    public static final TestPki INSTANCE = create();

    /** The CA that signed every certificate here. */
    public final X509Certificate ca;
    /** The server's certificate ({@code CN=localhost}). */
    public final X509Certificate server;
    /** A second server certificate for the same names ({@code CN=localhost, O=renewed}). */
    public final X509Certificate secondServer;
    /** The client's certificate ({@code CN=test-client}). */
    public final X509Certificate client;

    private final KeyStore serverKeys;
    private final KeyStore secondServerKeys;
    private final KeyStore clientKeys;
    private final KeyStore trust;
    private final PrivateKey clientKey;

    private TestPki(
            X509Certificate ca,
            X509Certificate server,
            X509Certificate secondServer,
            X509Certificate client,
            KeyStore serverKeys,
            KeyStore secondServerKeys,
            KeyStore clientKeys,
            KeyStore trust,
            PrivateKey clientKey) {
        this.ca = ca;
        this.server = server;
        this.secondServer = secondServer;
        this.client = client;
        this.serverKeys = serverKeys;
        this.secondServerKeys = secondServerKeys;
        this.clientKeys = clientKeys;
        this.trust = trust;
        this.clientKey = clientKey;
    }

    private static TestPki create() {
        try {
            KeyPair caKeys = newKeys();
            X500Name caName = new X500Name("CN=Kamaelia Test CA");
            X509v3CertificateBuilder caBuilder = builder(caName, caName, caKeys);
            caBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            caBuilder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            X509Certificate ca = sign(caBuilder, caKeys);

            KeyPair serverKeyPair = newKeys();
            X509Certificate server = serverCertificate(caName, caKeys, serverKeyPair, "CN=localhost");
            KeyPair secondServerKeyPair = newKeys();
            X509Certificate secondServer =
                    serverCertificate(caName, caKeys, secondServerKeyPair, "CN=localhost, O=renewed");

            KeyPair clientKeyPair = newKeys();
            X509v3CertificateBuilder clientBuilder = builder(caName, new X500Name("CN=test-client"), clientKeyPair);
            leaf(clientBuilder, KeyPurposeId.id_kp_clientAuth);
            X509Certificate client = sign(clientBuilder, caKeys);

            return new TestPki(
                    ca,
                    server,
                    secondServer,
                    client,
                    keyStore(serverKeyPair, server, ca),
                    keyStore(secondServerKeyPair, secondServer, ca),
                    keyStore(clientKeyPair, client, ca),
                    trustStore(ca),
                    clientKeyPair.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("cannot make the test certificates", e);
        }
    }

    private static X509Certificate serverCertificate(X500Name caName, KeyPair caKeys, KeyPair keys, String subject)
            throws GeneralSecurityException, OperatorCreationException, CertIOException {
        X509v3CertificateBuilder builder = builder(caName, new X500Name(subject), keys);
        leaf(builder, KeyPurposeId.id_kp_serverAuth);
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")
        }));
        return sign(builder, caKeys);
    }

    /** The server's context: its key and chain, and the CA as trust for client certificates. */
    public SSLContext serverContext() {
        return context(serverKeys);
    }

    /** A server context with the second certificate, as after a renewal. */
    public SSLContext secondServerContext() {
        return context(secondServerKeys);
    }

    /** A client's context that trusts the CA, with the client certificate or without any. */
    public SSLContext clientContext(boolean withCertificate) {
        return context(withCertificate ? clientKeys : null);
    }

    /** Writes the CA certificate as PEM into {@code directory} (for {@code curl --cacert}); returns the file. */
    public Path writeCaPem(Path directory) throws java.io.IOException {
        return write(directory.resolve("ca.pem"), pem("CERTIFICATE", encoded(ca)));
    }

    /** Writes the client certificate as PEM into {@code directory} (for {@code curl --cert}); returns the file. */
    public Path writeClientCertificatePem(Path directory) throws java.io.IOException {
        return write(directory.resolve("client.pem"), pem("CERTIFICATE", encoded(client)));
    }

    /** Writes the client's private key as PKCS#8 PEM into {@code directory} (for {@code curl --key}). */
    public Path writeClientKeyPem(Path directory) throws java.io.IOException {
        return write(directory.resolve("client-key.pem"), pem("PRIVATE KEY", clientKey.getEncoded()));
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static Path write(Path file, String text) throws java.io.IOException {
        return Files.writeString(file, text, StandardCharsets.US_ASCII);
    }

    private SSLContext context(KeyStore keys) {
        try {
            KeyManager[] keyManagers = null;
            if (keys != null) {
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, PASSWORD);
                keyManagers = kmf.getKeyManagers();
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, tmf.getTrustManagers(), new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair newKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(
                issuer,
                BigInteger.valueOf(SERIALS.getAndIncrement()),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(2))),
                subject,
                keys.getPublic());
    }

    private static void leaf(X509v3CertificateBuilder builder, KeyPurposeId purpose) throws CertIOException {
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter()
                .getCertificate(
                        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
    }

    private static KeyStore keyStore(KeyPair keys, X509Certificate leaf, X509Certificate ca)
            throws GeneralSecurityException, java.io.IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("key", keys.getPrivate(), PASSWORD, new Certificate[] {leaf, ca});
        return store;
    }

    private static KeyStore trustStore(X509Certificate ca) throws GeneralSecurityException, java.io.IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", ca);
        return store;
    }
}
