package org.kamaelia.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kamaelia.http.codec.request.DecoderLimits;
import org.kamaelia.http.component.ComponentDescription;
import org.kamaelia.http.component.Conditions;
import org.kamaelia.http.component.Linkage;
import org.kamaelia.http.component.LinkageDescription;
import org.kamaelia.http.handler.Handlers;
import org.kamaelia.http.message.HttpTimeouts;
import org.kamaelia.http.message.ResponseHead;
import org.kamaelia.http.net.CloseReason;
import org.kamaelia.http.net.ConnectionInfo;
import org.kamaelia.http.observe.HttpObserver;
import org.kamaelia.http.observe.RequestLog;
import org.kamaelia.http.observe.TimeoutKind;

@Timeout(60)
class HttpServerIT {
    private final ConcurrentLinkedQueue<RequestLog> requests = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<CloseReason> closes = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<TimeoutKind> timeouts = new ConcurrentLinkedQueue<>();
    private final HttpObserver observer = new HttpObserver() {
        @Override
        public void requestCompleted(RequestLog request) {
            requests.add(request);
        }

        @Override
        public void connectionClosed(ConnectionInfo connection, CloseReason reason, long in, long out) {
            closes.add(reason);
        }

        @Override
        public void timeout(ConnectionInfo connection, TimeoutKind kind) {
            timeouts.add(kind);
        }
    };
    private HttpServer server;
    private final java.util.concurrent.atomic.AtomicReference<TestHandlers.Counter> counter =
            new java.util.concurrent.atomic.AtomicReference<>();

    @BeforeEach
    void start() {
        server = builder().start();
    }

    HttpServer.Builder builder() {
        return HttpServer.builder()
                .port(0)
                .eventLoops(2)
                .observer(observer)
                .limits(DecoderLimits.defaults().withMaxBody(1024 * 1024))
                .route(
                        "/hello",
                        Handlers.function(request -> org.kamaelia.http.handler.HttpResponse.text(200, "Hello, World!")),
                        Set.of("GET", "HEAD"))
                .route(
                        "/stream",
                        head -> new TestHandlers.Stream(
                                Integer.parseInt(
                                        head.target().queryParameter("parts").orElse("3")),
                                Integer.parseInt(
                                        head.target().queryParameter("size").orElse("5"))))
                .route("/ticker", head -> new TestHandlers.Ticker(Duration.ofMillis(5)))
                .route("/echo", head -> new TestHandlers.Echo())
                .route("/refuse", head -> new TestHandlers.Refuser())
                .route("/throw", head -> new TestHandlers.Thrower())
                .route("/throw-late", head -> new TestHandlers.ThrowsAfterHead())
                .route("/silent", head -> new TestHandlers.Silent())
                .route("/count", head -> {
                    counter.compareAndSet(null, new TestHandlers.Counter());
                    return counter.get();
                })
                .route("/blocking", Handlers.blocking((head, body, response) -> {
                    long n = body.transferTo(OutputStream.nullOutputStream());
                    response.send(ResponseHead.status(200).build());
                    response.write(("read " + n).getBytes(StandardCharsets.US_ASCII));
                }))
                .route(
                        "/api",
                        Handlers.function(r -> org.kamaelia.http.handler.HttpResponse.text(200, "api " + r.path())))
                .route(
                        "/bytes",
                        Handlers.function(r -> org.kamaelia.http.handler.HttpResponse.bytes(
                                200,
                                "application/octet-stream",
                                pattern(Integer.parseInt(r.queryParameter("n").orElse("0"))))),
                        Set.of("GET", "HEAD"))
                .route(
                        "/api/v2",
                        Handlers.function(r -> org.kamaelia.http.handler.HttpResponse.text(200, "v2 " + r.path())));
    }

    @AfterEach
    void stop() {
        server.stop(Duration.ofSeconds(2));
    }

    private String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
    }

    @Test
    void servesHelloWithContentLengthToJavaHttpClient() throws Exception {
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/hello"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("Hello, World!");
        assertThat(response.headers().firstValue("content-length")).contains("13");
        assertThat(response.headers().firstValue("content-type")).contains("text/plain; charset=utf-8");
        assertThat(response.headers().firstValue("date")).isPresent();
    }

    @Test
    void eachFramingOnTheWire() throws Exception {
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            RawHttpClient.Response known = c.send(get("/hello")).read();
            assertThat(known.framing()).isEqualTo("content-length");
            RawHttpClient.Response chunked =
                    c.send(get("/stream?parts=4&size=1000")).read();
            assertThat(chunked.framing()).isEqualTo("chunked");
            assertThat(chunked.body()).hasSize(4000);
            assertThat(chunked.header("Connection")).isEmpty();
        }
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            RawHttpClient.Response old =
                    c.send("GET /stream?parts=3&size=10 HTTP/1.0\r\n\r\n").read();
            assertThat(old.statusLine()).startsWith("HTTP/1.1 200");
            assertThat(old.framing()).isEqualTo("close");
            assertThat(old.header("Connection")).contains("close");
            assertThat(old.body()).hasSize(30);
        }
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            c.send(get("/ticker"));
            assertThat(c.line()).isEqualTo("HTTP/1.1 200 OK");
            List<String> fields = new ArrayList<>();
            for (String line; !(line = c.line()).isEmpty(); ) {
                fields.add(line);
            }
            assertThat(fields).contains("Connection: close").noneMatch(f -> f.startsWith("Transfer-Encoding"));
            assertThat(c.line()).isEqualTo("tick 0");
        }
        Conditions.await("framings observed", () -> requests.size() >= 4);
        assertThat(requests).extracting(r -> r.framing().tag()).contains("content-length", "chunked", "close");
    }

    @Test
    void keepsAliveAndAnswersPipelinedRequestsInOrder() throws Exception {
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            c.send(get("/api/a") + get("/stream?parts=2&size=3") + get("/api/b") + get("/hello"));
            assertThat(c.read().text()).isEqualTo("api /api/a");
            assertThat(c.read().text()).isEqualTo("aaabbb");
            assertThat(c.read().text()).isEqualTo("api /api/b");
            assertThat(c.read().text()).isEqualTo("Hello, World!");
            c.send(get("/hello"));
            assertThat(c.read().status()).isEqualTo(200);
        }
    }

    static byte[] pattern(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        return bytes;
    }

    @Test
    void bodiesShortEnoughToTravelWithTheirHeadAndLongerOnesArriveWhole() throws Exception {
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            // 8 KiB is the most that leaves in one piece with its head; one byte more goes after it.
            for (int n : new int[] {0, 1, 8191, 8192, 8193, 100_000}) {
                RawHttpClient.Response response = c.send(get("/bytes?n=" + n)).read();
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.framing()).isEqualTo("content-length");
                assertThat(response.header("Content-Length")).contains(Integer.toString(n));
                assertThat(response.body()).as("body of " + n + " bytes").isEqualTo(pattern(n));
            }
            c.send("HEAD /bytes?n=100 HTTP/1.1\r\nHost: localhost\r\n\r\n");
            RawHttpClient.Response head = c.read(true);
            assertThat(head.header("Content-Length")).contains("100");
            assertThat(c.send(get("/hello")).read().text())
                    .as("nothing of the HEAD's body was sent")
                    .isEqualTo("Hello, World!");
        }
    }

    @Test
    void thousandsOfPipelinedRequestsToAClientThatReadsLateAllArriveWholeAndInOrder() throws Exception {
        // The answers (about 150 bytes each, 450 KB in all) fill a small receive window long before the client
        // reads: the server's writes come back short (measured: dozens of times in this test) and must resume
        // where they stopped.
        answersToAStalledClientArriveInOrder(
                3_000,
                i -> get("/api/" + i),
                (i, answer) -> assertThat(answer.text()).isEqualTo("api /api/" + i));
    }

    @Test
    void pipelinedAnswersOfSeveralKilobytesToAStalledClientArriveWhole() throws Exception {
        // 2.5 MB of answers: the write queue fills, writes stall and resume, and every answer must still arrive
        // byte for byte.
        answersToAStalledClientArriveInOrder(
                600,
                i -> get("/bytes?n=" + (4000 + i)),
                (i, answer) -> assertThat(answer.body()).as("answer " + i).isEqualTo(pattern(4000 + i)));
    }

    @Test
    void bodiesLargerThanTheSocketTakesResumeMidChunkAtTheExactByte() throws Exception {
        // 10 MB in bodies of about 100 KB, each one chunk: more than the socket buffers hold (the kernel's send
        // buffer grows to 4 MB at most), so writes stop in the middle of a chunk and the next one must start at the
        // first byte not yet written.
        answersToAStalledClientArriveInOrder(
                100,
                i -> get("/bytes?n=" + (100_000 + i)),
                (i, answer) -> assertThat(answer.body()).as("answer " + i).isEqualTo(pattern(100_000 + i)));
    }

    /**
     * Pipelines {@code count} requests from a client with a small receive window, reads nothing until the
     * connection's write queue has filled (its socket writes had stalled), then checks every answer in order.
     */
    private void answersToAStalledClientArriveInOrder(
            int count,
            java.util.function.IntFunction<String> request,
            java.util.function.BiConsumer<Integer, RawHttpClient.Response> check)
            throws Exception {
        StringBuilder pipelined = new StringBuilder();
        for (int i = 0; i < count; i++) {
            pipelined.append(request.apply(i));
        }
        try (RawHttpClient c = new RawHttpClient(server.port(), 4096)) {
            // Sent from another thread: the server stops reading once its answers back up, which blocks the sender.
            Thread writer = new Thread(() -> {
                try {
                    c.send(pipelined.toString());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            writer.start();
            Conditions.await(
                    "the write queue filled",
                    () -> server.connections().stream().anyMatch(conn -> conn.peakBufferedBytes() >= 64 * 1024));
            for (int i = 0; i < count; i++) {
                check.accept(i, c.read());
            }
            writer.join(10_000);
            assertThat(writer.isAlive()).isFalse();
        }
    }

    @Test
    void closesAfterConnectionCloseAndAfterHttp10WithoutKeepAlive() throws Exception {
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            RawHttpClient.Response r = c.send("GET /hello HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
                    .read();
            assertThat(r.header("Connection")).contains("close");
            assertThat(c.closedByServer()).isTrue();
        }
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            c.send("GET /hello HTTP/1.0\r\n\r\n").read();
            assertThat(c.closedByServer()).isTrue();
        }
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            RawHttpClient.Response r = c.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                    .read();
            assertThat(r.header("Connection")).contains("keep-alive");
            assertThat(c.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                            .read()
                            .status())
                    .isEqualTo(200);
        }
    }

    @Test
    void eachConnectionIsOneGraphOfItsTcpConnectionParserAndRequestHandler() throws Exception {
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            assertThat(c.send(get("/hello")).read().status()).isEqualTo(200);
            ConnectionSnapshot open = server.connections().get(0);
            assertThat(open.requestsServed()).isEqualTo(1);
            assertThat(open.activity()).isEqualTo("idle");
            org.kamaelia.http.component.GraphDescription graph = server.describeConnection(open.id());
            List<ComponentDescription> parts = graph.components();
            assertThat(parts)
                    .extracting(ComponentDescription::name)
                    .startsWith("Connection#" + open.id(), "TcpConnection#" + open.id());
            long graphId = parts.get(0).id();
            java.util.Map<String, Long> ids = new java.util.HashMap<>();
            for (ComponentDescription part : parts.subList(1, parts.size())) {
                assertThat(part.parentId()).isEqualTo(graphId);
                ids.put(part.type().substring(part.type().lastIndexOf('.') + 1), part.id());
            }
            assertThat(ids).containsOnlyKeys("TcpConnection", "HttpParser", "HttpRequestHandler");
            long tcp = ids.get("TcpConnection");
            long parser = ids.get("HttpParser");
            long handler = ids.get("HttpRequestHandler");
            Linkage.Kind link = Linkage.Kind.LINK;
            assertThat(graph.linkages())
                    .contains(
                            // data
                            new LinkageDescription(tcp, "outbox", parser, "inbox", link),
                            new LinkageDescription(parser, "outbox", handler, "inbox", link),
                            new LinkageDescription(handler, "outbox", tcp, "inbox", link),
                            // control
                            new LinkageDescription(tcp, "signal", parser, "control", link),
                            new LinkageDescription(parser, "signal", handler, "control", link),
                            new LinkageDescription(handler, "signal", tcp, "control", link));
        }
    }

    @Test
    void aClientThatAskedForTheCloseAndSentNothingMoreIsClosedWithoutLingering() throws Exception {
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            RawHttpClient.Response r = c.send("GET /hello HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
                    .read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(c.closedByServer()).isTrue();
            // The client still holds its end open: a lingering server would wait for its FIN, or two seconds.
            Conditions.await(
                    "the server closed without waiting for the client",
                    Duration.ofMillis(1500),
                    () -> server.connectionCount() == 0);
            assertThat(closes).containsExactly(CloseReason.SERVER);
        }
    }

    @Test
    void headGetsTheHeadWithoutTheBody() throws Exception {
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            RawHttpClient.Response r =
                    c.send("HEAD /hello HTTP/1.1\r\nHost: h\r\n\r\n").read(true);
            assertThat(r.header("Content-Length")).contains("13");
            // The next response must start right away: no body bytes were sent for HEAD.
            assertThat(c.send(get("/hello")).read().text()).isEqualTo("Hello, World!");
        }
    }

    @Test
    void routesByLongestSegmentPrefixAndAnswers404And405() throws Exception {
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            assertThat(c.send(get("/api/v2/x")).read().text()).isEqualTo("v2 /api/v2/x");
            assertThat(c.send(get("/api/v2x")).read().text()).isEqualTo("api /api/v2x");
            assertThat(c.send(get("/apix")).read().status()).isEqualTo(404);
            RawHttpClient.Response notAllowed =
                    c.send("DELETE /hello HTTP/1.1\r\nHost: h\r\n\r\n").read();
            assertThat(notAllowed.status()).isEqualTo(405);
            assertThat(notAllowed.header("Allow")).contains("GET, HEAD, OPTIONS");
            RawHttpClient.Response options =
                    c.send("OPTIONS /hello HTTP/1.1\r\nHost: h\r\n\r\n").read();
            assertThat(options.status()).isEqualTo(204);
            assertThat(options.header("Allow")).contains("GET, HEAD, OPTIONS");
            RawHttpClient.Response escaped = c.send(get("/%3Cscript%3E")).read();
            assertThat(escaped.status()).isEqualTo(404);
            assertThat(escaped.header("Content-Type")).contains("text/html; charset=utf-8");
            assertThat(escaped.text()).contains("&lt;script&gt;").doesNotContain("<script>");
        }
    }

    @Test
    void badRequestsGetTheirStatusAShortBodyAndAClose() throws Exception {
        String[][] cases = {
            {"GET / HTTP/2.0\r\nHost: h\r\n\r\n", "505"},
            {"GET / HTTP/1.1\r\n\r\n", "400"},
            {"GET / HTTP/1.1\r\nHost: h\r\nFoo : bar\r\n\r\n", "400"},
            {"GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: h\r\n\r\n", "414"},
            {"GET / HTTP/1.1\r\nHost: h\r\nBig: " + "a".repeat(17_000) + "\r\n\r\n", "431"},
            {"POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 2000000\r\n\r\n", "413"},
            {"POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", "501"},
            {"POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", "400"},
            {"FOO / HTTP/1.1\r\nHost: h\r\n\r\n", "501"},
            {"CONNECT h:443 HTTP/1.1\r\nHost: h:443\r\n\r\n", "501"},
        };
        for (String[] testCase : cases) {
            try (RawHttpClient c = new RawHttpClient(server.port())) {
                RawHttpClient.Response r = c.send(testCase[0]).read();
                assertThat(r.status())
                        .as(testCase[0].substring(0, Math.min(40, testCase[0].length())))
                        .isEqualTo(Integer.parseInt(testCase[1]));
                assertThat(r.body().length).isLessThan(400);
                if (!testCase[1].equals("501") || testCase[0].startsWith("POST")) {
                    assertThat(c.closedByServer())
                            .as("closed after " + testCase[1])
                            .isTrue();
                }
            }
        }
        // The server survives all of it.
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            assertThat(c.send(get("/hello")).read().status()).isEqualTo(200);
        }
    }

    @Test
    void echoesARequestBodyInBothFramings() throws Exception {
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            RawHttpClient.Response fixed = c.send(
                            "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Type: text/x-test\r\nContent-Length: 5\r\n\r\nhello")
                    .read();
            assertThat(fixed.text()).isEqualTo("hello");
            assertThat(fixed.header("Content-Type")).contains("text/x-test");
            RawHttpClient.Response chunked = c.send(
                            "POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                                    + "3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n")
                    .read();
            assertThat(chunked.text()).isEqualTo("abcdefg");
        }
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        byte[] big = new byte[300_000];
        new java.util.Random(7).nextBytes(big);
        HttpResponse<byte[]> response = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/echo"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(big))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.body()).isEqualTo(big);
    }

    @Test
    void expectContinueGets100OnlyWhenTheHandlerWantsTheBody() throws Exception {
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            c.send("POST /echo HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
            assertThat(c.line()).isEqualTo("HTTP/1.1 100 Continue");
            assertThat(c.line()).isEmpty();
            c.send("ping");
            assertThat(c.read().text()).isEqualTo("ping");
        }
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            c.send("POST /refuse HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
            RawHttpClient.Response r = c.read();
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.header("Connection")).contains("close");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void aHandlerThatFailsGets500OrACutConnectionNeverAHang() throws Exception {
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            assertThat(c.send(get("/throw")).read().status()).isEqualTo(500);
            assertThat(c.send(get("/silent")).read().status()).isEqualTo(500);
            assertThat(c.send(get("/hello")).read().status()).isEqualTo(200);
        }
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            c.send(get("/throw-late"));
            assertThat(c.line()).isEqualTo("HTTP/1.1 200 OK");
            for (String line; !(line = c.line()).isEmpty(); ) {
                // fields
            }
            assertThat(new String(c.readBytes(100), StandardCharsets.US_ASCII)).isEqualTo("partial");
        }
    }

    @Test
    void aPersistentHandlerServesSuccessiveRequestsOneAtATime() throws Exception {
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            c.send(get("/count") + get("/count") + get("/count"));
            assertThat(c.read().text()).isEqualTo("request 1");
            assertThat(c.read().text()).isEqualTo("request 2");
            assertThat(c.read().text()).isEqualTo("request 3");
        }
        assertThat(counter.get().maxConcurrent).isEqualTo(1);
    }

    @Test
    void aBlockingHandlerReadsAStreamedBody() throws Exception {
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            c.send("POST /blocking HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n");
            c.send("5\r\nhello\r\n");
            c.send("6\r\n world\r\n0\r\n\r\n");
            RawHttpClient.Response r = c.read();
            assertThat(r.text()).isEqualTo("read 11");
            assertThat(c.send(get("/hello")).read().status()).isEqualTo(200);
        }
    }

    @Test
    void clientsThatGoAwayMidResponseLeaveNoHandlerAlive() throws Exception {
        int before = TestHandlers.LIVE.get();
        for (int i = 0; i < 1000; i++) {
            try (RawHttpClient c = new RawHttpClient(server.port())) {
                c.send(get("/ticker"));
                c.line();
                if (i % 2 == 0) {
                    c.socket().setSoLinger(true, 0); // half of them reset, half close politely
                }
            }
        }
        Conditions.await("every ticker finished", Duration.ofSeconds(30), () -> TestHandlers.LIVE.get() == before);
        Conditions.await("every connection closed", Duration.ofSeconds(30), () -> server.connectionCount() == 0);
        List<ComponentDescription> live = server.describeConnection(0).components();
        assertThat(live).noneMatch(d -> d.type().contains("Ticker") || d.type().contains("HttpRequestHandler"));
    }

    @Test
    void cutsOffAClientThatTricklesItsHeaders() throws Exception {
        server.stop(Duration.ofSeconds(1));
        server = builder()
                .timeouts(HttpTimeouts.defaults().withHeader(Duration.ofMillis(500)))
                .start();
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            long start = System.nanoTime();
            boolean cut = false;
            String request = "GET /hello HTTP/1.1\r\nHost: h\r\nX-Slow: " + "a".repeat(200) + "\r\n\r\n";
            try {
                for (int i = 0; i < request.length(); i++) {
                    c.send(request.substring(i, i + 1));
                    java.util.concurrent.locks.LockSupport.parkNanos(20_000_000); // the client's pace
                }
            } catch (IOException e) {
                cut = true;
            }
            if (!cut) {
                RawHttpClient.Response r = c.read();
                assertThat(r.status()).isEqualTo(408);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        }
        Conditions.await("header timeout counted", () -> timeouts.contains(TimeoutKind.HEADER));
        Conditions.await("closed for timeout", () -> closes.contains(CloseReason.TIMEOUT));
    }

    @Test
    void closesIdleKeepAliveConnections() throws Exception {
        server.stop(Duration.ofSeconds(1));
        server = builder()
                .timeouts(HttpTimeouts.defaults().withIdle(Duration.ofMillis(300)))
                .start();
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            assertThat(c.send(get("/hello")).read().status()).isEqualTo(200);
            assertThat(c.closedByServer()).isTrue();
        }
        Conditions.await("idle timeout counted", () -> timeouts.contains(TimeoutKind.IDLE));
    }

    @Test
    void gracefulStopLetsTheResponseInFlightFinish() throws Exception {
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            c.send(get("/stream?parts=50&size=10000"));
            assertThat(c.line()).isEqualTo("HTTP/1.1 200 OK");
            java.util.concurrent.CompletableFuture<Void> stopping = server.stopAsync(Duration.ofSeconds(10));
            for (String line; !(line = c.line()).isEmpty(); ) {
                // fields
            }
            long total = 0;
            while (true) {
                int n = Integer.parseInt(c.line(), 16);
                if (n == 0) {
                    break;
                }
                total += c.readBytes(n).length;
                c.line();
            }
            assertThat(total).isEqualTo(500_000);
            stopping.get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
