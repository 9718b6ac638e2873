package org.kamaelia.http.compress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kamaelia.http.component.Conditions;
import org.kamaelia.http.handler.HandlerComponent;
import org.kamaelia.http.handler.Handlers;
import org.kamaelia.http.handler.HttpResponse;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.EndOfResponse;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.ResponseHead;
import org.kamaelia.http.resource.EventStreamHandler;
import org.kamaelia.http.resource.ServerSentEvent;
import org.kamaelia.http.resource.StaticFiles;
import org.kamaelia.http.server.HttpServer;

/** Compressed responses as real clients get them over real sockets, in each framing and HTTP version. */
@Timeout(60)
class CompressionIT {
    /** A JSON-like body of 300 KB, the same every run. */
    static final byte[] BODY = json(300_000);

    @TempDir
    static Path files;

    private final CompletableFuture<Events> events = new CompletableFuture<>();
    private HttpServer server;

    static byte[] json(int size) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; out.length() < size; i++) {
            out.append("{\"id\":")
                    .append(i)
                    .append(",\"name\":\"item ")
                    .append(i * 7919 % 10007)
                    .append("\",\"tags\":[\"a\",\"b\"],\"price\":")
                    .append(i % 97)
                    .append(".5},");
        }
        return out.substring(0, size).getBytes(StandardCharsets.UTF_8);
    }

    /** Sends its head, then one slice of the body per timer tick: never a whole batch, so never a length. */
    static final class Trickle extends HandlerComponent {
        private int at = -1;

        @Override
        protected void react() {
            if (inbox.poll() instanceof RequestHead) {
                outbox.send(ResponseHead.status(200)
                        .header("Content-Type", "application/json")
                        .build());
                at = 0;
                runAfter(Duration.ofMillis(1), this::next);
            }
            inbox.clear();
        }

        private void next() {
            if (at >= BODY.length) {
                return;
            }
            if (outbox.hasRoom()) {
                int to = Math.min(BODY.length, at + 16 * 1024);
                outbox.send(ByteChunk.wrap(BODY, at, to - at));
                at = to;
                if (at == BODY.length) {
                    outbox.sendCompleting(EndOfResponse.INSTANCE);
                    return;
                }
            }
            runAfter(Duration.ofMillis(1), this::next);
        }
    }

    /** Sends head (no length), the whole body and the end in one reaction: a whole first batch. */
    static final class Unsized extends HandlerComponent {
        private final String type;

        Unsized(String type) {
            this.type = type;
        }

        @Override
        protected void react() {
            if (inbox.poll() instanceof RequestHead) {
                outbox.send(
                        ResponseHead.status(200).header("Content-Type", type).build());
                outbox.sendCompleting(ByteChunk.wrap(BODY));
                outbox.sendCompleting(EndOfResponse.INSTANCE);
            }
            inbox.clear();
        }
    }

    /** An event stream whose events after the first are sent when the test says so. */
    static final class Events extends EventStreamHandler {
        private final CompletableFuture<Events> opened;

        Events(CompletableFuture<Events> opened) {
            super(Duration.ofMinutes(5));
            this.opened = opened;
        }

        @Override
        protected void opened(Optional<String> lastEventId) {
            send(ServerSentEvent.of("event 1").withId("1"));
            opened.complete(this);
        }

        /** Sends one event; safe from the test thread. */
        void emit(String data) {
            runOnLoop(() -> send(ServerSentEvent.of(data)));
        }
    }

    @BeforeEach
    void start() throws IOException {
        Files.write(files.resolve("page.html"), BODY);
        Files.write(files.resolve("packed.js"), BODY);
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(packed)) {
            gzip.write(BODY);
        }
        Files.write(files.resolve("packed.js.gz"), packed.toByteArray());
        server = HttpServer.builder()
                .port(0)
                .eventLoops(1)
                .compression(Compression.defaults()
                        .withCodings(List.of(ContentCoding.ZSTD, ContentCoding.GZIP, ContentCoding.DEFLATE))
                        .withMimeTypes(
                                List.of("text/html", "application/json", "text/javascript", "text/event-stream")))
                .route("/whole", Handlers.function(request -> HttpResponse.bytes(200, "application/json", BODY)))
                .route("/trickle", head -> new Trickle())
                .route(
                        "/unsized",
                        head -> new Unsized(head.target().queryParameter("type").orElseThrow()))
                .route("/events", head -> new Events(events))
                .route(
                        "/files",
                        StaticFiles.directory(files).mountedAt("/files").build())
                .start();
    }

    @AfterEach
    void stop() {
        server.stop(Duration.ofSeconds(2));
    }

    // ----- a small raw HTTP/1.x client ------------------------------------------------------------------

    /** What came back: status, fields (lower-case names), the framing seen on the wire, and the body as sent. */
    record Answer(int status, Map<String, String> fields, String framing, byte[] body) {
        String field(String name) {
            return fields.get(name.toLowerCase(Locale.ROOT));
        }

        byte[] decoded() throws IOException {
            String coding = field("content-encoding");
            return coding == null ? body : Decoders.decode(ContentCoding.named(coding), body);
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 5000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder out = new StringBuilder();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new IOException("connection closed in a line: " + out);
            }
            out.append((char) b);
        }
        return out.toString().stripTrailing();
    }

    static Answer read(InputStream in, boolean head) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> fields = new LinkedHashMap<>();
        for (String l; !(l = line(in)).isEmpty(); ) {
            int colon = l.indexOf(':');
            fields.merge(
                    l.substring(0, colon).toLowerCase(Locale.ROOT),
                    l.substring(colon + 1).trim(),
                    (a, b) -> a + ", " + b);
        }
        if (head) {
            return new Answer(status, fields, "none", new byte[0]);
        }
        if (fields.containsKey("content-length")) {
            return new Answer(status, fields, "length", in.readNBytes(Integer.parseInt(fields.get("content-length"))));
        }
        if ("chunked".equals(fields.get("transfer-encoding"))) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int size; (size = Integer.parseInt(line(in), 16)) > 0; ) {
                body.write(in.readNBytes(size));
                line(in);
            }
            line(in);
            return new Answer(status, fields, "chunked", body.toByteArray());
        }
        return new Answer(status, fields, "close", in.readAllBytes());
    }

    private Answer exchange(String request) throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return read(socket.getInputStream(), request.startsWith("HEAD"));
        }
    }

    private static String get(String path, String version, String acceptEncoding) {
        return "GET " + path + " " + version + "\r\nHost: h\r\n"
                + (acceptEncoding == null ? "" : "Accept-Encoding: " + acceptEncoding + "\r\n")
                + (version.equals("HTTP/1.1") ? "Connection: close\r\n" : "") + "\r\n";
    }

    // ----- the tests ------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} over {1} with {2}: {3}")
    @CsvSource({
        "/whole,   HTTP/1.1, gzip,    length",
        "/whole,   HTTP/1.0, gzip,    length",
        "/trickle, HTTP/1.1, gzip,    chunked",
        "/trickle, HTTP/1.0, gzip,    close",
        "/whole,   HTTP/1.1, deflate, length",
        "/trickle, HTTP/1.1, deflate, chunked",
        "/trickle, HTTP/1.0, deflate, close",
        "/whole,   HTTP/1.1, zstd,    length",
        "/whole,   HTTP/1.0, zstd,    length",
        "/trickle, HTTP/1.1, zstd,    chunked",
        "/trickle, HTTP/1.0, zstd,    close"
    })
    void eachFramingDecodesToTheSameBytes(String path, String version, String coding, String framing)
            throws IOException {
        Answer answer = exchange(get(path, version, coding));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.field("Content-Encoding")).isEqualTo(coding);
        assertThat(answer.field("Vary")).isEqualTo("Accept-Encoding");
        assertThat(answer.framing()).isEqualTo(framing);
        assertThat(answer.body().length).isLessThan(BODY.length / 3);
        assertThat(answer.decoded()).isEqualTo(BODY);
    }

    @ParameterizedTest(name = "{0} asking for {1}: {2}")
    @CsvSource({
        "application/json,         gzip,     gzip",
        "application/json,         identity, ",
        "application/octet-stream, gzip,     "
    })
    void aWholeFirstBatchKeepsItsLengthCompressedOrNot(String type, String accept, String coding) throws IOException {
        Answer answer = exchange(get("/unsized?type=" + type, "HTTP/1.1", accept));
        assertThat(answer.framing()).isEqualTo("length");
        assertThat(answer.field("Content-Encoding")).isEqualTo(coding);
        assertThat(answer.decoded()).isEqualTo(BODY);
    }

    @Test
    void keepAliveConnectionsCompressEachResponse() throws IOException {
        try (Socket socket = connect()) {
            String request = "GET /whole HTTP/1.1\r\nHost: h\r\nAccept-Encoding: gzip\r\n\r\n";
            socket.getOutputStream()
                    .write((request
                                    + request.replace("gzip", "deflate")
                                    + request.replace("gzip", "zstd")
                                    + get("/trickle", "HTTP/1.1", "gzip"))
                            .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            for (String coding : List.of("gzip", "deflate", "zstd", "gzip")) {
                Answer answer = read(in, false);
                assertThat(answer.field("Content-Encoding")).isEqualTo(coding);
                assertThat(answer.decoded()).isEqualTo(BODY);
            }
        }
    }

    @Test
    void clientsThatAskForNothingGetThePlainBodyWithVary() throws IOException {
        Answer answer = exchange(get("/whole", "HTTP/1.1", null));
        assertThat(answer.field("Content-Encoding")).isNull();
        assertThat(answer.field("Vary")).isEqualTo("Accept-Encoding");
        assertThat(answer.field("Content-Length")).isEqualTo(Integer.toString(BODY.length));
        assertThat(answer.body()).isEqualTo(BODY);
    }

    @Test
    void aClientThatAsksForNothingGetsVaryFromTheEngineInEveryFraming() throws IOException {
        // a whole body without a declared length: the engine measures it and gives it one, Vary added
        Answer unsized = exchange(get("/unsized?type=text/html", "HTTP/1.1", null));
        assertThat(unsized.field("Content-Length")).isEqualTo(Integer.toString(BODY.length));
        assertThat(unsized.field("Vary")).isEqualTo("Accept-Encoding");
        assertThat(unsized.body()).isEqualTo(BODY);
        // a stream: chunked on HTTP/1.1, close-delimited on HTTP/1.0, plain and with Vary in both
        Answer chunked = exchange(get("/trickle", "HTTP/1.1", null));
        assertThat(chunked.framing()).isEqualTo("chunked");
        assertThat(chunked.field("Vary")).isEqualTo("Accept-Encoding");
        assertThat(chunked.field("Content-Encoding")).isNull();
        Answer closed = exchange(get("/trickle", "HTTP/1.0", null));
        assertThat(closed.field("Vary")).isEqualTo("Accept-Encoding");
        assertThat(closed.body()).isEqualTo(chunked.body());
        // a type that is never compressed gets no Vary
        Answer image = exchange(get("/unsized?type=image/png", "HTTP/1.1", null));
        assertThat(image.field("Vary")).isNull();
    }

    @Test
    void theJdkClientDecodesIt() throws Exception {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        var response = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/trickle"))
                        .header("Accept-Encoding", "gzip")
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                BodyHandlers.ofByteArray());
        assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(Decoders.decode(ContentCoding.GZIP, response.body())).isEqualTo(BODY);
    }

    @Test
    void curlDecodesIt() throws Exception {
        Path out = files.resolve("curl.out");
        Process curl = new ProcessBuilder(
                        "curl",
                        "-sS",
                        "--max-time",
                        "10",
                        "--compressed",
                        "-D",
                        "-",
                        "-o",
                        out.toString(),
                        "http://127.0.0.1:" + server.port() + "/whole")
                .redirectErrorStream(true)
                .start();
        String headers = new String(curl.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertThat(curl.waitFor(15, TimeUnit.SECONDS)).isTrue();
        assertThat(curl.exitValue()).as(headers).isZero();
        // --compressed asks for every coding this curl decodes, all with the same weight: the server's order decides
        String expected = curlDecodesZstd() ? "zstd" : "gzip";
        assertThat(headers.toLowerCase(Locale.ROOT)).contains("content-encoding: " + expected);
        assertThat(Files.readAllBytes(out)).isEqualTo(BODY);
    }

    /** Whether this machine's curl was built with zstd (its {@code -V} features list it). */
    private static boolean curlDecodesZstd() throws Exception {
        Process version =
                new ProcessBuilder("curl", "-V").redirectErrorStream(true).start();
        String text = new String(version.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertThat(version.waitFor(15, TimeUnit.SECONDS)).isTrue();
        return text.lines().anyMatch(l -> l.startsWith("Features:") && l.contains(" zstd"));
    }

    @ParameterizedTest(name = "Accept-Encoding: {0} -> {1}")
    @CsvSource({
        "'gzip, zstd',               zstd", // equal weights: the server's order (zstd listed first)
        "'zstd;q=0.5, gzip',         gzip",
        "'zstd;q=0, gzip;q=0.1',     gzip",
        "'deflate;q=1, zstd;q=0.9',  deflate"
    })
    void qValuesChooseTheCodingAndTheServersOrderBreaksTies(String accept, String coding) throws IOException {
        Answer answer = exchange(get("/whole", "HTTP/1.1", accept));
        assertThat(answer.field("Content-Encoding")).isEqualTo(coding);
        assertThat(answer.decoded()).isEqualTo(BODY);
    }

    @Test
    void staticFilesAreCompressedOnTheFlyWithAWeakTag() throws IOException {
        Answer plain = exchange(get("/files/page.html", "HTTP/1.1", null));
        Answer coded = exchange(get("/files/page.html", "HTTP/1.1", "gzip"));
        assertThat(plain.field("ETag")).startsWith("\"");
        assertThat(coded.field("ETag")).isEqualTo("W/" + plain.field("ETag"));
        assertThat(coded.field("Content-Encoding")).isEqualTo("gzip");
        assertThat(coded.field("Accept-Ranges")).isNull();
        assertThat(coded.decoded()).isEqualTo(BODY);
        // the weak tag still validates the cached coded copy (weak comparison, RFC 9110 13.1.2)
        Answer revalidated = exchange("GET /files/page.html HTTP/1.1\r\nHost: h\r\nAccept-Encoding: gzip\r\n"
                + "If-None-Match: " + coded.field("ETag") + "\r\nConnection: close\r\n\r\n");
        assertThat(revalidated.status()).isEqualTo(304);
    }

    @Test
    void aPrecompressedVariantKeepsPrecedence() throws IOException {
        Answer answer = exchange(get("/files/packed.js", "HTTP/1.1", "gzip, deflate"));
        assertThat(answer.field("Content-Encoding")).isEqualTo("gzip");
        assertThat(answer.body()).isEqualTo(Files.readAllBytes(files.resolve("packed.js.gz")));
        assertThat(answer.field("Vary")).isEqualTo("Accept-Encoding");
        // a client that takes only deflate gets the plain file compressed here, with deflate
        Answer deflated = exchange(get("/files/packed.js", "HTTP/1.1", "deflate"));
        assertThat(deflated.field("Content-Encoding")).isEqualTo("deflate");
        assertThat(deflated.field("Vary")).isEqualTo("Accept-Encoding");
        assertThat(deflated.decoded()).isEqualTo(BODY);
    }

    @Test
    void rangesAndHeadAreNotCompressed() throws IOException {
        Answer range = exchange("GET /files/page.html HTTP/1.1\r\nHost: h\r\nAccept-Encoding: gzip\r\n"
                + "Range: bytes=0-99\r\nConnection: close\r\n\r\n");
        assertThat(range.status()).isEqualTo(206);
        assertThat(range.field("Content-Encoding")).isNull();
        assertThat(range.body()).isEqualTo(java.util.Arrays.copyOf(BODY, 100));
        Answer head = exchange(
                "HEAD /files/page.html HTTP/1.1\r\nHost: h\r\nAccept-Encoding: gzip\r\n" + "Connection: close\r\n\r\n");
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.field("Content-Encoding")).isNull();
        assertThat(head.field("Content-Length")).isEqualTo(Integer.toString(BODY.length));
        assertThat(head.field("Vary")).isEqualTo("Accept-Encoding");
    }

    @Test
    void eachServerSentEventReachesTheClientBeforeTheNextIsSent() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(get("/events", "HTTP/1.1", "gzip").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            Answer head = read(in, true);
            assertThat(head.field("Content-Encoding")).isEqualTo("gzip");
            assertThat(head.field("Content-Type")).isEqualTo("text/event-stream");
            assertThat(head.field("Content-Length")).isNull();
            Events handler = events.get(10, TimeUnit.SECONDS);
            Inflater inflater = new Inflater(true);
            try {
                byte[] header = in.readNBytes(10);
                assertThat(header[0] & 0xff).isEqualTo(0x1f);
                assertThat(header[1] & 0xff).isEqualTo(0x8b);
                // Event 2 is sent only once event 1 has been read: a sync flush per event, or this hangs.
                assertThat(inflateUntil(in, inflater, "\n\n")).isEqualTo("id: 1\ndata: event 1\n\n");
                handler.emit("event 2");
                assertThat(inflateUntil(in, inflater, "\n\n")).isEqualTo("data: event 2\n\n");
                handler.emit("event 3");
                assertThat(inflateUntil(in, inflater, "\n\n")).isEqualTo("data: event 3\n\n");
            } finally {
                inflater.end();
            }
        }
    }

    @Test
    void eachServerSentEventReachesAZstdClientBeforeTheNextIsSent() throws Exception {
        try (Socket socket = connect();
                Decoders.ZstdStream client = new Decoders.ZstdStream()) {
            socket.getOutputStream().write(get("/events", "HTTP/1.1", "zstd").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            Answer head = read(in, true);
            assertThat(head.field("Content-Encoding")).isEqualTo("zstd");
            assertThat(head.field("Content-Length")).isNull();
            Events handler = events.get(10, TimeUnit.SECONDS);
            // Event 2 is sent only once event 1 has been decoded: a zstd flush per event, or this hangs.
            assertThat(unzstdUntil(in, client, "\n\n")).isEqualTo("id: 1\ndata: event 1\n\n");
            handler.emit("event 2");
            assertThat(unzstdUntil(in, client, "\n\n")).isEqualTo("data: event 2\n\n");
            handler.emit("event 3");
            assertThat(unzstdUntil(in, client, "\n\n")).isEqualTo("data: event 3\n\n");
        }
    }

    /** Reads coded bytes as they come until the text decoded so far ends with marker. */
    private static String unzstdUntil(InputStream in, Decoders.ZstdStream client, String marker) throws IOException {
        StringBuilder text = new StringBuilder();
        byte[] coded = new byte[4096];
        while (!text.toString().endsWith(marker)) {
            int read = in.read(coded); // bounded by the socket's timeout
            if (read < 0) {
                throw new IOException("closed after " + text);
            }
            text.append(new String(client.feed(coded, 0, read), StandardCharsets.UTF_8));
        }
        return text.toString();
    }

    /** Reads coded bytes as they come (endless stream: close-delimited) until the text decoded ends with marker. */
    private static String inflateUntil(InputStream in, Inflater inflater, String marker) throws Exception {
        StringBuilder text = new StringBuilder();
        byte[] coded = new byte[4096];
        byte[] plain = new byte[4096];
        while (!text.toString().endsWith(marker)) {
            int n = inflater.inflate(plain);
            if (n > 0) {
                text.append(new String(plain, 0, n, StandardCharsets.UTF_8));
                continue;
            }
            int read = in.read(coded); // bounded by the socket's timeout
            if (read < 0) {
                throw new IOException("closed after " + text);
            }
            inflater.setInput(coded, 0, read);
        }
        return text.toString();
    }

    @Test
    void aCutExchangeEndsItsDeflater() throws Exception {
        long before = BodyDeflater.live();
        try (Socket socket = connect()) {
            socket.getOutputStream().write(get("/events", "HTTP/1.1", "gzip").getBytes(StandardCharsets.US_ASCII));
            assertThat(read(socket.getInputStream(), true).field("Content-Encoding"))
                    .isEqualTo("gzip");
            events.get(10, TimeUnit.SECONDS);
            assertThat(BodyDeflater.live()).isGreaterThan(before);
            socket.setSoLinger(true, 0); // close with a reset: the client is gone, not just done sending
        }
        // The client went away in the middle of an endless body: the connection finishes its handler.
        Conditions.await("the cut exchange's deflater ended", () -> BodyDeflater.live() <= before);
        List<Integer> statuses = new ArrayList<>();
        statuses.add(exchange(get("/whole", "HTTP/1.1", "gzip")).status()); // and the server goes on serving
        assertThat(statuses).containsExactly(200);
    }

    @Test
    void aCutZstdExchangeEndsItsContext() throws Exception {
        long before = ZstdBodyEncoder.live();
        try (Socket socket = connect()) {
            socket.getOutputStream().write(get("/events", "HTTP/1.1", "zstd").getBytes(StandardCharsets.US_ASCII));
            assertThat(read(socket.getInputStream(), true).field("Content-Encoding"))
                    .isEqualTo("zstd");
            events.get(10, TimeUnit.SECONDS);
            assertThat(ZstdBodyEncoder.live()).isGreaterThan(before);
            socket.setSoLinger(true, 0); // a reset in the middle of an endless body
        }
        Conditions.await("the cut exchange's zstd context ended", () -> ZstdBodyEncoder.live() <= before);
        assertThat(exchange(get("/whole", "HTTP/1.1", "zstd")).decoded()).isEqualTo(BODY);
    }

    @Test
    void aZstdStreamOpenWhenTheServerStopsEndsItsContext() throws Exception {
        long before = ZstdBodyEncoder.live();
        try (Socket socket = connect()) {
            socket.getOutputStream().write(get("/events", "HTTP/1.1", "zstd").getBytes(StandardCharsets.US_ASCII));
            assertThat(read(socket.getInputStream(), true).field("Content-Encoding"))
                    .isEqualTo("zstd");
            events.get(10, TimeUnit.SECONDS);
            assertThat(ZstdBodyEncoder.live()).isGreaterThan(before);
            server.stop(Duration.ofMillis(200)); // the server closes the connection under the open stream
            Conditions.await("the closed connection's zstd context ended", () -> ZstdBodyEncoder.live() <= before);
        }
    }
}
