package org.kamaelia.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kamaelia.http.component.Conditions;
import org.kamaelia.http.component.Scheduler;
import org.kamaelia.http.handler.Handlers;
import org.kamaelia.http.handler.HttpResponse;
import org.kamaelia.http.message.BadRequest;
import org.kamaelia.http.message.HttpTimeouts;
import org.kamaelia.http.net.ConnectionInfo;
import org.kamaelia.http.observe.HttpObserver;

/**
 * Clients that half-close (FIN) in the middle of a request: the request can never complete, so it is answered 400
 * if nothing was sent yet (or cut if a response was under way), the connection is closed, and nothing of it stays
 * behind. Deadlines are long here on purpose: the answer must come from the FIN, not from a timeout.
 */
@Timeout(60)
class HalfClosedClientIT {
    private final ConcurrentLinkedQueue<BadRequest> parseErrors = new ConcurrentLinkedQueue<>();
    private Scheduler scheduler;
    private HttpServer server;
    private int liveAtStart;

    @BeforeEach
    void start() {
        scheduler = Scheduler.start("half-close", 1);
        server = HttpServer.builder()
                .port(0)
                .scheduler(scheduler)
                .timeouts(new HttpTimeouts(
                        Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(5)))
                .observer(new HttpObserver() {
                    @Override
                    public void parseError(ConnectionInfo connection, BadRequest error) {
                        parseErrors.add(error);
                    }
                })
                .route("/hello", Handlers.function(request -> HttpResponse.text(200, "Hello, World!")), Set.of("GET"))
                .route(
                        "/echo",
                        Handlers.function(request -> HttpResponse.bytes(200, "text/plain", request.body())),
                        Set.of("POST"))
                .route("/stream-echo", head -> new TestHandlers.Echo())
                .start();
        liveAtStart = scheduler.describe().components().size();
    }

    @AfterEach
    void stop() {
        server.stop(Duration.ofSeconds(2));
        scheduler.close();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhell",
                "POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5",
                "POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel",
                "POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
                "POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nTrailer: x",
                "GET /hello HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n",
                "GET /hello HTTP/1.1\r\nHost: h\r\n",
                "GET /hel",
                "\r\n",
            })
    void aRequestCutShortByFinIsAnswered400AndClosed(String request) throws Exception {
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            c.send(request);
            c.socket().shutdownOutput();
            RawHttpClient.Response r = c.read();
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.header("Connection")).contains("close");
            assertThat(c.closedByServer()).isTrue();
        }
        Conditions.await(
                "the half-closed connection is gone", Duration.ofSeconds(10), () -> server.connectionCount() == 0);
        assertThat(parseErrors).extracting(BadRequest::status).containsExactly(400);
        assertNothingLive();
    }

    @Test
    void aStreamedResponseToABodyCutShortByFinIsCutNotLeftOpen() throws Exception {
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            c.send("POST /stream-echo HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhell");
            c.socket().shutdownOutput();
            String received = readToEnd(c.socket().getInputStream());
            assertThat(received).startsWith("HTTP/1.1 200 OK").contains("hell").doesNotContain("0\r\n\r\n");
        }
        Conditions.await(
                "the half-closed connection is gone", Duration.ofSeconds(10), () -> server.connectionCount() == 0);
        assertNothingLive();
    }

    @Test
    void aCompleteRequestBeforeFinIsStillAnswered() throws Exception {
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            c.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello");
            c.socket().shutdownOutput();
            RawHttpClient.Response r = c.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).isEqualTo("hello");
            assertThat(c.closedByServer()).isTrue();
        }
        Conditions.await("the connection is gone", Duration.ofSeconds(10), () -> server.connectionCount() == 0);
        assertThat(parseErrors).isEmpty();
    }

    @Test
    void aBodyNobodyReadThatIsCutShortEndsTheExchangeAsCompleted() throws Exception {
        // /hello answers 405 to a POST without reading its body: the rest of the body never comes.
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            c.send("POST /hello HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\nabc");
            c.socket().shutdownOutput();
            RawHttpClient.Response r = c.read();
            assertThat(r.status()).isEqualTo(405);
            assertThat(c.closedByServer()).isTrue();
        }
        Conditions.await("the connection is gone", Duration.ofSeconds(10), () -> server.connectionCount() == 0);
        assertNothingLive();
    }

    @Test
    void aGracefulStopLetsAnUploadInProgressFinishInsteadOfTakingItForAHalfClose() throws Exception {
        // A drain is not an end of input: the client is still there and the body still arriving.
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            c.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nhello");
            java.util.concurrent.CompletableFuture<Void> stopping =
                    java.util.concurrent.CompletableFuture.runAsync(() -> server.stop(Duration.ofSeconds(20)));
            Conditions.await("the server no longer accepts", Duration.ofSeconds(10), () -> {
                try (java.net.Socket probe = new java.net.Socket()) {
                    probe.connect(
                            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), server.port()),
                            1_000);
                    return false;
                } catch (IOException refused) {
                    return true;
                }
            });
            c.send("world");
            RawHttpClient.Response r = c.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).isEqualTo("helloworld");
            assertThat(r.header("Connection")).contains("close");
            stopping.get(20, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertThat(parseErrors).isEmpty();
    }

    private void assertNothingLive() {
        Conditions.await(
                "no component of the connection is left",
                Duration.ofSeconds(10),
                () -> scheduler.describe().components().size() == liveAtStart);
    }

    private static String readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (java.net.SocketException e) {
            // a reset also ends the stream: the response was cut
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
