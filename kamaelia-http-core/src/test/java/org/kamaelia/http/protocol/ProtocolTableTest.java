package org.kamaelia.http.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kamaelia.http.codec.request.DecoderLimits;
import org.kamaelia.http.codec.response.DateCache;
import org.kamaelia.http.codec.response.ResponseEncoder;
import org.kamaelia.http.component.ComponentHarness;
import org.kamaelia.http.component.ProducerFinished;
import org.kamaelia.http.component.ShutdownRequested;
import org.kamaelia.http.component.Signal;
import org.kamaelia.http.handler.HandlerComponent;
import org.kamaelia.http.handler.Handlers;
import org.kamaelia.http.handler.HttpResponse;
import org.kamaelia.http.handler.KeepAlive;
import org.kamaelia.http.handler.RequestHandlerFactory;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.EndOfResponse;
import org.kamaelia.http.message.HttpTimeouts;
import org.kamaelia.http.message.ResponseHead;
import org.kamaelia.http.net.ConnectionInfo;
import org.kamaelia.http.net.MinimumDataRate;
import org.kamaelia.http.net.ProtocolComponent;
import org.kamaelia.http.observe.HttpObserver;

/**
 * The protocol's behaviour as tables: raw request bytes go into one connection's whole protocol graph (parser,
 * request handler, response generator, handler components) on a deterministic loop, with no socket, and the table
 * says which statuses come back, how each response is framed, and whether the connection is kept.
 *
 * <p>Socket ITs keep what only a socket shows (half-closes, resets, slow peers, descriptors); the rules of the
 * protocol are here, where a row fails on its own and runs in microseconds.
 */
class ProtocolTableTest {
    private static final DateCache FIXED_DATE =
            new DateCache(Clock.fixed(Instant.parse("2026-12-03T12:00:00Z"), ZoneOffset.UTC));
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3}) [^\\r\\n]*\\r\\n");

    /** What a connection did with its input: the responses' statuses and framings, and how it ended. */
    record Outcome(List<String> responses, String connection) {}

    /** {@code /stream} answers with a head of unknown length and its body in two later reactions. */
    private static final RequestHandlerFactory HANDLERS = head -> switch (head.path()) {
        case "/stream" -> new TwoPartStream();
        case "/endless" -> new TwoPartStream(true);
        case "/empty" -> Handlers.fixed(HttpResponse.empty(204));
        default ->
            Handlers.function(r -> HttpResponse.text(200, "ok:" + r.bodyText())).create(head);
    };

    static Stream<Arguments> rows() {
        return Stream.of(
                // framing chosen from the first response part and the client's version
                row("GET / HTTP/1.1\r\nHost: h\r\n\r\n", "keep", "200 length"),
                row("GET / HTTP/1.0\r\n\r\n", "close", "200 length"),
                row("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", "keep", "200 length"),
                row("GET /stream HTTP/1.1\r\nHost: h\r\n\r\n", "keep", "200 chunked"),
                row("GET /stream HTTP/1.0\r\n\r\n", "close", "200 close-delimited"),
                row("GET /stream HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", "close", "200 close-delimited"),
                row("GET /endless HTTP/1.1\r\nHost: h\r\n\r\n", "close", "200 close-delimited"),
                row("HEAD / HTTP/1.1\r\nHost: h\r\n\r\n", "keep", "200 head-only"),
                row("GET /empty HTTP/1.1\r\nHost: h\r\n\r\n", "keep", "204 no-body"),
                row("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n", "close", "200 length"),
                // pipelined requests are answered in order on one connection
                row(
                        "GET / HTTP/1.1\r\nHost: h\r\n\r\nGET /stream HTTP/1.1\r\nHost: h\r\n\r\n"
                                + "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nhi",
                        "keep",
                        "200 length",
                        "200 chunked",
                        "200 length"),
                row(
                        "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n",
                        "keep",
                        "200 length"),
                // rejected requests: the status of docs/conformance.md, and the connection closed after it
                row("GET  / HTTP/1.1\r\nHost: h\r\n\r\n", "close", "400 length"),
                row("GET / HTTP/2.0\r\nHost: h\r\n\r\n", "close", "505 length"),
                row("GET / HTTP/1.1\r\n\r\n", "close", "400 length"),
                row("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", "close", "400 length"),
                row("GET / HTTP/1.1\r\nHost : h\r\n\r\n", "close", "400 length"),
                row("GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n  b\r\n\r\n", "close", "400 length"),
                row(
                        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n",
                        "close",
                        "400 length"),
                row("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", "close", "501 length"),
                row("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1, 2\r\n\r\n", "close", "400 length"),
                row("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "close", "400 length"),
                row("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999\r\n\r\n", "close", "413 length"),
                row("GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: h\r\n\r\n", "close", "414 length"),
                row("GET / HTTP/1.1\r\nHost: h\r\nX: " + "v".repeat(17_000) + "\r\n\r\n", "close", "431 length"),
                row("GET /%zz HTTP/1.1\r\nHost: h\r\n\r\n", "close", "400 length"),
                row("GET /../x HTTP/1.1\r\nHost: h\r\n\r\n", "close", "400 length"),
                // refused before any handler, with framing still trusted: answered, and the connection kept
                row("BREW / HTTP/1.1\r\nHost: h\r\n\r\n", "keep", "501 length"),
                row("CONNECT h:443 HTTP/1.1\r\nHost: h:443\r\n\r\n", "keep", "501 length"),
                row("GET / HTTP/1.1\r\nHost: h\r\nExpect: teapot\r\n\r\n", "keep", "417 length"),
                row(
                        "BREW / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabcGET / HTTP/1.1\r\nHost: h\r\n\r\n",
                        "keep",
                        "501 length",
                        "200 length"),
                row(
                        "POST / HTTP/1.1\r\nHost: h\r\nExpect: teapot\r\nContent-Length: 3\r\n\r\nabc"
                                + "GET / HTTP/1.1\r\nHost: h\r\n\r\n",
                        "keep",
                        "417 length",
                        "200 length"),
                // lenient on purpose
                row("\r\nGET / HTTP/1.1\nHost: h\n\n", "keep", "200 length"),
                row("GET / HTTP/1.2\r\nHost: h\r\n\r\n", "keep", "200 length"),
                row("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2, 2\r\n\r\nhi", "keep", "200 length"),
                // a request after a rejected one is never read
                row("GET / HTTP/3.0\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n", "close", "505 length"));
    }

    private static Arguments row(String input, String connection, String... responses) {
        String shown = input.length() > 70 ? input.substring(0, 70) + "…" : input;
        return Arguments.of(
                shown.replace("\r", "\\r").replace("\n", "\\n"), input, new Outcome(List.of(responses), connection));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void answersAsTheTableSays(String shown, String input, Outcome expected) {
        assertThat(serve(input)).isEqualTo(expected);
    }

    /** Feeds {@code input} to a fresh connection's protocol graph and reads back what it wrote and signalled. */
    private static Outcome serve(String input) {
        ComponentHarness harness = new ComponentHarness();
        HttpProtocol.Settings settings = new HttpProtocol.Settings(
                HANDLERS,
                DecoderLimits.defaults(),
                HttpTimeouts.defaults(),
                KeepAlive.defaults(),
                new ResponseEncoder(FIXED_DATE, Optional.empty()),
                HttpObserver.NONE,
                MinimumDataRate.NONE);
        ProtocolComponent protocol =
                HttpProtocol.factory(settings).create(new ConnectionInfo(1, null, null, Instant.EPOCH));
        ComponentHarness.Collector<ByteChunk> wire = harness.collect(protocol.outbox, 10_000);
        ComponentHarness.Collector<Signal> signals = harness.collect(protocol.signal);
        harness.start(protocol);
        ComponentHarness.Sender<ByteChunk> peer = harness.senderTo(protocol.inbox);
        peer.outbox.send(ByteChunk.ascii(input));
        for (int i = 0; i < 20; i++) {
            harness.runUntilIdle();
            harness.advance(Duration.ofMillis(1));
        }
        StringBuilder out = new StringBuilder();
        wire.drain().forEach(chunk -> out.append(new String(chunk.toArray(), StandardCharsets.ISO_8859_1)));
        List<Signal> ended = signals.drain();
        boolean closed = ended.stream().anyMatch(s -> s instanceof ProducerFinished || s instanceof ShutdownRequested);
        return new Outcome(describe(out.toString(), closed), closed ? "close" : "keep");
    }

    /** Each response written as its status and framing; what follows a close-delimited head is its body. */
    private static List<String> describe(String written, boolean closed) {
        List<String> responses = new java.util.ArrayList<>();
        int at = 0;
        while (at < written.length()) {
            Matcher status = STATUS_LINE.matcher(written);
            if (!status.find(at) || status.start() != at) {
                responses.add("unparsable: " + written.substring(at));
                break;
            }
            int headEnd = written.indexOf("\r\n\r\n", at) + 4;
            String head = written.substring(at, headEnd).toLowerCase(java.util.Locale.ROOT);
            int code = Integer.parseInt(status.group(1));
            Matcher length = Pattern.compile("\r\ncontent-length: (\\d+)\r\n").matcher(head);
            if (head.contains("\r\ntransfer-encoding: chunked\r\n")) {
                int end = written.indexOf("\r\n0\r\n\r\n", headEnd);
                end = end < 0 ? written.indexOf("0\r\n\r\n", headEnd) : end + 2;
                responses.add(code + " chunked");
                at = end + 5;
            } else if (length.find()) {
                int bodyLength = Integer.parseInt(length.group(1));
                boolean bodyFollows = headEnd + bodyLength <= written.length()
                        && !written.startsWith("HTTP/1.", headEnd)
                        && bodyLength > 0;
                responses.add(code + (bodyFollows ? " length" : " head-only"));
                at = headEnd + (bodyFollows ? bodyLength : 0);
            } else if (code == 204 || code == 304) {
                responses.add(code + " no-body");
                at = headEnd;
            } else {
                responses.add(code + (closed ? " close-delimited" : " unframed"));
                at = written.length();
            }
        }
        return responses;
    }

    /** A response of unknown length (or declared endless) whose body comes in two later reactions. */
    static final class TwoPartStream extends HandlerComponent {
        private final boolean endless;
        private int step;

        TwoPartStream() {
            this(false);
        }

        TwoPartStream(boolean endless) {
            this.endless = endless;
        }

        @Override
        protected void react() {
            inbox.clear();
            switch (step++) {
                case 0 ->
                    outbox.send(
                            endless
                                    ? ResponseHead.status(200).endless().build()
                                    : ResponseHead.status(200).build());
                case 1 -> outbox.send(ByteChunk.utf8("one"));
                case 2 -> outbox.send(ByteChunk.utf8("two"));
                case 3 -> outbox.send(EndOfResponse.INSTANCE);
                default -> {
                    return;
                }
            }
            runAfter(Duration.ofMillis(1), this::wake);
        }
    }
}
