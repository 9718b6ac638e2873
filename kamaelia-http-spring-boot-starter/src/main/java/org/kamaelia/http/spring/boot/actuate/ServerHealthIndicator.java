package org.kamaelia.http.spring.boot.actuate;

import org.kamaelia.http.spring.boot.KamaeliaHttpServers;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** The health of one server: UP while listening, OUT_OF_SERVICE while draining or stopped, DOWN if it failed. */
public final class ServerHealthIndicator implements HealthIndicator {
    private final KamaeliaHttpServers servers;
    private final String name;

    /** The health of the server called {@code name} in {@code servers}. */
    public ServerHealthIndicator(KamaeliaHttpServers servers, String name) {
        this.servers = servers;
        this.name = name;
    }

    @Override
    public Health health() {
        KamaeliaHttpServers.Entry entry = servers.entries().get(name);
        Health.Builder builder = switch (entry.state()) {
            case RUNNING -> Health.up();
            case FAILED -> entry.failure().map(Health::down).orElseGet(Health::down);
            case DRAINING, STOPPED -> Health.outOfService();
        };
        entry.server()
                .ifPresent(server -> builder.withDetail("port", server.port())
                        .withDetail("connections", entry.statistics().activeConnections()));
        return builder.withDetail("state", entry.state().name()).build();
    }
}
