package org.kamaelia.http.sample;

import java.util.List;
import org.kamaelia.http.component.BoxDescription;
import org.kamaelia.http.component.ComponentDescription;
import org.kamaelia.http.component.GraphDescription;
import org.kamaelia.http.component.LinkageDescription;
import org.kamaelia.http.handler.BlockingHandler;
import org.kamaelia.http.message.Framing;
import org.kamaelia.http.message.ResponseHead;
import org.kamaelia.http.message.TlsSessionInfo;
import org.kamaelia.http.server.ConnectionSnapshot;
import org.kamaelia.http.server.HttpServer;
import org.kamaelia.http.spring.boot.KamaeliaHttpServers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code /dashboard/data}: what the dashboard page draws, as JSON: per server its state, connection count, request
 * count, responses by framing and its first {@value #LISTED_CONNECTIONS} open connections (client, proxy, local
 * address, scheme, TLS session), and the component graph of one live connection (each box with its queued
 * messages, weight, capacity and whether it is full, named as in {@code BoxDescription}).
 */
@Configuration(proxyBeanMethods = false)
public class DashboardHandlers {
    /** The most connections listed per server: the page polls every second, and a busy server has thousands. */
    static final int LISTED_CONNECTIONS = 20;

    /** Blocking, because describing a connection waits for that connection's event loop. */
    @Bean
    BlockingHandler dashboardData(KamaeliaHttpServers servers) {
        return (head, body, response) -> {
            byte[] bytes = json(servers).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            response.send(ResponseHead.status(200)
                    .header("Content-Type", "application/json")
                    .header("Cache-Control", "no-store")
                    .contentLength(bytes.length)
                    .build());
            response.write(bytes);
        };
    }

    static String json(KamaeliaHttpServers servers) {
        Json out = new Json();
        out.open('{')
                .key("time")
                .value(System.currentTimeMillis())
                .key("servers")
                .open('[');
        Pick pick = null;
        for (KamaeliaHttpServers.Entry entry : servers.entries().values()) {
            HttpServer server = entry.server().orElse(null);
            out.open('{')
                    .key("name")
                    .value(entry.name())
                    .key("state")
                    .value(entry.state().name())
                    .key("port")
                    .value(server == null ? 0 : server.port())
                    .key("activeConnections")
                    .value(entry.statistics().activeConnections())
                    .key("requests")
                    .value(entry.statistics().requests())
                    .key("framing")
                    .open('{');
            for (Framing framing : Framing.values()) {
                out.key(framing.tag()).value(entry.statistics().responses(framing));
            }
            out.close('}');
            List<ConnectionSnapshot> connections = server == null ? List.of() : server.connections();
            out.key("connections").open('[');
            for (int i = 0; i < connections.size() && i < LISTED_CONNECTIONS; i++) {
                connection(out, connections.get(i));
            }
            out.close(']').close('}');
            for (ConnectionSnapshot connection : connections) {
                Pick candidate = new Pick(entry.name(), server, connection);
                if (pick == null || candidate.rank() > pick.rank()) {
                    pick = candidate;
                }
            }
        }
        GraphDescription graph = null;
        if (pick != null) {
            GraphDescription described =
                    pick.server().describeConnection(pick.connection().id());
            if (!described.components().isEmpty()) {
                graph = described;
            }
        }
        long graphConnection = pick == null ? 0 : pick.connection().id();
        String graphServer = pick == null ? null : pick.serverName();
        out.close(']').key("graph");
        if (graph == null) {
            out.raw("null");
        } else {
            out.open('{')
                    .key("server")
                    .value(graphServer)
                    .key("connection")
                    .value(graphConnection)
                    .key("components")
                    .open('[');
            for (ComponentDescription c : graph.components()) {
                out.open('{')
                        .key("id")
                        .value(c.id())
                        .key("name")
                        .value(c.name())
                        .key("parent")
                        .value(c.parentId())
                        .key("boxes")
                        .open('[');
                for (BoxDescription b : c.boxes()) {
                    out.open('{')
                            .key("name")
                            .value(b.name())
                            .key("direction")
                            .value(b.direction())
                            .key("description")
                            .value(b.description())
                            .key("queued")
                            .value(b.queued())
                            .key("weight")
                            .value(b.weight())
                            .key("capacity")
                            .value(b.capacity())
                            .key("full")
                            .raw(Boolean.toString(b.full()))
                            .close('}');
                }
                out.close(']').close('}');
            }
            out.close(']').key("linkages").open('[');
            for (LinkageDescription l : graph.linkages()) {
                out.open('{')
                        .key("from")
                        .value(l.fromComponent())
                        .key("fromBox")
                        .value(l.fromBox())
                        .key("to")
                        .value(l.toComponent())
                        .key("toBox")
                        .value(l.toBox())
                        .key("kind")
                        .value(l.kind().name())
                        .close('}');
            }
            out.close(']').close('}');
        }
        return out.close('}').toString();
    }

    /**
     * One open connection: who the client is (the address a PROXY header named, else the TCP peer), the proxy as
     * {@code peer} when there is one, the local address, the scheme and, over TLS, the session.
     */
    private static void connection(Json out, ConnectionSnapshot connection) {
        out.open('{')
                .key("id")
                .value(connection.id())
                .key("client")
                .value(WhoAmI.address(connection.client()))
                .key("peer");
        if (connection.proxied()) {
            out.value(WhoAmI.address(connection.remote()));
        } else {
            out.raw("null");
        }
        out.key("local")
                .value(WhoAmI.address(connection.local()))
                .key("scheme")
                .value(connection.scheme())
                .key("activity")
                .value(connection.activity())
                .key("requestsServed")
                .value(connection.requestsServed())
                .key("tls");
        TlsSessionInfo tls = connection.tls().orElse(null);
        if (tls == null) {
            out.raw("null");
        } else {
            out.open('{')
                    .key("protocol")
                    .value(tls.protocol())
                    .key("cipherSuite")
                    .value(tls.cipherSuite())
                    .key("clientCertificate");
            if (tls.peerCertificate().isPresent()) {
                out.value(tls.peerCertificate().get().getSubjectX500Principal().getName());
            } else {
                out.raw("null");
            }
            out.close('}');
        }
        out.close('}');
    }

    /** A connection that could be drawn; one that is responding (a handler is live) is the most telling. */
    private record Pick(String serverName, HttpServer server, ConnectionSnapshot connection) {
        int rank() {
            int activity = switch (connection.activity()) {
                case "responding" -> 3;
                case "reading" -> 2;
                case "idle" -> 1;
                default -> 0;
            };
            return activity * 2 + (serverName.equals("site") ? 0 : 1);
        }
    }

    /** A tiny JSON writer: enough for this page, no library needed. */
    static final class Json {
        private final StringBuilder out = new StringBuilder(1024);
        private boolean needComma;

        Json open(char bracket) {
            comma();
            out.append(bracket);
            needComma = false;
            return this;
        }

        Json close(char bracket) {
            out.append(bracket);
            needComma = true;
            return this;
        }

        Json key(String key) {
            comma();
            string(key);
            out.append(':');
            needComma = false;
            return this;
        }

        Json value(String value) {
            comma();
            string(value);
            needComma = true;
            return this;
        }

        Json value(long value) {
            comma();
            out.append(value);
            needComma = true;
            return this;
        }

        Json raw(String text) {
            comma();
            out.append(text);
            needComma = true;
            return this;
        }

        private void comma() {
            if (needComma) {
                out.append(',');
            }
        }

        private void string(String s) {
            out.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }
}
