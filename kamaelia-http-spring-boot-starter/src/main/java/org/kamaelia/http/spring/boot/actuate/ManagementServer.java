package org.kamaelia.http.spring.boot.actuate;

import java.net.InetAddress;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Boot's {@code management.server.port}, {@code .address} and {@code .base-path}, read from the environment.
 *
 * <p>Boot's own {@code ManagementServerProperties} cannot be bound here: it also holds the management server's
 * SSL settings, a type of Boot's web server module, which an application without a servlet or reactive server does
 * not have on its class path.
 *
 * @param port the management port: {@code null} when unset, {@code -1} for no HTTP endpoints, {@code 0} for a free
 *     one
 * @param address the address to listen on, {@code null} for the Kamaelia server's own default
 * @param basePath the management server's base path, normalised ({@code ""} for the root)
 */
public record ManagementServer(Integer port, InetAddress address, String basePath) {

    /** The settings in {@code environment}. */
    public static ManagementServer of(Environment environment) {
        Binder binder = Binder.get(environment);
        return new ManagementServer(
                binder.bind("management.server.port", Integer.class).orElse(null),
                binder.bind("management.server.address", InetAddress.class).orElse(null),
                ActuatorRequestHandler.normalise(
                        binder.bind("management.server.base-path", String.class).orElse("")));
    }

    /**
     * Where the endpoints are on the management server: its base path, then the endpoints' ({@code ""}, the root,
     * when both are empty).
     */
    public String endpointsPath(WebEndpointProperties web) {
        return basePath + ActuatorRequestHandler.normalise(web.getBasePath());
    }
}
