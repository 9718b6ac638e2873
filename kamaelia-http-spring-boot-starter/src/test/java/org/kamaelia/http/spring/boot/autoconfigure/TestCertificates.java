package org.kamaelia.http.spring.boot.autoconfigure;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
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
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for the starter's TLS tests, made with BouncyCastle: it issues server
 * certificates for {@code localhost} and {@code 127.0.0.1} and client certificates, on P-256 keys, and writes them
 * as the PEM files a {@code spring.ssl.bundle.pem.*} bundle reads.
 */
final class TestCertificates {
    private static final char[] PASSWORD = "test".toCharArray();
    private static final AtomicLong SERIALS = new AtomicLong(1);
    private static final X500Name CA_NAME = new X500Name("CN=Kamaelia Starter Test CA");

    private final KeyPair caKeys;
    private final X509Certificate ca;

    private TestCertificates(KeyPair caKeys, X509Certificate ca) {
        this.caKeys = caKeys;
        this.ca = ca;
    }

    /** A new CA. */
    public static TestCertificates newAuthority() {
        try {
            KeyPair keys = newKeys();
            X509v3CertificateBuilder builder = builder(CA_NAME, keys);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return new TestCertificates(keys, sign(builder, keys));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make the test CA", e);
        }
    }

    /** A certificate issued by the CA, with its key. */
    public record Issued(X509Certificate certificate, KeyPair keys) {
        /** The certificate's serial number, which tells two issued certificates apart. */
        public BigInteger serial() {
            return certificate.getSerialNumber();
        }

        /** Writes {@code name.crt} (the certificate, then the CA) and {@code name.key} (PKCS#8) into {@code dir}. */
        public Pem writeTo(Path dir, String name, X509Certificate issuer) throws IOException {
            Path crt = dir.resolve(name + ".crt");
            Path key = dir.resolve(name + ".key");
            Files.writeString(crt, pem("CERTIFICATE", encoded(certificate)) + pem("CERTIFICATE", encoded(issuer)));
            Files.writeString(key, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
            return new Pem(crt, key);
        }
    }

    /** The PEM files of a certificate chain and its key. */
    public record Pem(Path certificate, Path privateKey) {
        /** The certificate file as a Spring resource location. */
        public String certificateLocation() {
            return "file:" + certificate.toAbsolutePath();
        }

        /** The key file as a Spring resource location. */
        public String privateKeyLocation() {
            return "file:" + privateKey.toAbsolutePath();
        }
    }

    /** The CA's certificate. */
    public X509Certificate ca() {
        return ca;
    }

    /** Writes the CA's certificate to {@code file} as PEM. */
    public Path writeCaTo(Path file) throws IOException {
        Files.writeString(file, pem("CERTIFICATE", encoded(ca)));
        return file;
    }

    /** A new server certificate for {@code localhost} and {@code 127.0.0.1}. */
    public Issued server(String commonName) {
        return issue(commonName, KeyPurposeId.id_kp_serverAuth, true);
    }

    /** A new client certificate. */
    public Issued client(String commonName) {
        return issue(commonName, KeyPurposeId.id_kp_clientAuth, false);
    }

    /** A client context that trusts this CA and presents {@code client} when asked, or nothing when it is null. */
    public SSLContext clientContext(Issued client) {
        try {
            KeyManager[] keyManagers = null;
            if (client != null) {
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                keys.setKeyEntry(
                        "key", client.keys().getPrivate(), PASSWORD, new Certificate[] {client.certificate(), ca});
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, PASSWORD);
                keyManagers = kmf.getKeyManagers();
            }
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, tmf.getTrustManagers(), new SecureRandom());
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Issued issue(String commonName, KeyPurposeId purpose, boolean serverNames) {
        try {
            KeyPair keys = newKeys();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    CA_NAME,
                    BigInteger.valueOf(SERIALS.getAndIncrement()),
                    Date.from(Instant.now().minus(Duration.ofHours(1))),
                    Date.from(Instant.now().plus(Duration.ofDays(2))),
                    new X500Name("CN=" + commonName),
                    keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            if (serverNames) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")
                }));
            }
            return new Issued(sign(builder, caKeys), keys);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot issue a test certificate", e);
        }
    }

    private static X509v3CertificateBuilder builder(X500Name subject, KeyPair keys) {
        return new JcaX509v3CertificateBuilder(
                CA_NAME,
                BigInteger.valueOf(SERIALS.getAndIncrement()),
                Date.from(Instant.now().minus(Duration.ofHours(1))),
                Date.from(Instant.now().plus(Duration.ofDays(2))),
                subject,
                keys.getPublic());
    }

    private static KeyPair newKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter()
                .getCertificate(
                        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
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
}
