package org.kamaelia.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kamaelia.http.handler.Handlers;
import org.kamaelia.http.handler.HttpResponse;
import org.kamaelia.http.message.HttpTimeouts;

/**
 * {@code Expect: 100-continue} (RFC 9110 section 10.1.1) with clients that wait for the 100 and clients that send
 * the body at once, and final answers known before the body is needed, which go out without a 100.
 */
@Timeout(60)
class ExpectContinueIT {
    private HttpServer server;

    @BeforeEach
    void start() {
        server = HttpServer.builder()
                .port(0)
                // Long deadlines: an answer must never depend on a timeout firing.
                .timeouts(new HttpTimeouts(
                        Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(5)))
                .route("/hello", Handlers.function(request -> HttpResponse.text(200, "Hello, World!")), Set.of("GET"))
                .route(
                        "/echo",
                        Handlers.function(request -> HttpResponse.bytes(200, "text/plain", request.body())),
                        Set.of("POST"))
                .route("/stream-echo", head -> new TestHandlers.Echo())
                .route("/blocking-echo", Handlers.blocking((head, body, response) -> {
                    byte[] bytes = body.readAllBytes();
                    response.send(org.kamaelia.http.message.ResponseHead.status(200)
                            .contentLength(bytes.length)
                            .build());
                    response.write(bytes);
                }))
                .start();
    }

    @AfterEach
    void stop() {
        server.stop(Duration.ofSeconds(2));
    }

    @Test
    void theBodySentAtOnceIsEchoedByEveryKindOfHandler() throws Exception {
        for (String path : new String[] {"/echo", "/stream-echo", "/blocking-echo"}) {
            try (RawHttpClient c = new RawHttpClient(server.port())) {
                c.send("POST " + path
                        + " HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello");
                assertThat(c.line()).as(path).isEqualTo("HTTP/1.1 100 Continue");
                assertThat(c.line()).isEmpty();
                RawHttpClient.Response r = c.read();
                assertThat(r.status()).as(path).isEqualTo(200);
                assertThat(r.text()).as(path).isEqualTo("hello");
                // The connection stays usable: the body was read as a body, not as the next request.
                assertThat(c.send("GET /hello HTTP/1.1\r\nHost: h\r\n\r\n")
                                .read()
                                .text())
                        .as(path)
                        .isEqualTo("Hello, World!");
            }
        }
    }

    @Test
    void theBodySentAtOnceInPiecesIsEchoed() throws Exception {
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            c.send("POST /echo HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
            assertThat(c.line()).isEqualTo("HTTP/1.1 100 Continue");
            assertThat(c.line()).isEmpty();
            assertThat(c.read().text()).isEqualTo("abcde");
        }
    }

    @Test
    void aFinalAnswerKnownBeforeTheBodyGoesOutWithoutA100() throws Exception {
        String[][] cases = {
            {"POST /hello", "405"}, // a GET-only route
            {"POST /nowhere", "404"},
        };
        for (String[] c : cases) {
            // The client that waits for the 100 gets the final answer instead, and is not left waiting.
            try (RawHttpClient client = new RawHttpClient(server.port())) {
                client.send(c[0] + " HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
                RawHttpClient.Response r = client.read();
                assertThat(r.status()).as(c[0]).isEqualTo(Integer.parseInt(c[1]));
                assertThat(r.header("Connection")).as(c[0]).contains("close");
                assertThat(client.closedByServer()).isTrue();
            }
            // The client that sent the body anyway: the body is never parsed as a request.
            try (RawHttpClient client = new RawHttpClient(server.port())) {
                client.send(c[0] + " HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 39\r\n\r\n"
                        + "GET /hello HTTP/1.1\r\nHost: smuggled\r\n\r\n");
                RawHttpClient.Response r = client.read();
                assertThat(r.status()).as(c[0]).isEqualTo(Integer.parseInt(c[1]));
                assertThat(client.closedByServer()).as("no second response").isTrue();
            }
        }
    }

    @Test
    void aTooLargeBodyIsRefusedWithoutA100() throws Exception {
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            c.send("POST /echo HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 999999999999\r\n\r\n");
            RawHttpClient.Response r = c.read();
            assertThat(r.status()).isEqualTo(413);
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void anExpectationOtherThan100ContinueGets417() throws Exception {
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            c.send("POST /echo HTTP/1.1\r\nHost: h\r\nExpect: 200-ok\r\nContent-Length: 5\r\n\r\nhello");
            RawHttpClient.Response r = c.read();
            assertThat(r.status()).isEqualTo(417);
            // The body was framed, so it is drained and the connection goes on.
            assertThat(c.send("GET /hello HTTP/1.1\r\nHost: h\r\n\r\n").read().status())
                    .isEqualTo(200);
        }
    }

    @Test
    void http10IgnoresExpect() throws Exception {
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            c.send("POST /echo HTTP/1.0\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello");
            RawHttpClient.Response r = c.read();
            assertThat(r.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(r.text()).isEqualTo("hello");
        }
    }
}
