package org.kamaelia.http.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.kamaelia.http.tls.TlsSettings;

/**
 * What both sides of the TLS comparison share, so that they differ only in the server around the JDK's TLS engine:
 * the key material (one PKCS12 file, named by {@value #KEYSTORE_PROPERTY}), the one protocol ({@value #PROTOCOL})
 * and the one cipher suite ({@value #CIPHER_SUITE}) both enable.
 *
 * <p>{@code -Dkamaelia.bench.tls=/tmp/tls/server.p12} names the file; {@code -Dkamaelia.bench.tls.password}
 * its password ({@value #DEFAULT_PASSWORD} unless given). {@code benchmarks/run-tls.sh} makes the file.
 */
final class BenchTls {
    static final String KEYSTORE_PROPERTY = "kamaelia.bench.tls";
    static final String PASSWORD_PROPERTY = "kamaelia.bench.tls.password";
    static final String DEFAULT_PASSWORD = "bench";
    static final String PROTOCOL = "TLSv1.3";
    static final String CIPHER_SUITE = "TLS_AES_128_GCM_SHA256";

    private BenchTls() {}

    /** The PKCS12 file named by the system property, if the property is set. */
    static Path keystore() {
        String file = System.getProperty(KEYSTORE_PROPERTY);
        if (file == null) {
            throw new IllegalStateException("-D" + KEYSTORE_PROPERTY + "=/path/to/server.p12 is required");
        }
        return Path.of(file);
    }

    /** The key managers of {@code pkcs12}, opened with the password of the system property. */
    static KeyManagerFactory keyManagers(Path pkcs12) {
        char[] password =
                System.getProperty(PASSWORD_PROPERTY, DEFAULT_PASSWORD).toCharArray();
        try (InputStream in = Files.newInputStream(pkcs12)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            managers.init(store, password);
            return managers;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the key material in " + pkcs12, e);
        }
    }

    /** {@code threads}: the engine's delegated tasks run on {@link TlsSettings#taskThreads()}, not on the loop. */
    static final String TASKS_PROPERTY = "kamaelia.bench.tls.tasks";

    /** Kamaelia's settings: a JDK {@link SSLContext} over the key material, with the one protocol and suite. */
    static TlsSettings kamaeliaSettings(Path pkcs12) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(pkcs12).getKeyManagers(), null, null);
            TlsSettings.Builder settings =
                    TlsSettings.builder(context).protocols(PROTOCOL).cipherSuites(CIPHER_SUITE);
            if ("threads".equals(System.getProperty(TASKS_PROPERTY))) {
                settings.delegatedTasks(TlsSettings.taskThreads()); // the default runs them on the event loop
            }
            return settings.build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a TLS context", e);
        }
    }
}
