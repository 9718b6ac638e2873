package org.kamaelia.http.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kamaelia.http.component.ProducerFinished;
import org.kamaelia.http.component.Scheduler;
import org.kamaelia.http.component.ShutdownRequested;
import org.kamaelia.http.component.Signal;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.net.ProtocolComponent;
import org.kamaelia.http.net.TcpServer;
import org.kamaelia.http.net.TcpServerConfig;

/** {@link TlsEngine} over real sockets: the JDK's HTTP client and raw sockets against an unchanged TcpServer. */
@Timeout(60)
class TlsEngineIT {
    private final Scheduler scheduler = Scheduler.start("tls-it", 1);
    private TcpServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop(Duration.ofSeconds(1)).get();
        }
        scheduler.close();
    }

    private int start(TlsSettings settings) {
        server = TcpServer.start(
                TcpServerConfig.loopback(0), connection -> new TlsOverTcp(settings, new OneAnswer()), scheduler);
        return server.port();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void servesTheJdkHttpClient(String protocol) throws Exception {
        int port = start(TlsSettings.builder(TestPki.INSTANCE.serverContext()).build());
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(new String[] {protocol});
        HttpClient client = HttpClient.newBuilder()
                .sslContext(TestPki.INSTANCE.clientContext(false))
                .sslParameters(parameters)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();

        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/"))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString(US_ASCII));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("secret");
        assertThat(response.sslSession().orElseThrow().getProtocol()).isEqualTo(protocol);
    }

    @Test
    void answersPlainHttpOnTheTlsPortWith400AndCloses() throws IOException {
        int port = start(TlsSettings.builder(TestPki.INSTANCE.serverContext()).build());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(US_ASCII));

            String answer = readToEnd(socket.getInputStream());

            assertThat(answer).startsWith("HTTP/1.1 400 Bad Request\r\n");
            assertThat(answer).endsWith(PlainHttpAnswer.BODY);
        }
    }

    @Test
    void sendsCloseNotifyBeforeClosing() throws IOException {
        int port = start(TlsSettings.builder(TestPki.INSTANCE.serverContext()).build());
        try (SSLSocket socket = (SSLSocket)
                TestPki.INSTANCE.clientContext(false).getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(US_ASCII));

            // A TCP end without close_notify would make the JDK throw ("truncation attack?"); a clean -1 is the proof.
            String answer = readToEnd(socket.getInputStream());

            assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n").endsWith("secret");
        }
    }

    private static String readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
        }
        return out.toString(US_ASCII);
    }

    /** Reads a request head, answers one fixed response with Connection: close, then finishes. */
    static final class OneAnswer extends ProtocolComponent {
        private final StringBuilder head = new StringBuilder();
        private boolean answered;

        @Override
        protected void react() {
            for (ByteChunk chunk; (chunk = inbox.poll()) != null; ) {
                head.append(chunk.utf8());
            }
            for (Signal received; (received = control.poll()) != null; ) {
                if (received instanceof ShutdownRequested) {
                    finish();
                    return;
                }
            }
            if (!answered && head.indexOf("\r\n\r\n") >= 0) {
                answered = true;
                outbox.send(ByteChunk.ascii("HTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\nsecret"));
                signal.send(ProducerFinished.INSTANCE);
                finish();
            }
        }
    }
}
