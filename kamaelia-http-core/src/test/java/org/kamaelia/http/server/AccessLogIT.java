package org.kamaelia.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kamaelia.http.component.Conditions;
import org.kamaelia.http.handler.Handlers;
import org.kamaelia.http.observe.HttpObserver;
import org.kamaelia.http.observe.RequestLog;
import org.kamaelia.http.observe.access.AccessLog;
import org.kamaelia.http.observe.access.AccessLogFormat;
import org.kamaelia.http.observe.access.AccessLogSink;
import org.kamaelia.http.observe.access.AccessLogWriter;

/**
 * Access-log lines made by real requests over real sockets, parsed back and compared field by field with what
 * the client sent and received.
 */
@Timeout(60)
class AccessLogIT {
    /** A Combined Log Format line: quoted fields may hold escaped quotes. */
    private static final Pattern COMBINED =
            Pattern.compile("(\\S+) (\\S+) (\\S+) \\[([^\\]]+)\\] \"((?:[^\"\\\\]|\\\\.)*)\""
                    + " (\\d{3}) (\\S+) \"((?:[^\"\\\\]|\\\\.)*)\" \"((?:[^\"\\\\]|\\\\.)*)\"");

    private static final DateTimeFormatter CLF_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    private final AccessLogSink capture = lines::add;
    private final ConcurrentLinkedQueue<RequestLog> reported = new ConcurrentLinkedQueue<>();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(Duration.ofSeconds(1));
        }
    }

    private HttpServer start(AccessLog log) {
        server = HttpServer.builder()
                .port(0)
                .eventLoops(2)
                .accessLog(log)
                .observer(new HttpObserver() {
                    @Override
                    public void requestCompleted(RequestLog request) {
                        reported.add(request);
                    }
                })
                .route(
                        "/hello",
                        Handlers.function(request -> org.kamaelia.http.handler.HttpResponse.text(200, "Hello, World!")),
                        Set.of("GET", "HEAD"))
                .route("/stream", head -> new TestHandlers.Stream(3, 5))
                .start();
        return server;
    }

    @Test
    void writesTheCombinedLogFormatForARequestOfTheJdkClient() throws Exception {
        start(AccessLog.combined().withSink(capture));
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/hello?name=a%20b&x=1"))
                        .header("Referer", "http://example.test/start")
                        .header("User-Agent", "access-log-test/1.0")
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);

        Matcher line = combined(awaitLine());
        Instant after = Instant.now();
        assertThat(line.group(1)).isEqualTo("127.0.0.1");
        assertThat(line.group(2)).isEqualTo("-");
        assertThat(line.group(3)).isEqualTo("-");
        Instant time = ZonedDateTime.parse(line.group(4), CLF_TIME).toInstant();
        assertThat(time).isBetween(before, after);
        assertThat(line.group(5)).isEqualTo("GET /hello?name=a%20b&x=1 HTTP/1.1");
        assertThat(line.group(6)).isEqualTo("200");
        assertThat(reported).hasSize(1);
        assertThat(Long.parseLong(line.group(7))).isEqualTo(reported.peek().bytesOut());
        assertThat(line.group(8)).isEqualTo("http://example.test/start");
        assertThat(line.group(9)).isEqualTo("access-log-test/1.0");
    }

    @Test
    void escapesQuotesBackslashesAndControlCharactersAndWritesDashesForWhatIsMissing() throws Exception {
        start(AccessLog.combined().withSink(capture));
        String agent = "agent \"quoted\" \\back\tslash \u00e9";
        byte[] received = exchange(
                "GET /hello?q=\"x\"\\y HTTP/1.1\r\nHost: h\r\nUser-Agent: " + agent + "\r\nConnection: close\r\n\r\n");
        assertThat(new String(received, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200 ");

        String text = awaitLine();
        assertThat(text)
                .doesNotContain("\t")
                .doesNotContain("\u00e9")
                .contains("\\t")
                .contains("\\xe9");
        Matcher line = combined(text);
        assertThat(unescape(line.group(5))).isEqualTo("GET /hello?q=\"x\"\\y HTTP/1.1");
        assertThat(line.group(6)).isEqualTo("200");
        assertThat(Long.parseLong(line.group(7))).isEqualTo(received.length);
        assertThat(line.group(8)).isEqualTo("-");
        assertThat(unescape(line.group(9))).isEqualTo(agent);
    }

    @Test
    void countsTheBytesOfHeadAndChunkedResponsesAsSent() throws Exception {
        start(AccessLog.pattern("%a|%m|%U|%q|%H|%s|%b|%B|%{framing}x|%{route}x|%{completed}x|%D|%{ms}T|%T")
                .withSink(capture));
        byte[] head = exchange("HEAD /hello HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
        String[] headLine = awaitLine().split("\\|", -1);
        byte[] chunked = exchange("GET /stream?parts=3 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
        String[] chunkedLine = awaitLines(2).get(1).split("\\|", -1);

        String headText = new String(head, StandardCharsets.ISO_8859_1);
        assertThat(headText)
                .startsWith("HTTP/1.1 200 ")
                .contains("Content-Length: 13")
                .endsWith("\r\n\r\n");
        assertThat(headLine).hasSize(14);
        assertThat(List.of(headLine).subList(0, 11))
                .containsExactly(
                        "127.0.0.1",
                        "HEAD",
                        "/hello",
                        "",
                        "HTTP/1.1",
                        "200",
                        String.valueOf(head.length),
                        String.valueOf(head.length),
                        "content-length",
                        "/hello",
                        "true");
        long micros = Long.parseLong(headLine[11]);
        assertThat(micros).isPositive();
        assertThat(Long.parseLong(headLine[12])).isEqualTo(micros / 1000);
        assertThat(headLine[13]).matches("\\d+\\.\\d{3}");

        String chunkedText = new String(chunked, StandardCharsets.ISO_8859_1);
        assertThat(chunkedText).contains("Transfer-Encoding: chunked").endsWith("0\r\n\r\n");
        assertThat(List.of(chunkedLine).subList(0, 11))
                .containsExactly(
                        "127.0.0.1",
                        "GET",
                        "/stream",
                        "?parts=3",
                        "HTTP/1.1",
                        "200",
                        String.valueOf(chunked.length),
                        String.valueOf(chunked.length),
                        "chunked",
                        "/stream",
                        "true");
    }

    @Test
    void logsTheStatusOfARejectedMalformedRequestWithoutARequestLine() throws Exception {
        start(AccessLog.combined().withSink(capture));
        byte[] received = exchange("GET /hello HTTP/1.1\r\nBad Header: x\r\n\r\n");
        String response = new String(received, StandardCharsets.ISO_8859_1);
        assertThat(response).startsWith("HTTP/1.1 400 ");

        Matcher line = combined(awaitLine());
        assertThat(line.group(1)).isEqualTo("127.0.0.1");
        assertThat(line.group(5)).isEqualTo("-");
        assertThat(line.group(6)).isEqualTo("400");
        assertThat(Long.parseLong(line.group(7))).isEqualTo(received.length);
        assertThat(line.group(8)).isEqualTo("-");
        assertThat(line.group(9)).isEqualTo("-");
    }

    @Test
    void writesJsonWithEscapesNullsAndTheTraceIdOfTheHook() throws Exception {
        start(AccessLog.json()
                .withSink(capture)
                .withTraceIds((connection, head) -> head.headers().first("X-Trace")));
        String agent = "json \"agent\" \\ \t\u00e9";
        byte[] first = exchange("GET /hello?a=\"1\" HTTP/1.1\r\nHost: h\r\nUser-Agent: " + agent
                + "\r\nReferer: /from\r\nX-Trace: 4bf92f3577b34da6a3ce929d0e0e4736\r\nConnection: close\r\n\r\n");
        Map<String, Object> line = Json.object(awaitLine());
        byte[] bad = exchange("\u0001\r\n\r\n");
        Map<String, Object> badLine = Json.object(awaitLines(2).get(1));

        assertThat(line.keySet())
                .containsExactly(
                        "time",
                        "client",
                        "method",
                        "target",
                        "version",
                        "status",
                        "bytes",
                        "bytes_received",
                        "duration_us",
                        "referer",
                        "user_agent",
                        "framing",
                        "route",
                        "connection",
                        "completed",
                        "trace_id");
        assertThat(Instant.parse((String) line.get("time"))).isBefore(Instant.now());
        assertThat(line.get("client")).isEqualTo("127.0.0.1");
        assertThat(line.get("method")).isEqualTo("GET");
        assertThat(line.get("target")).isEqualTo("/hello?a=\"1\"");
        assertThat(line.get("version")).isEqualTo("HTTP/1.1");
        assertThat(line.get("status")).isEqualTo(200L);
        assertThat(line.get("bytes")).isEqualTo((long) first.length);
        assertThat(line.get("bytes_received")).isEqualTo(0L);
        assertThat((Long) line.get("duration_us")).isPositive();
        assertThat(line.get("referer")).isEqualTo("/from");
        assertThat(line.get("user_agent")).isEqualTo(agent);
        assertThat(line.get("framing")).isEqualTo("content-length");
        assertThat(line.get("route")).isEqualTo("/hello");
        assertThat(line.get("completed")).isEqualTo(true);
        assertThat(line.get("trace_id")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");

        assertThat(new String(bad, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 400 ");
        assertThat(badLine.get("status")).isEqualTo(400L);
        assertThat(badLine.get("bytes")).isEqualTo((long) bad.length);
        assertThat(badLine.get("method")).isNull();
        assertThat(badLine.get("target")).isNull();
        assertThat(badLine.get("version")).isNull();
        assertThat(badLine.get("user_agent")).isNull();
        assertThat(badLine.get("trace_id")).isNull();
    }

    @Test
    void dropsAndCountsLinesWhenTheQueueIsFullWithoutHoldingUpResponses() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AccessLogSink stuck = line -> {
            writing.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            lines.add(line);
        };
        int capacity = 4;
        start(AccessLog.common().withSink(stuck).withQueueCapacity(capacity));
        AccessLogWriter log = server.accessLog().orElseThrow();
        int requests = 60;
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (int i = 0; i < requests; i++) {
                out.write("GET /hello HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(readResponseWithLength(in)).startsWith("HTTP/1.1 200 ");
                if (i == 0) {
                    assertThat(writing.await(10, TimeUnit.SECONDS))
                            .as("the writer took the first line")
                            .isTrue();
                }
            }
        }
        // Every request was answered while the sink was stuck; the lines that found the queue full were counted.
        Conditions.await("all lines offered", () -> log.written() + log.queued() + log.dropped() + 1 >= requests);
        assertThat(log.dropped()).isGreaterThanOrEqualTo(requests - 1 - capacity - 1);
        release.countDown();
        server.stop(Duration.ofSeconds(5));
        assertThat(log.written() + log.dropped()).isEqualTo(requests);
        assertThat(lines).hasSize((int) log.written());
        assertThat(log.written()).isBetween(2L, (long) capacity + 2);
    }

    @Test
    void writesEveryQueuedLineBeforeTheServerHasStopped() throws Exception {
        List<String> written = new ArrayList<>();
        AccessLogSink slowSink = new AccessLogSink() {
            @Override
            public void write(String line) {
                synchronized (written) {
                    written.add(line);
                }
            }

            @Override
            public void flush() {
                synchronized (written) {
                    written.add("flush");
                }
            }
        };
        start(AccessLog.common().withSink(slowSink));
        for (int i = 0; i < 5; i++) {
            exchange("GET /hello HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
        }
        server.stop(Duration.ofSeconds(5));
        AccessLogWriter log = server.accessLog().orElseThrow();
        synchronized (written) {
            assertThat(written.stream().filter(l -> !l.equals("flush"))).hasSize(5);
            assertThat(written.get(written.size() - 1)).isEqualTo("flush");
        }
        assertThat(log.written()).isEqualTo(5);
        assertThat(log.dropped()).isZero();
        // stopping again, and the log's own close, change nothing
        server.stop(Duration.ofSeconds(1));
        log.close();
        assertThat(log.written()).isEqualTo(5);
    }

    @Test
    void refusesAPatternWithAnUnknownCode() {
        assertThatThrownBy(() -> AccessLog.pattern("%h %Z"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'%Z'")
                .hasMessageContaining("position 3");
        assertThatThrownBy(() -> AccessLogFormat.named("%{nope}x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope");
        assertThat(AccessLogFormat.named(" Combined ")).isSameAs(AccessLogFormat.combined());
        assertThat(AccessLogFormat.named("json")).isSameAs(AccessLogFormat.json());
        assertThat(AccessLogFormat.named("%h %s").toString()).isEqualTo("%h %s");
    }

    // ----- helpers ----------------------------------------------------------------------------------------

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Sends {@code request} (ISO-8859-1) and reads until the server closes. */
    private byte[] exchange(String request) throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return socket.getInputStream().readAllBytes();
        }
    }

    /** Reads one response with a Content-Length body from a kept-alive connection. */
    private static String readResponseWithLength(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed in the head: " + head);
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        Matcher length = Pattern.compile("(?i)content-length: (\\d+)").matcher(text);
        assertThat(length.find()).as("a Content-Length in %s", text).isTrue();
        byte[] body = in.readNBytes(Integer.parseInt(length.group(1)));
        return text + new String(body, StandardCharsets.ISO_8859_1);
    }

    private String awaitLine() {
        return awaitLines(1).get(0);
    }

    private List<String> awaitLines(int count) {
        Conditions.await(count + " access log lines", () -> lines.size() >= count);
        return new ArrayList<>(lines);
    }

    private static Matcher combined(String line) {
        Matcher matcher = COMBINED.matcher(line);
        assertThat(matcher.matches()).as("a Combined Log Format line: %s", line).isTrue();
        return matcher;
    }

    /** Undoes the escaping of logged text: backslash escapes and {@code \xhh}. */
    private static String unescape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char next = text.charAt(++i);
            switch (next) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'x' -> {
                    out.append((char) Integer.parseInt(text.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> out.append(next);
            }
        }
        return out.toString();
    }

    /** Just enough JSON to read one flat object of strings, numbers, booleans and nulls, keeping key order. */
    private static final class Json {
        private final String text;
        private int at;

        private Json(String text) {
            this.text = text;
        }

        static Map<String, Object> object(String text) {
            Json json = new Json(text);
            Map<String, Object> fields = json.readObject();
            assertThat(json.at).as("the whole line is one object: %s", text).isEqualTo(text.length());
            return fields;
        }

        private Map<String, Object> readObject() {
            Map<String, Object> fields = new LinkedHashMap<>();
            expect('{');
            while (true) {
                String name = readString();
                expect(':');
                assertThat(fields.put(name, readValue())).as("%s once", name).isNull();
                char c = text.charAt(at++);
                if (c == '}') {
                    return fields;
                }
                assertThat(c).as("separator at %d of %s", at - 1, text).isEqualTo(',');
            }
        }

        private Object readValue() {
            char c = text.charAt(at);
            if (c == '"') {
                return readString();
            }
            for (String word : List.of("null", "true", "false")) {
                if (text.startsWith(word, at)) {
                    at += word.length();
                    return word.equals("null") ? null : Boolean.valueOf(word);
                }
            }
            int start = at;
            while (at < text.length() && (Character.isDigit(text.charAt(at)) || text.charAt(at) == '-')) {
                at++;
            }
            assertThat(at).as("a value at %d of %s", start, text).isGreaterThan(start);
            return Long.parseLong(text.substring(start, at));
        }

        private String readString() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return out.toString();
                }
                assertThat(c).as("ASCII, no control characters, in %s", text).isBetween(' ', '~');
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char next = text.charAt(at++);
                switch (next) {
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> out.append(next);
                }
            }
        }

        private void expect(char c) {
            assertThat(text.charAt(at)).as("at %d of %s", at, text).isEqualTo(c);
            at++;
        }
    }
}
