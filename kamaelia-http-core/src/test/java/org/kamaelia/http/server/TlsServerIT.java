package org.kamaelia.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kamaelia.http.component.ComponentDescription;
import org.kamaelia.http.component.Conditions;
import org.kamaelia.http.handler.Handlers;
import org.kamaelia.http.message.ClientOrigin;
import org.kamaelia.http.net.CloseReason;
import org.kamaelia.http.observe.HttpObserver;
import org.kamaelia.http.observe.RequestLog;
import org.kamaelia.http.observe.access.AccessLog;
import org.kamaelia.http.tls.ClientAuth;
import org.kamaelia.http.tls.TestPki;
import org.kamaelia.http.tls.TlsOutcome;
import org.kamaelia.http.tls.TlsSettings;

/**
 * An {@link HttpServer} built with {@code .tls(...)}, against real clients: {@code java.net.http}, curl and raw
 * sockets (TLS and clear text), with certificates made in the test by {@link TestPki}.
 */
@Timeout(60)
class TlsServerIT {
    private static final TestPki PKI = TestPki.INSTANCE;
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path files;

    private final ConcurrentLinkedQueue<RequestLog> requests = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<TlsOutcome> outcomes = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> accessLines = new ConcurrentLinkedQueue<>();
    private final HttpObserver observer = new HttpObserver() {
        @Override
        public void requestCompleted(RequestLog request) {
            requests.add(request);
        }

        @Override
        public void tlsEnded(org.kamaelia.http.net.ConnectionInfo connection, TlsOutcome outcome) {
            outcomes.add(outcome);
        }
    };
    private HttpServer server;

    private HttpServer start(TlsSettings tls) {
        server = HttpServer.builder()
                .port(0)
                .eventLoops(2)
                .tls(tls)
                .observer(observer)
                .accessLog(AccessLog.pattern("%h %s").withSink(accessLines::add))
                .route(
                        "/whoami",
                        Handlers.function(r -> org.kamaelia.http.handler.HttpResponse.text(200, who(r.origin()))))
                .route(
                        "/hello",
                        Handlers.function(r -> org.kamaelia.http.handler.HttpResponse.text(200, "Hello, World!")),
                        Set.of("GET", "HEAD"))
                .route("/stream", head -> new TestHandlers.Stream(3, 4))
                .route("/echo", head -> new TestHandlers.Echo())
                .start();
        return server;
    }

    private static TlsSettings.Builder settings() {
        return TlsSettings.builder(PKI.serverContext());
    }

    /** What the handler sees of its client: scheme, address, TLS version and the peer certificate's subject. */
    private static String who(ClientOrigin origin) {
        String subject = origin.tlsSession()
                .flatMap(session -> session.peerCertificate())
                .map(certificate -> certificate.getSubjectX500Principal().getName())
                .orElse("none");
        String protocol = origin.tlsSession().map(session -> session.protocol()).orElse("clear");
        return origin.scheme() + " " + origin.remote().getAddress().getHostAddress() + " " + protocol + " " + subject;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(Duration.ofSeconds(2));
        }
    }

    private String url(String path) {
        return "https://localhost:" + server.port() + path;
    }

    private static HttpClient client(SSLContext context, String... protocols) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .sslContext(context);
        if (protocols.length > 0) {
            SSLParameters parameters = context.getDefaultSSLParameters();
            parameters.setProtocols(protocols);
            builder.sslParameters(parameters);
        }
        return builder.build();
    }

    private HttpResponse<String> get(HttpClient client, String path) throws IOException, InterruptedException {
        return client.send(
                HttpRequest.newBuilder(URI.create(url(path)))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    // ----- framings and clients -----------------------------------------------------------------------------

    @Test
    void keepAliveRequestsShareOneHandshakeAndCarryTheTlsOrigin() throws Exception {
        start(settings().build());
        HttpClient client = client(PKI.clientContext(false));

        HttpResponse<String> first = get(client, "/whoami");
        HttpResponse<String> second = get(client, "/hello");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("https 127.0.0.1 TLSv1.3 none");
        assertThat(second.body()).isEqualTo("Hello, World!");
        assertThat(second.headers().firstValue("content-length")).contains("13");
        assertThat(server.statistics().connectionsOpened()).isEqualTo(1);
        assertThat(server.statistics().tlsHandshakes()).isEqualTo(1);
        Conditions.await("both requests logged", WAIT, () -> requests.size() == 2 && accessLines.size() == 2);
        for (RequestLog log : requests) {
            assertThat(log.origin().scheme()).isEqualTo("https");
            assertThat(log.origin().tlsSession()).isPresent();
            assertThat(log.origin().remote().getAddress()).isEqualTo(InetAddress.getLoopbackAddress());
            assertThat(log.origin().local().getPort()).isEqualTo(server.port());
        }
        assertThat(accessLines).containsExactly("127.0.0.1 200", "127.0.0.1 200");
    }

    @Test
    void aPostBodyIsEchoedInAChunkedResponse() throws Exception {
        start(settings().build());
        String body = "0123456789abcdef".repeat(10_000); // 160 KB: several records each way
        HttpResponse<String> response = client(PKI.clientContext(false))
                .send(
                        HttpRequest.newBuilder(URI.create(url("/echo")))
                                .timeout(Duration.ofSeconds(10))
                                .header("Content-Type", "text/plain")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("transfer-encoding")).contains("chunked");
        assertThat(response.body()).isEqualTo(body);
    }

    @Test
    void curlSeesEachFramingOverTls() throws Exception {
        start(settings().build());
        String ca = PKI.writeCaPem(files).toString();

        assertThat(curl("-i", "--cacert", ca, url("/hello")))
                .startsWith("HTTP/1.1 200 OK")
                .contains("Content-Length: 13")
                .endsWith("Hello, World!");
        assertThat(curl("--raw", "-i", "--cacert", ca, url("/stream")))
                .contains("Transfer-Encoding: chunked")
                .contains("4\r\naaaa\r\n")
                .endsWith("0\r\n\r\n");
        // close-delimited: the body ends where the TLS stream ends, with our close_notify (curl fails on a bare EOF)
        assertThat(curl("-i", "--http1.0", "--cacert", ca, url("/stream")))
                .contains("Connection: close")
                .doesNotContain("Transfer-Encoding")
                .endsWith("aaaabbbbcccc");
        assertThat(curl("--cacert", ca, "--data-binary", "posted body", "-H", "Content-Type: text/plain", url("/echo")))
                .isEqualTo("posted body");
        Conditions.await("every curl connection ended cleanly", WAIT, () -> outcomes.size() == 4);
        assertThat(outcomes).allMatch(o -> o == TlsOutcome.CLOSED || o == TlsOutcome.TRUNCATED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void speaksEachProtocolVersionWithBothClients(String protocol) throws Exception {
        start(settings().build());
        String ca = PKI.writeCaPem(files).toString();
        String version = protocol.equals("TLSv1.2") ? "1.2" : "1.3";

        assertThat(get(client(PKI.clientContext(false), protocol), "/whoami").body())
                .isEqualTo("https 127.0.0.1 " + protocol + " none");
        assertThat(curl("--cacert", ca, "--tlsv" + version, "--tls-max", version, url("/whoami")))
                .isEqualTo("https 127.0.0.1 " + protocol + " none");
    }

    @Test
    void theServerOffersOnlyTheConfiguredProtocols() throws Exception {
        start(settings().protocols("TLSv1.2").build());

        assertThat(get(client(PKI.clientContext(false)), "/whoami").body()).contains("TLSv1.2");
        assertThatThrownBy(() -> get(client(PKI.clientContext(false), "TLSv1.3"), "/whoami"))
                .isInstanceOf(IOException.class);
        Conditions.await(
                "the refused handshake counted",
                WAIT,
                () -> server.statistics().tlsOutcomes(TlsOutcome.HANDSHAKE_FAILED) >= 1);
    }

    // ----- client certificates ----------------------------------------------------------------------------

    @Test
    void clientAuthNeedShowsThePeerCertificateToTheHandler() throws Exception {
        start(settings().clientAuth(ClientAuth.NEED).build());

        assertThat(get(client(PKI.clientContext(true)), "/whoami").body())
                .isEqualTo("https 127.0.0.1 TLSv1.3 CN=test-client");
        String curlSees = curl(
                "--cacert",
                PKI.writeCaPem(files).toString(),
                "--cert",
                PKI.writeClientCertificatePem(files).toString(),
                "--key",
                PKI.writeClientKeyPem(files).toString(),
                url("/whoami"));
        assertThat(curlSees).endsWith(" CN=test-client");
        Conditions.await("both requests logged", WAIT, () -> requests.size() == 2);
        assertThat(requests)
                .allSatisfy(log -> assertThat(
                                log.origin().tlsSession().orElseThrow().peerCertificates())
                        .containsExactly(PKI.client, PKI.ca));

        // Without a certificate the handshake fails (in TLS 1.3 the client may learn it only at its first read).
        assertThatThrownBy(() -> get(client(PKI.clientContext(false)), "/whoami"))
                .isInstanceOf(IOException.class);
        // (java.net.http tries a GET twice when its connection fails, so one or two failed handshakes are counted)
        Conditions.await(
                "the failed handshake counted",
                WAIT,
                () -> server.statistics().tlsOutcomes(TlsOutcome.HANDSHAKE_FAILED) >= 1);
        assertThat(outcomes).doesNotContain(TlsOutcome.FAILED, TlsOutcome.PLAIN_HTTP, TlsOutcome.NOT_TLS);
        assertThat(requests).hasSize(2); // nothing reached a handler without a certificate
    }

    @Test
    void clientAuthWantServesClientsWithoutACertificate() throws Exception {
        start(settings().clientAuth(ClientAuth.WANT).build());

        assertThat(get(client(PKI.clientContext(false)), "/whoami").body()).endsWith(" none");
        assertThat(get(client(PKI.clientContext(true)), "/whoami").body()).endsWith(" CN=test-client");
    }

    // ----- bad input ----------------------------------------------------------------------------------------

    @Test
    void plainHttpToTheTlsPortGetsA400InClearText() throws Exception {
        start(settings().build());
        String answer;
        try (Socket socket = rawSocket()) {
            socket.getOutputStream()
                    .write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            answer = new String(readToEnd(socket.getInputStream()), StandardCharsets.US_ASCII);
        }

        assertThat(answer)
                .startsWith("HTTP/1.1 400 Bad Request\r\n")
                .contains("Connection: close")
                .contains("HTTPS");
        Conditions.await(
                "counted as plain HTTP",
                WAIT,
                () -> server.statistics().tlsOutcomes(TlsOutcome.PLAIN_HTTP) == 1
                        && server.statistics().connectionsClosed() == 1);
        assertThat(requests).isEmpty(); // never reached HTTP: no request, no access log line
    }

    @Test
    void bytesThatCannotStartTlsAreClosedAndCounted() throws Exception {
        start(settings().build());
        try (Socket socket = rawSocket()) {
            socket.getOutputStream().write(new byte[] {0x01, 0x02, 0x03, 0x04});
            assertThat(readToEnd(socket.getInputStream())).isEmpty();
        }
        Conditions.await("counted as not TLS", WAIT, () -> server.statistics().tlsOutcomes(TlsOutcome.NOT_TLS) == 1);
    }

    @Test
    void aGarbageHandshakeIsClosedAndCounted() throws Exception {
        start(settings().build());
        byte[] record = new byte[5 + 64];
        record[0] = 0x16; // a handshake record, TLS 1.0 on the record layer, 64 bytes long
        record[1] = 0x03;
        record[2] = 0x01;
        record[4] = 64;
        Arrays.fill(record, 5, record.length, (byte) 0x7f);
        try (Socket socket = rawSocket()) {
            socket.getOutputStream().write(record);
            byte[] reply = readToEnd(socket.getInputStream());
            if (reply.length > 0) {
                assertThat(reply[0]).isEqualTo((byte) 0x15); // an alert, then the close
            }
        }
        Conditions.await(
                "counted as a failed handshake",
                WAIT,
                () -> server.statistics().tlsOutcomes(TlsOutcome.HANDSHAKE_FAILED) == 1);
        assertThat(outcomes).containsExactly(TlsOutcome.HANDSHAKE_FAILED);
    }

    @Test
    void aHandshakeThatTakesTooLongIsClosedAsATimeout() throws Exception {
        start(settings().handshakeTimeout(Duration.ofMillis(300)).build());
        try (Socket socket = rawSocket()) {
            socket.getOutputStream().write(0x16); // the start of a handshake record, and then nothing
            long started = System.nanoTime();
            assertThat(readToEnd(socket.getInputStream())).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
        Conditions.await(
                "counted as a handshake timeout",
                WAIT,
                () -> server.statistics().tlsOutcomes(TlsOutcome.HANDSHAKE_TIMEOUT) == 1
                        && server.statistics().connectionsClosed(CloseReason.TIMEOUT) == 1);
    }

    @Test
    void aRequestThatCannotBeParsedIsLoggedWithItsTlsOrigin() throws Exception {
        start(settings().build());
        String answer;
        try (SSLSocket socket = tlsSocket()) {
            socket.getOutputStream().write("NOT A REQUEST\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            answer = new String(readToEnd(socket.getInputStream()), StandardCharsets.US_ASCII);
        }

        assertThat(answer).startsWith("HTTP/1.1 400");
        Conditions.await("the bad request logged", WAIT, () -> requests.size() == 1 && accessLines.size() == 1);
        RequestLog log = requests.peek();
        assertThat(log.status()).isEqualTo(400);
        assertThat(log.origin().scheme()).isEqualTo("https");
        assertThat(log.origin().tlsSession()).isPresent();
        assertThat(accessLines).containsExactly("127.0.0.1 400");
    }

    // ----- settings updated while connections are open ------------------------------------------------------

    @Test
    void updatedSettingsServeNewConnectionsWhileOpenOnesGoOn() throws Exception {
        start(settings().build());
        try (SSLSocket before = tlsSocket()) {
            assertThat(before.getSession().getPeerCertificates()[0]).isEqualTo(PKI.server);
            assertThat(exchange(before, "/hello")).endsWith("Hello, World!");
            ConnectionSnapshot open = server.connections().get(0);
            assertThat(open.scheme()).isEqualTo("https");
            assertThat(open.local().getPort()).isEqualTo(server.port());
            assertThat(open.remote().getPort()).isEqualTo(before.getLocalPort());
            assertThat(open.client()).isEqualTo(open.remote());
            assertThat(open.tls()).hasValueSatisfying(session -> {
                assertThat(session.protocol()).isEqualTo(before.getSession().getProtocol());
                assertThat(session.cipherSuite()).isEqualTo(before.getSession().getCipherSuite());
            });
            List<ComponentDescription> parts =
                    server.describeConnection(open.id()).components();
            assertThat(parts.subList(1, parts.size()))
                    .extracting(part -> part.type().substring(part.type().lastIndexOf('.') + 1))
                    .containsExactly("TcpConnection", "TlsEngine", "HttpParser", "HttpRequestHandler");

            TlsSettings renewed = TlsSettings.builder(PKI.secondServerContext()).build();
            server.updateTls(renewed);
            assertThat(server.tlsSettings()).containsSame(renewed);

            try (SSLSocket after = tlsSocket()) {
                assertThat(after.getSession().getPeerCertificates()[0]).isEqualTo(PKI.secondServer);
                assertThat(exchange(after, "/whoami")).endsWith("https 127.0.0.1 TLSv1.3 none");
            }
            // the open connection keeps its engine, its session and its certificate
            assertThat(exchange(before, "/hello")).endsWith("Hello, World!");
            assertThat(before.getSession().getPeerCertificates()[0]).isEqualTo(PKI.server);
        }
        assertThat(server.statistics().connectionsOpened()).isEqualTo(2);
    }

    @Test
    void aClearTextServerRefusesUpdateTls() {
        server = HttpServer.builder()
                .port(0)
                .eventLoops(1)
                .handler(Handlers.function(r -> org.kamaelia.http.handler.HttpResponse.text(200, "x")))
                .start();
        assertThat(server.isTls()).isFalse();
        assertThatThrownBy(() -> server.updateTls(settings().build())).isInstanceOf(IllegalStateException.class);
    }

    // ----- helpers ------------------------------------------------------------------------------------------

    private Socket rawSocket() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.setSoTimeout(5_000);
        return socket;
    }

    private SSLSocket tlsSocket() throws IOException {
        SSLSocket socket =
                (SSLSocket) PKI.clientContext(false).getSocketFactory().createSocket("127.0.0.1", server.port());
        socket.setSoTimeout(5_000);
        socket.startHandshake();
        return socket;
    }

    /** One keep-alive GET on {@code socket}: its response, head and body, read by its Content-Length. */
    private static String exchange(Socket socket, String path) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed in the response head: " + head);
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return text + new String(in.readNBytes(length), StandardCharsets.US_ASCII);
    }

    /** Everything until the server closes; a read that times out fails the test. */
    private static byte[] readToEnd(InputStream in) throws IOException {
        try {
            return in.readAllBytes();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection", e);
        }
    }

    private static String curl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "5"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String text = new String(out, StandardCharsets.ISO_8859_1);
        assertThat(process.exitValue())
                .as("curl's exit code; it said: %s", text)
                .isZero();
        return text;
    }
}
