package org.kamaelia.http.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kamaelia.http.component.ComponentHarness;
import org.kamaelia.http.component.Signal;
import org.kamaelia.http.http.BodyChunk;
import org.kamaelia.http.http.EndOfResponse;
import org.kamaelia.http.http.HttpTimeouts;
import org.kamaelia.http.http.RequestPart;
import org.kamaelia.http.http.ResponseHead;
import org.kamaelia.http.http.frame.DateCache;
import org.kamaelia.http.http.frame.ResponseEncoder;
import org.kamaelia.http.http.parse.DecoderLimits;
import org.kamaelia.http.http.parse.RequestDecoder;
import org.kamaelia.http.net.ByteChunk;
import org.kamaelia.http.net.ConnectionInfo;
import org.kamaelia.http.observe.HttpObserver;

/** The request handler driven deterministically, with no sockets. */
class HttpRequestHandlerTest {
    private static final DateCache FIXED_DATE =
            new DateCache(Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC));
    private final ComponentHarness harness = new ComponentHarness();

    private final class Fixture {
        final HttpRequestHandler handler;
        final ComponentHarness.Sender<RequestPart> parser;
        final ComponentHarness.Collector<ByteChunk> wire;
        final ComponentHarness.Collector<Signal> connection;

        Fixture(RequestHandlerFactory factory) {
            handler = new HttpRequestHandler(
                    factory,
                    new ResponseEncoder(FIXED_DATE, Optional.empty()),
                    KeepAlive.defaults(),
                    HttpTimeouts.defaults(),
                    HttpObserver.NONE,
                    new ConnectionInfo(1, null, null, Instant.EPOCH));
            wire = harness.collect(handler.outbox);
            connection = harness.collect(handler.signal);
            harness.start(handler);
            parser = harness.senderTo(handler.inbox);
        }

        void request(String raw) {
            RequestDecoder decoder = new RequestDecoder(DecoderLimits.defaults());
            ByteBuffer bytes = ByteBuffer.wrap(raw.getBytes(StandardCharsets.ISO_8859_1));
            for (RequestPart part; (part = decoder.next(bytes)) != null; ) {
                parser.outbox.send(part);
            }
            harness.runUntilIdle();
        }

        String written() {
            StringBuilder out = new StringBuilder();
            for (ByteChunk chunk : wire.drain()) {
                out.append(new String(chunk.toArray(), StandardCharsets.ISO_8859_1));
            }
            return out.toString();
        }
    }

    /** Sends its head in one reaction and its parts in later ones. */
    static final class Slow extends HandlerComponent {
        private int step;

        @Override
        protected void react() {
            inbox.clear();
            switch (step++) {
                case 0 -> outbox.send(ResponseHead.status(200).build());
                case 1 -> outbox.send(BodyChunk.utf8("abc"));
                case 2 -> outbox.send(EndOfResponse.INSTANCE);
                default -> {
                    return;
                }
            }
            runAfter(java.time.Duration.ofMillis(1), this::wake);
        }
    }

    @Test
    void choosesChunkedWhenTheFirstBatchIsIncompleteOnHttp11() {
        Fixture f = new Fixture(head -> new Slow());
        f.request("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        harness.advance(java.time.Duration.ofMillis(5));
        assertThat(f.written())
                .isEqualTo(
                        "HTTP/1.1 200 OK\r\nDate: Sun, 29 Nov 2026 12:00:00 GMT\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + "3\r\nabc\r\n0\r\n\r\n");
        assertThat(f.connection.drain()).isEmpty();
    }

    @Test
    void choosesContentLengthWhenTheWholeBodyIsInTheFirstBatch() {
        Fixture f = new Fixture(Handlers.function(r -> HttpResponse.text(200, "café")));
        f.request("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(f.written())
                .isEqualTo("HTTP/1.1 200 OK\r\nDate: Sun, 29 Nov 2026 12:00:00 GMT\r\n"
                        + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 5\r\n\r\ncafé"
                                .replace(
                                        "café",
                                        new String(
                                                "café".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)));
    }

    @Test
    void closesAfterACloseDelimitedResponseToHttp10() {
        Fixture f = new Fixture(head -> new Slow());
        f.request("GET / HTTP/1.0\r\n\r\n");
        harness.advance(java.time.Duration.ofMillis(5));
        assertThat(f.written())
                .isEqualTo("HTTP/1.1 200 OK\r\nDate: Sun, 29 Nov 2026 12:00:00 GMT\r\nConnection: close\r\n\r\nabc");
        assertThat(f.connection.drain()).hasSize(1);
    }

    @Test
    void answersPipelinedRequestsInOrder() {
        Fixture f = new Fixture(Handlers.function(r -> HttpResponse.text(200, r.path())));
        f.request("GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n");
        String written = f.written();
        assertThat(written.indexOf("\r\n\r\n/a")).isPositive().isLessThan(written.indexOf("\r\n\r\n/b"));
        assertThat(f.handler.served()).isEqualTo(2);
    }

    @Test
    void leavesNoHandlerBehindAfterEachRequest() {
        Fixture f = new Fixture(Handlers.function(r -> HttpResponse.text(200, "x")));
        f.request("GET /a HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(f.handler.children()).isEmpty();
        List<?> none = f.handler.children();
        assertThat(none).isEmpty();
    }
}
