package org.kamaelia.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kamaelia.http.handler.Handlers;
import org.kamaelia.http.handler.HttpResponse;
import org.kamaelia.http.message.ClientOrigin;
import org.kamaelia.http.proxy.ProxyProtocolRejection;
import org.kamaelia.http.proxy.TrustedProxies;

/**
 * A whole server behind a proxy, over real sockets: the builder's {@code proxyProtocol(true)} splices the PROXY
 * decoder into every connection and {@code forwarded(trusted)} the forwarding fields between parser and handler,
 * so a handler, and the statistics, see the client the proxy names.
 */
class ProxiedHttpServerIT {
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(Duration.ofSeconds(2));
        }
    }

    private HttpServer start(HttpServer.Builder builder) {
        server = builder.port(0)
                .handler(Handlers.function(request -> {
                    ClientOrigin origin = request.origin();
                    return HttpResponse.text(
                            200,
                            origin.remote().getAddress().getHostAddress() + ":"
                                    + origin.remote().getPort() + " "
                                    + origin.scheme() + " " + request.head().authority() + " peer="
                                    + origin.peer().getAddress().getHostAddress());
                }))
                .start();
        return server;
    }

    private String exchange(String bytes) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout((int) DEADLINE.toMillis());
            socket.getOutputStream().write(bytes.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            for (int n; (n = in.read(buffer)) > 0; ) {
                read.write(buffer, 0, n);
            }
            return read.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + DEADLINE + ": " + what);
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void aProxyProtocolV1HeaderNamesTheClientThatTheHandlerSees() throws IOException {
        start(HttpServer.builder().proxyProtocol(true));
        String response = exchange("PROXY TCP4 203.0.113.7 192.0.2.1 51234 443\r\n"
                + "GET /who HTTP/1.1\r\nHost: example.test\r\nConnection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 200").endsWith("203.0.113.7:51234 http example.test peer=127.0.0.1");
    }

    @Test
    void theConnectionListShowsTheClientAProxyProtocolHeaderNamedAndTheProxyAsPeer() throws IOException {
        start(HttpServer.builder().proxyProtocol(true));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout((int) DEADLINE.toMillis());
            socket.getOutputStream()
                    .write(("PROXY TCP4 203.0.113.7 192.0.2.1 51234 443\r\n"
                                    + "GET /who HTTP/1.1\r\nHost: example.test\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
            readUntil(socket.getInputStream(), "peer=127.0.0.1"); // answered; the connection stays open

            List<ConnectionSnapshot> open = server.connections();
            assertThat(open).hasSize(1);
            ConnectionSnapshot connection = open.get(0);
            assertThat(connection.client()).isEqualTo(new InetSocketAddress("203.0.113.7", 51234));
            assertThat(connection.remote().getAddress()).isEqualTo(InetAddress.getLoopbackAddress());
            assertThat(connection.remote().getPort()).isEqualTo(socket.getLocalPort());
            assertThat(connection.proxied()).isTrue();
            assertThat(connection.local().getPort()).isEqualTo(server.port());
            assertThat(connection.scheme()).isEqualTo("http");
            assertThat(connection.tls()).isEmpty();
        }
    }

    @Test
    void withoutAProxyTheConnectionListsClientIsThePeer() throws IOException {
        start(HttpServer.builder());
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout((int) DEADLINE.toMillis());
            socket.getOutputStream()
                    .write("GET /who HTTP/1.1\r\nHost: example.test\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            readUntil(socket.getInputStream(), "peer=127.0.0.1");

            ConnectionSnapshot connection = server.connections().get(0);
            assertThat(connection.client()).isEqualTo(connection.remote());
            assertThat(connection.client().getPort()).isEqualTo(socket.getLocalPort());
            assertThat(connection.proxied()).isFalse();
        }
    }

    private static void readUntil(InputStream in, String end) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!read.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
            int n = in.read(buffer);
            if (n < 0) {
                throw new AssertionError("closed before " + end + ": " + read.toString(StandardCharsets.ISO_8859_1));
            }
            read.write(buffer, 0, n);
        }
    }

    @Test
    void aMalformedProxyHeaderClosesTheConnectionAndIsCounted() throws IOException {
        start(HttpServer.builder().proxyProtocol(true));
        String response = exchange("GET /who HTTP/1.1\r\nHost: example.test\r\n\r\n");
        assertThat(response).isEmpty(); // no byte of it reached HTTP
        await(
                "the refusal counted",
                () -> server.statistics().proxyHeaderRejections(ProxyProtocolRejection.MALFORMED)
                                + server.statistics().proxyHeaderRejections(ProxyProtocolRejection.MISSING)
                        == 1);
    }

    @Test
    void forwardingFieldsFromATrustedPeerSetTheClientSchemeAndHost() throws IOException {
        start(HttpServer.builder().forwarded(TrustedProxies.defaults()));
        String response = exchange("GET /who HTTP/1.1\r\nHost: internal:8080\r\n"
                + "X-Forwarded-For: 198.51.100.9, 127.0.0.1\r\nX-Forwarded-Proto: https\r\n"
                + "X-Forwarded-Host: shop.example\r\nConnection: close\r\n\r\n");
        assertThat(response)
                .startsWith("HTTP/1.1 200")
                .contains("198.51.100.9:")
                .contains(" https shop.example");
    }

    @Test
    void forwardingFieldsFromAnUntrustedPeerAreIgnored() throws IOException {
        start(HttpServer.builder().forwarded(TrustedProxies.of(List.of("10.0.0.0/8"))));
        String response = exchange("GET /who HTTP/1.1\r\nHost: internal:8080\r\n"
                + "X-Forwarded-For: 198.51.100.9\r\nX-Forwarded-Proto: https\r\nConnection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 200").contains("127.0.0.1:").contains(" http internal:8080");
    }

    @Test
    void onlyAConnectionFromATrustedPeerHasTheForwardingStage() throws IOException {
        assertThat(componentTypesOfAConnection(TrustedProxies.defaults())).contains("ForwardedHeaders");
        stop();
        assertThat(componentTypesOfAConnection(TrustedProxies.of(List.of("10.0.0.0/8"))))
                .contains("HttpParser", "HttpRequestHandler")
                .doesNotContain("ForwardedHeaders");
    }

    /** The simple type names of the components of an open connection's graph, on a server trusting {@code trusted}. */
    private List<String> componentTypesOfAConnection(TrustedProxies trusted) throws IOException {
        start(HttpServer.builder().forwarded(trusted));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout((int) DEADLINE.toMillis());
            socket.getOutputStream()
                    .write("GET /who HTTP/1.1\r\nHost: example.test\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            readUntil(socket.getInputStream(), "peer=127.0.0.1");
            long id = server.connections().get(0).id();
            return server.describeConnection(id).components().stream()
                    .map(part -> part.type().substring(part.type().lastIndexOf('.') + 1))
                    .toList();
        }
    }

    @Test
    void withoutTheSwitchesForwardingFieldsChangeNothing() throws IOException {
        start(HttpServer.builder());
        String response = exchange("GET /who HTTP/1.1\r\nHost: internal:8080\r\n"
                + "X-Forwarded-For: 198.51.100.9\r\nConnection: close\r\n\r\n");
        assertThat(response).contains("127.0.0.1:").contains(" http internal:8080 peer=127.0.0.1");
    }
}
