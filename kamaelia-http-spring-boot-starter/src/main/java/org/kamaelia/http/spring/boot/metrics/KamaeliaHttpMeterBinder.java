package org.kamaelia.http.spring.boot.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.kamaelia.http.spring.boot.KamaeliaHttpServers;

/**
 * Binds the {@code kamaelia.http.*} meters of every configured server ({@link ServerStatisticsMeterBinder} per
 * server); as a bean, Spring Boot binds it to the application's meter registry.
 */
public final class KamaeliaHttpMeterBinder implements MeterBinder {
    private final KamaeliaHttpServers servers;

    /** A binder for the servers in {@code servers}. */
    public KamaeliaHttpMeterBinder(KamaeliaHttpServers servers) {
        this.servers = servers;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (KamaeliaHttpServers.Entry entry : servers.entries().values()) {
            new ServerStatisticsMeterBinder(entry.name(), entry.statistics()).bindTo(registry);
        }
    }
}
