package org.kamaelia.http.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kamaelia.http.proxy.ProxyHeaders.join;
import static org.kamaelia.http.proxy.ProxyHeaders.v1;
import static org.kamaelia.http.proxy.ProxyHeaders.v2Inet6;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kamaelia.http.component.Component;
import org.kamaelia.http.component.Conditions;
import org.kamaelia.http.component.Scheduler;
import org.kamaelia.http.handler.Handlers;
import org.kamaelia.http.handler.HttpResponse;
import org.kamaelia.http.message.ClientOrigin;
import org.kamaelia.http.net.ConnectionGraph;
import org.kamaelia.http.net.ConnectionInfo;
import org.kamaelia.http.net.ProtocolComponent;
import org.kamaelia.http.net.ProtocolFactory;
import org.kamaelia.http.net.TcpConnection;
import org.kamaelia.http.net.TcpServer;
import org.kamaelia.http.net.TcpServerConfig;
import org.kamaelia.http.protocol.HttpParser;
import org.kamaelia.http.protocol.HttpProtocol;
import org.kamaelia.http.protocol.HttpRequestHandler;

/**
 * The proxy components in a real connection graph on loopback, wired as docs/proxies.md says the server will wire
 * them, answered by a handler that writes back the origin it saw; a raw socket plays the proxy.
 */
@Timeout(60)
class ProxiedServerIT {
    private final Scheduler scheduler = Scheduler.start("proxy-it", 1);
    private final ConcurrentLinkedQueue<ProxyProtocolRejection> rejected = new ConcurrentLinkedQueue<>();
    private final ProxyProtocolListener listener = new ProxyProtocolListener() {
        @Override
        public void rejected(ProxyProtocolRejection reason) {
            rejected.add(reason);
        }
    };
    private TcpServer server;

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.stop();
        }
        scheduler.close();
    }

    /** decoder (optional) -> parser -> forwarded -> request handler -> connection. */
    private ProtocolFactory graph(boolean proxyProtocol, TrustedProxies trusted, Duration deadline) {
        HttpProtocol.Settings settings = HttpProtocol.Settings.defaults(Handlers.function(request -> {
            ClientOrigin origin = request.origin();
            return HttpResponse.text(
                    200,
                    "remote=" + origin.remote() + " local=" + origin.local() + " peer-loopback="
                            + origin.peer().getAddress().isLoopbackAddress() + " scheme=" + origin.scheme()
                            + " authority=" + request.head().authority() + "\n");
        }));
        return new ProtocolFactory() {
            @Override
            public ProtocolComponent create(ConnectionInfo connection) {
                throw new UnsupportedOperationException("builds into the connection's graph");
            }

            @Override
            public void buildInto(ConnectionGraph graph) {
                TcpConnection connection = graph.connection();
                ConnectionInfo info = graph.info();
                HttpParser parser = graph.add(new HttpParser(
                        settings.limits(),
                        settings.timeouts(),
                        settings.minRequestBodyRate(),
                        ClientOrigin.of(info.remote(), info.local(), "http")));
                ForwardedHeaders forwarded = graph.add(new ForwardedHeaders(trusted));
                HttpRequestHandler handler = graph.addProtocol(new HttpRequestHandler(
                        settings.factory(),
                        settings.encoder(),
                        settings.keepAlive(),
                        settings.timeouts(),
                        settings.observer(),
                        info));
                ProxyProtocolDecoder decoder =
                        proxyProtocol ? graph.add(new ProxyProtocolDecoder(deadline, listener)) : null;
                // data
                if (decoder != null) {
                    Component.link(connection.outbox, decoder.inbox);
                    Component.link(decoder.outbox, parser.inbox);
                    Component.link(decoder.facts, parser.facts);
                } else {
                    Component.link(connection.outbox, parser.inbox);
                }
                Component.link(parser.outbox, forwarded.inbox);
                Component.link(forwarded.outbox, handler.inbox);
                Component.link(handler.outbox, connection.inbox);
                // control
                if (decoder != null) {
                    Component.link(connection.signal, decoder.control);
                    Component.link(decoder.signal, parser.control);
                    Component.link(decoder.downSignal, connection.control);
                } else {
                    Component.link(connection.signal, parser.control);
                }
                Component.link(parser.signal, forwarded.control);
                Component.link(forwarded.signal, handler.control);
                Component.link(handler.signal, connection.control);
            }
        };
    }

    private int start(boolean proxyProtocol, TrustedProxies trusted) {
        server = TcpServer.start(
                TcpServerConfig.loopback(0), graph(proxyProtocol, trusted, Duration.ofSeconds(5)), scheduler);
        return server.port();
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Sends {@code bytes}, then reads until the server closes; "" if it closed without a byte. */
    private static String exchange(int port, byte[] bytes) throws IOException {
        try (Socket socket = connect(port)) {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            return readToEnd(socket.getInputStream());
        }
    }

    private static String readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server neither answered nor closed: " + out, e);
        } catch (IOException reset) {
            // A reset after an abort ends the stream as well as a FIN does.
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] request(String extraFields) {
        return v1("GET /who HTTP/1.1\r\nHost: backend\r\nConnection: close\r\n" + extraFields + "\r\n");
    }

    @Test
    void aProxyProtocolV1HeaderNamesTheClient() throws IOException {
        int port = start(true, TrustedProxies.defaults());
        String answer = exchange(port, join(v1("PROXY TCP4 203.0.113.7 192.0.2.1 56324 443\r\n"), request("")));

        assertThat(answer).startsWith("HTTP/1.1 200");
        assertThat(answer).contains("remote=/203.0.113.7:56324 local=/192.0.2.1:443 peer-loopback=true scheme=http");
    }

    @Test
    void aProxyProtocolV2HeaderSentByteByByteNamesAnIpv6Client() throws IOException {
        int port = start(true, TrustedProxies.defaults());
        byte[] header = v2Inet6(
                AddressLiterals.ipv6("2001:db8::7", false),
                4711,
                AddressLiterals.ipv6("2001:db8::1", false),
                8443,
                ProxyHeaders.tlv(0x02, "shop.example".getBytes(StandardCharsets.US_ASCII)));
        try (Socket socket = connect(port)) {
            socket.setTcpNoDelay(true);
            for (byte b : header) {
                socket.getOutputStream().write(b);
                socket.getOutputStream().flush();
            }
            socket.getOutputStream().write(request(""));
            String answer = readToEnd(socket.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 200");
            assertThat(answer).contains("remote=/[2001:db8:0:0:0:0:0:7]:4711 local=/[2001:db8:0:0:0:0:0:1]:8443");
        }
    }

    @Test
    void aConnectionWithoutTheHeaderIsClosedWithoutAnAnswer() throws IOException {
        int port = start(true, TrustedProxies.defaults());
        assertThat(exchange(port, request(""))).isEmpty();
        Conditions.await("the rejection is reported", () -> rejected.contains(ProxyProtocolRejection.MISSING));
    }

    @Test
    void aSilentConnectionIsClosedAtTheDeadline() throws IOException {
        server = TcpServer.start(
                TcpServerConfig.loopback(0), graph(true, TrustedProxies.defaults(), Duration.ofMillis(300)), scheduler);
        try (Socket socket = connect(server.port())) {
            assertThat(readToEnd(socket.getInputStream())).isEmpty();
        }
        assertThat(List.copyOf(rejected)).containsExactly(ProxyProtocolRejection.TIMEOUT);
    }

    @Test
    void forwardingFieldsFromALoopbackProxyAreBelieved() throws IOException {
        int port = start(false, TrustedProxies.defaults());
        String answer = exchange(
                port,
                request("X-Forwarded-For: 198.51.100.1, 203.0.113.9\r\nX-Forwarded-Proto: https\r\n"
                        + "X-Forwarded-Host: shop.example\r\n"));

        assertThat(answer).startsWith("HTTP/1.1 200");
        assertThat(answer).contains("remote=/203.0.113.9:0 ");
        assertThat(answer).contains(":443 peer-loopback=true scheme=https authority=shop.example");
    }

    @Test
    void forwardingFieldsFromAnUntrustedPeerAreIgnored() throws IOException {
        int port = start(false, TrustedProxies.of(List.of("10.0.0.0/8")));
        String answer = exchange(port, request("Forwarded: for=203.0.113.9;proto=https;host=evil.example\r\n"));

        assertThat(answer).startsWith("HTTP/1.1 200");
        assertThat(answer).contains("remote=/127.0.0.1:");
        assertThat(answer).contains("scheme=http authority=backend");
    }
}
