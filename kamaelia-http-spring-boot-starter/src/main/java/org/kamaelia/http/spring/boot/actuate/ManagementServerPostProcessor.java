package org.kamaelia.http.spring.boot.actuate;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.kamaelia.http.spring.boot.KamaeliaHttpConfigurationException;
import org.kamaelia.http.spring.boot.KamaeliaHttpProperties;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Makes {@code management.server.port} a Kamaelia server: it adds a server called {@value #SERVER} to the bound
 * {@link KamaeliaHttpProperties}, on that port and {@code management.server.address}, with one route, at
 * {@code management.server.base-path} + {@code management.endpoints.web.base-path}, to the
 * {@value #HANDLER_BEAN} bean. From there it is a server like the others: checked, started, drained and stopped
 * with them, counted in the meters under {@code server=management}, listed by the {@code kamaelia} endpoint; and
 * {@code kamaelia.http.servers.management.*} tunes its limits and timeouts.
 *
 * <p>It does nothing for port {@code -1}, Boot's value for "no HTTP endpoints". A {@code management} server that
 * is also configured with a port of its own, or routes Actuator by hand, or a management port that another
 * Kamaelia server already uses, stops the application with a message naming the keys.
 *
 * <p>Runs once, when the properties bean is made, on the thread making it.
 */
public final class ManagementServerPostProcessor implements BeanPostProcessor {
    /** The name of the management server among the Kamaelia servers. */
    public static final String SERVER = "management";

    /** The handler bean the management server's route goes to. */
    public static final String HANDLER_BEAN = "kamaeliaManagementActuator";

    private static final String PORT_KEY = "management.server.port";

    private final ManagementServer management;
    private final String basePath;

    /** A post-processor reading {@code management.server.*} and the endpoints' base path from {@code environment}. */
    public ManagementServerPostProcessor(Environment environment) {
        this.management = ManagementServer.of(environment);
        this.basePath = management.endpointsPath(Binder.get(environment)
                .bind("management.endpoints.web", WebEndpointProperties.class)
                .orElseGet(WebEndpointProperties::new));
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof KamaeliaHttpProperties properties && enabled()) {
            addManagementServer(properties);
        }
        return bean;
    }

    private boolean enabled() {
        Integer port = management.port();
        return port != null && port != -1;
    }

    private void addManagementServer(KamaeliaHttpProperties properties) {
        int port = management.port();
        String key = "kamaelia.http.servers." + SERVER;
        Map<String, KamaeliaHttpProperties.Server> servers = properties.getServers();
        if (port != 0) {
            for (Map.Entry<String, KamaeliaHttpProperties.Server> other : servers.entrySet()) {
                Integer otherPort = other.getValue().getPort();
                if (!other.getKey().equals(SERVER)
                        && other.getValue().isEnabled()
                        && otherPort != null
                        && otherPort == port) {
                    throw new KamaeliaHttpConfigurationException(
                            PORT_KEY,
                            "port " + port + " is the port of Kamaelia server '" + other.getKey() + "'",
                            "Give the management server a port of its own, or unset " + PORT_KEY
                                    + " and set kamaelia.http.management-server=" + other.getKey()
                                    + " to serve Actuator on that server.");
                }
            }
        }
        KamaeliaHttpProperties.Server server =
                servers.computeIfAbsent(SERVER, name -> new KamaeliaHttpProperties.Server());
        if (!server.isEnabled()) {
            return;
        }
        if (server.getPort() != null) {
            throw new KamaeliaHttpConfigurationException(
                    key + ".port",
                    "the management server's port is " + PORT_KEY + ", which is set too",
                    "Remove " + key + ".port (and any routes to Actuator under " + key + ") and keep " + PORT_KEY
                            + ", or unset " + PORT_KEY + " to keep the hand-configured server.");
        }
        List<KamaeliaHttpProperties.Route> routes = server.getRoutes();
        for (int i = 0; i < routes.size(); i++) {
            if (ActuatorWebEndpoints.HANDLER_BEAN.equals(routes.get(i).getHandler())) {
                throw new KamaeliaHttpConfigurationException(
                        key + ".routes[" + i + "].handler",
                        "routes Actuator by hand on the server " + PORT_KEY + " makes, which routes it already",
                        "Remove that route: with " + PORT_KEY + " set, Actuator is at " + display(basePath)
                                + " on the management server.");
            }
        }
        server.setPort(port);
        InetAddress address = management.address();
        if (address != null) {
            server.setAddress(address);
        }
        KamaeliaHttpProperties.Route route = new KamaeliaHttpProperties.Route();
        route.setPrefix(display(basePath));
        route.setHandler(HANDLER_BEAN);
        routes.add(route);
    }

    private static String display(String path) {
        return path.isEmpty() ? "/" : path;
    }
}
