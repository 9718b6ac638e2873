package org.kamaelia.http.tls;

import java.math.BigInteger;
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
 * A throw-away public-key infrastructure for TLS tests, made once per test JVM with BouncyCastle: a CA, a server
 * certificate for {@code localhost} and a client certificate, all on P-256 keys (fast to make, and usable with TLS
 * 1.2 and 1.3). Nothing is written to disk.
 */
final class TestPki {
    private static final char[] PASSWORD = "test".toCharArray();
    private static final AtomicLong SERIALS = new AtomicLong(1);
    // After the constants create() uses.
    static final TestPki INSTANCE = create();

    final X509Certificate ca;
    final X509Certificate server;
    final X509Certificate client;
    private final KeyStore serverKeys;
    private final KeyStore clientKeys;
    private final KeyStore trust;

    private TestPki(
            X509Certificate ca,
            X509Certificate server,
            X509Certificate client,
            KeyStore serverKeys,
            KeyStore clientKeys,
            KeyStore trust) {
        this.ca = ca;
        this.server = server;
        this.client = client;
        this.serverKeys = serverKeys;
        this.clientKeys = clientKeys;
        this.trust = trust;
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
            X509v3CertificateBuilder serverBuilder = builder(caName, new X500Name("CN=localhost"), serverKeyPair);
            leaf(serverBuilder, KeyPurposeId.id_kp_serverAuth);
            serverBuilder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")
            }));
            X509Certificate server = sign(serverBuilder, caKeys);

            KeyPair clientKeyPair = newKeys();
            X509v3CertificateBuilder clientBuilder = builder(caName, new X500Name("CN=test-client"), clientKeyPair);
            leaf(clientBuilder, KeyPurposeId.id_kp_clientAuth);
            X509Certificate client = sign(clientBuilder, caKeys);

            return new TestPki(
                    ca,
                    server,
                    client,
                    keyStore(serverKeyPair, server, ca),
                    keyStore(clientKeyPair, client, ca),
                    trustStore(ca));
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("cannot make the test certificates", e);
        }
    }

    /** The server's context: its key and chain, and the CA as trust for client certificates. */
    SSLContext serverContext() {
        return context(serverKeys);
    }

    /** A client's context that trusts the CA, with the client certificate or without any. */
    SSLContext clientContext(boolean withCertificate) {
        return context(withCertificate ? clientKeys : null);
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
