package org.kamaelia.http.spring.boot.server;

import java.util.Map;
import java.util.Optional;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.kamaelia.http.server.HttpServer;
import org.kamaelia.http.spring.boot.KamaeliaHttpProperties;
import org.kamaelia.http.spring.boot.KamaeliaHttpServers;
import org.kamaelia.http.tls.TlsSettings;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * Gives each running TLS server its SSL bundle again when the bundle is updated: Spring Boot updates a bundle
 * whose files change when it has {@code reload-on-update: true}, or when code calls
 * {@code SslBundleRegistry.updateBundle}. New connections get the new key and certificates; connections already
 * open keep the session they agreed. A stopped server needs nothing: it reads the bundle when it starts.
 *
 * <pre>{@code
 * new SslBundleReloads(sslBundles).watch(properties, servers);
 * }</pre>
 *
 * <p>Update handlers run on the thread that updated the bundle (Boot's file watcher); an update that cannot make
 * TLS settings (a key that does not match its certificate, say) is logged and the server keeps what it had.
 */
public final class SslBundleReloads {
    private static final Log LOG = LogFactory.getLog(SslBundleReloads.class);

    private final SslBundles bundles;

    /** Reloads from {@code bundles}. */
    public SslBundleReloads(SslBundles bundles) {
        this.bundles = bundles;
    }

    /** Registers an update handler for the bundle of every enabled server of {@code properties} that names one. */
    public void watch(KamaeliaHttpProperties properties, KamaeliaHttpServers servers) {
        for (Map.Entry<String, KamaeliaHttpProperties.Server> entry :
                properties.getServers().entrySet()) {
            KamaeliaHttpProperties.Server server = entry.getValue();
            String bundle = server.getSsl().getBundle();
            if (server.isEnabled() && bundle != null && !bundle.isBlank()) {
                String name = entry.getKey();
                bundles.addBundleUpdateHandler(
                        bundle, updated -> reload(servers, name, bundle, updated, server.getSsl()));
            }
        }
    }

    private static void reload(
            KamaeliaHttpServers servers,
            String name,
            String bundleName,
            SslBundle updated,
            KamaeliaHttpProperties.Ssl ssl) {
        Optional<HttpServer> running = servers.server(name);
        if (running.isEmpty()) {
            return;
        }
        TlsSettings settings;
        try {
            settings = BundleTlsSettings.from(updated, ssl);
        } catch (RuntimeException e) {
            LOG.warn("Kamaelia HTTP server '" + name + "' keeps its TLS settings: the update of SSL bundle '"
                    + bundleName + "' cannot serve TLS: " + e.getMessage());
            return;
        }
        running.get().updateTls(settings);
        LOG.info("Kamaelia HTTP server '" + name + "' reloaded TLS from SSL bundle '" + bundleName
                + "': new connections use it, open ones keep theirs");
    }
}
