package org.kamaelia.http.spring.boot.actuate;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kamaelia.http.component.GraphDescription;
import org.kamaelia.http.message.Framing;
import org.kamaelia.http.message.TlsSessionInfo;
import org.kamaelia.http.observe.ServerStatistics;
import org.kamaelia.http.server.ConnectionSnapshot;
import org.kamaelia.http.server.HttpServer;
import org.kamaelia.http.spring.boot.KamaeliaHttpServers;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code kamaelia} endpoint: each server's name, address, port, state, routes, responses by framing and
 * live connections (each with the client's address, the proxy's when there is one, the local address, the scheme and
 * the TLS session; the counts are the server's own statistics, the numbers the meters read); and, for {@code /actuator/kamaelia/{server}/{connection}}, the component graph of one
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
                address(c.client()),
                c.proxied() ? address(c.remote()) : null,
                address(c.local()),
                c.scheme(),
                c.tls().map(KamaeliaHttpEndpoint::describe).orElse(null),
                Duration.between(c.opened(), Instant.now()).toMillis(),
                c.requestsServed(),
                c.activity(),
                c.framing().orElse(null));
    }

    private static TlsDescriptor describe(TlsSessionInfo session) {
        return new TlsDescriptor(
                session.protocol(),
                session.cipherSuite(),
                session.peerCertificate()
                        .map(certificate ->
                                certificate.getSubjectX500Principal().getName())
                        .orElse(null));
    }

    /** {@code ip:port}, an IPv6 address in brackets; an unresolved address keeps its host name. */
    static String address(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        String host = ip == null ? address.getHostString() : ip.getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
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
     * @param client the client's address and port: the source a PROXY protocol header named, else the TCP peer
     * @param peer the TCP peer's address and port when it is not the client (the proxy), else {@code null}
     * @param local the server's address and port the connection reached
     * @param scheme {@code https} on a TLS server, else {@code http}
     * @param tls the TLS session, or {@code null} in clear text and while the handshake runs
     * @param ageMillis how long it has been open
     * @param requestsServed requests it has served
     * @param activity idle, reading, responding or closing
     * @param framing the framing of the response in flight, if any
     */
    public record ConnectionDescriptor(
            long id,
            String client,
            String peer,
            String local,
            String scheme,
            TlsDescriptor tls,
            long ageMillis,
            int requestsServed,
            String activity,
            String framing) {}

    /**
     * The TLS session of a connection.
     *
     * @param protocol the protocol version, such as {@code TLSv1.3}
     * @param cipherSuite the cipher suite's standard name
     * @param clientCertificate the subject of the certificate the client presented (RFC 2253 form), or {@code null}
     *     when it presented none
     */
    public record TlsDescriptor(String protocol, String cipherSuite, String clientCertificate) {}
}
