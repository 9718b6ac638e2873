package org.kamaelia.http.spring.boot.server;

import java.time.Duration;
import org.kamaelia.http.spring.boot.KamaeliaHttpProperties;
import org.kamaelia.http.tls.ClientAuth;
import org.kamaelia.http.tls.TlsSettings;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;

/**
 * Makes a server's {@link TlsSettings} from a Spring Boot {@link SslBundle} and the server's {@code ssl.*} keys: the
 * bundle gives the key material, trust and, through its {@link SslOptions}, the enabled protocols and cipher suites;
 * the server's keys give client authentication and the handshake deadline. Used at each start and at each update
 * of the bundle, so both read the bundle the same way.
 */
final class BundleTlsSettings {
    private BundleTlsSettings() {}

    /**
     * The settings for {@code bundle} with {@code ssl}'s client authentication and handshake timeout.
     *
     * @throws IllegalArgumentException if the bundle's protocols or ciphers are not supported, or the timeout is
     *     not positive
     * @throws IllegalStateException if the bundle's key material cannot make an SSL context
     */
    static TlsSettings from(SslBundle bundle, KamaeliaHttpProperties.Ssl ssl) {
        TlsSettings.Builder builder = TlsSettings.builder(bundle.createSslContext())
                .clientAuth(clientAuth(ssl.getClientAuth()))
                .handshakeTimeout(handshakeTimeout(ssl));
        SslOptions options = bundle.getOptions();
        if (options != null && options.getEnabledProtocols() != null) {
            builder.protocols(options.getEnabledProtocols());
        }
        if (options != null && options.getCiphers() != null) {
            builder.cipherSuites(options.getCiphers());
        }
        return builder.build();
    }

    private static Duration handshakeTimeout(KamaeliaHttpProperties.Ssl ssl) {
        Duration timeout = ssl.getHandshakeTimeout();
        if (timeout == null) {
            throw new IllegalArgumentException("the handshake timeout must be set");
        }
        return timeout;
    }

    private static ClientAuth clientAuth(KamaeliaHttpProperties.ClientAuth mode) {
        if (mode == null) {
            return ClientAuth.NONE;
        }
        return switch (mode) {
            case NONE -> ClientAuth.NONE;
            case WANT -> ClientAuth.WANT;
            case NEED -> ClientAuth.NEED;
        };
    }
}
