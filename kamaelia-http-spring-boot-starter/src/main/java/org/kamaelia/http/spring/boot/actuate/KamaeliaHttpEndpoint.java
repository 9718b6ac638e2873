package org.kamaelia.http.spring.boot.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kamaelia.http.component.GraphDescription;
import org.kamaelia.http.message.Framing;
import org.kamaelia.http.observe.ServerStatistics;
import org.kamaelia.http.server.ConnectionSnapshot;
import org.kamaelia.http.server.HttpServer;
import org.kamaelia.http.spring.boot.KamaeliaHttpServers;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code kamaelia} endpoint: each server's name, address, port, state, routes, responses by framing and
 * live connections (the counts are the server's own statistics, the numbers the meters read); and, for {@code /actuator/kamaelia/{server}/{connection}}, the component graph of one
 * connection (components, boxes with their descriptions, linkages).
 */
@Endpoint(id = "kamaelia")
public class KamaeliaHttpEndpoint {
    private final KamaeliaHttpServers servers;

    /** An endpoint over {@code servers}. */
    public KamaeliaHttpEndpoint(KamaeliaHttpServers servers) {
        this.servers = servers;
    }

    /** Every server. */
    @ReadOperation
    public Map<String, ServerDescriptor> servers() {
        Map<String, ServerDescriptor> all = new LinkedHashMap<>();
        for (KamaeliaHttpServers.Entry entry : servers.entries().values()) {
            all.put(entry.name(), describe(entry));
        }
        return all;
    }

    /** One server, or {@code null} (404) for an unknown name. */
    @ReadOperation
    public ServerDescriptor server(@Selector String server) {
        KamaeliaHttpServers.Entry entry = servers.entries().get(server);
        return entry == null ? null : describe(entry);
    }

    /** The component graph of one connection, or {@code null} (404) if it is gone. */
    @ReadOperation
    public GraphDescription connection(@Selector String server, @Selector long connection) {
        return servers.server(server)
                .map(s -> s.describeConnection(connection))
                .filter(graph -> !graph.components().isEmpty())
                .orElse(null);
    }

    private static ServerDescriptor describe(KamaeliaHttpServers.Entry entry) {
        HttpServer server = entry.server().orElse(null);
        List<RouteDescriptor> routes = entry.routes().stream()
                .map(r -> new RouteDescriptor(r.prefix(), List.copyOf(r.methods())))
                .toList();
        List<ConnectionDescriptor> connections = server == null
                ? List.of()
                : server.connections().stream()
                        .map(KamaeliaHttpEndpoint::describe)
                        .toList();
        return new ServerDescriptor(
                entry.name(),
                server == null ? null : server.localAddress().getAddress().getHostAddress(),
                server == null ? null : server.port(),
                entry.state().name(),
                routes,
                responsesByFraming(entry.statistics()),
                entry.statistics().requests(),
                entry.statistics().activeConnections(),
                connections);
    }

    /** Responses sent so far, by framing tag ({@code content-length}, {@code chunked}, {@code close}). */
    static Map<String, Long> responsesByFraming(ServerStatistics statistics) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Framing framing : Framing.values()) {
            counts.put(framing.tag(), statistics.responses(framing));
        }
        return counts;
    }

    private static ConnectionDescriptor describe(ConnectionSnapshot c) {
        return new ConnectionDescriptor(
                c.id(),
                c.remote().getAddress().getHostAddress() + ":" + c.remote().getPort(),
                Duration.between(c.opened(), Instant.now()).toMillis(),
                c.requestsServed(),
                c.activity(),
                c.framing().orElse(null));
    }

    /**
     * One server.
     *
     * @param name its name
     * @param address the address it listens on
     * @param port the port it listens on
     * @param state RUNNING, DRAINING, STOPPED or FAILED
     * @param routes its routes, longest prefix first
     * @param responsesByFraming responses sent, by framing
     * @param requests requests completed
     * @param activeConnections connections open now
     * @param connections the open connections
     */
    public record ServerDescriptor(
            String name,
            String address,
            Integer port,
            String state,
            List<RouteDescriptor> routes,
            Map<String, Long> responsesByFraming,
            long requests,
            long activeConnections,
            List<ConnectionDescriptor> connections) {}

    /**
     * One route.
     *
     * @param prefix the path prefix
     * @param methods the methods it answers (any when empty)
     */
    public record RouteDescriptor(String prefix, List<String> methods) {}

    /**
     * One open connection.
     *
     * @param id the connection id (use it to ask for the component graph)
     * @param remote the client's address and port
     * @param ageMillis how long it has been open
     * @param requestsServed requests it has served
     * @param activity idle, reading, responding or closing
     * @param framing the framing of the response in flight, if any
     */
    public record ConnectionDescriptor(
            long id, String remote, long ageMillis, int requestsServed, String activity, String framing) {}
}
