package org.kamaelia.http.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kamaelia.http.codec.request.DecoderLimits;
import org.kamaelia.http.codec.request.RequestDecoder;
import org.kamaelia.http.codec.response.DateCache;
import org.kamaelia.http.codec.response.ResponseEncoder;
import org.kamaelia.http.component.ComponentHarness;
import org.kamaelia.http.component.Signal;
import org.kamaelia.http.handler.HandlerComponent;
import org.kamaelia.http.handler.Handlers;
import org.kamaelia.http.handler.HttpResponse;
import org.kamaelia.http.handler.KeepAlive;
import org.kamaelia.http.handler.RequestHandlerFactory;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.EndOfResponse;
import org.kamaelia.http.message.HttpTimeouts;
import org.kamaelia.http.message.RequestPart;
import org.kamaelia.http.message.ResponseHead;
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
            this(factory, HttpObserver.NONE);
        }

        Fixture(RequestHandlerFactory factory, HttpObserver observer) {
            handler = new HttpRequestHandler(
                    factory,
                    new ResponseEncoder(FIXED_DATE, Optional.empty()),
                    KeepAlive.defaults(),
                    HttpTimeouts.defaults(),
                    observer,
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
                case 1 -> outbox.send(ByteChunk.utf8("abc"));
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

    /** Asks for the body with a 100 head, then echoes it. */
    static final class WantsBody extends HandlerComponent {
        private final StringBuilder body = new StringBuilder();

        @Override
        protected void react() {
            for (RequestPart part; (part = inbox.poll()) != null; ) {
                if (part instanceof org.kamaelia.http.message.RequestHead) {
                    outbox.send(ResponseHead.status(100).build());
                } else if (part instanceof ByteChunk chunk) {
                    body.append(chunk.utf8());
                } else if (part instanceof org.kamaelia.http.message.EndOfRequest) {
                    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
                    outbox.send(
                            ResponseHead.status(200).contentLength(bytes.length).build());
                    outbox.send(ByteChunk.wrap(bytes));
                    outbox.send(EndOfResponse.INSTANCE);
                }
            }
        }
    }

    @Test
    void sends100ContinueOnlyWhenTheHandlerAsksAndRelaysTheBodyAfterIt() {
        Fixture f = new Fixture(head -> new WantsBody());
        f.request("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
        assertThat(f.written()).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
        f.parser.outbox.send(ByteChunk.utf8("ping"));
        f.parser.outbox.send(org.kamaelia.http.message.EndOfRequest.INSTANCE);
        harness.runUntilIdle();
        assertThat(f.written()).endsWith("\r\n\r\nping");
    }

    @Test
    void withholdsTheBodyAndClosesWhenTheHandlerAnswersWithoutAskingForIt() {
        Fixture f = new Fixture(Handlers.function(r -> HttpResponse.text(413, "too big")));
        f.request("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
        // A function handler gathers the body, so it does ask; a refusing streaming handler does not:
        Fixture g = new Fixture(head -> new Refusing());
        g.request("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
        String written = g.written();
        assertThat(written)
                .startsWith("HTTP/1.1 403 Forbidden")
                .contains("Connection: close")
                .doesNotContain("100");
        assertThat(g.connection.drain()).hasSize(1);
    }

    static final class Refusing extends HandlerComponent {
        @Override
        protected void react() {
            if (inbox.poll() instanceof org.kamaelia.http.message.RequestHead) {
                outbox.send(ResponseHead.status(403).contentLength(0).build());
                outbox.send(EndOfResponse.INSTANCE);
            }
        }
    }

    @Test
    void keepsHttp11OpenAndClosesOnConnectionClose() {
        Fixture f = new Fixture(Handlers.function(r -> HttpResponse.text(200, "x")));
        f.request("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(f.written()).doesNotContain("Connection:");
        assertThat(f.connection.drain()).isEmpty();
        f.request("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
        assertThat(f.written()).contains("Connection: close\r\n");
        // the client asked for the close and sent nothing more: the connection need not linger for its bytes
        assertThat(f.connection.drain()).containsExactly(org.kamaelia.http.component.ProducerFinished.PEER_FINISHED);
    }

    static final class Persistent extends HandlerComponent {
        int served;

        @Override
        public boolean persistent() {
            return true;
        }

        @Override
        protected void react() {
            for (RequestPart part; (part = inbox.poll()) != null; ) {
                if (part instanceof org.kamaelia.http.message.EndOfRequest) {
                    served++;
                    outbox.send(ResponseHead.status(200).contentLength(1).build());
                    outbox.send(ByteChunk.utf8(Integer.toString(served)));
                    outbox.send(EndOfResponse.INSTANCE);
                }
            }
        }
    }

    @Test
    void reusesAPersistentHandlerAndKeepsItAliveBetweenRequests() {
        Persistent persistent = new Persistent();
        Fixture f = new Fixture(head -> persistent);
        f.request("GET / HTTP/1.1\r\nHost: h\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(f.written()).endsWith("\r\n\r\n2");
        assertThat(persistent.served).isEqualTo(2);
        assertThat(persistent.state()).isEqualTo(org.kamaelia.http.component.ComponentState.RUNNING);
        f.handler.stop();
        harness.runUntilIdle();
        assertThat(persistent.state()).isEqualTo(org.kamaelia.http.component.ComponentState.FINISHED);
    }

    static final class Failing extends HandlerComponent {
        @Override
        protected void react() {
            if (inbox.poll() != null) {
                throw new IllegalStateException("bug");
            }
        }
    }

    @Test
    void answers500WhenTheHandlerThrowsBeforeItsHead() {
        Fixture f = new Fixture(head -> new Failing());
        f.request("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(f.written()).startsWith("HTTP/1.1 500 Internal Server Error\r\n");
        assertThat(f.handler.state()).isEqualTo(org.kamaelia.http.component.ComponentState.RUNNING);
        assertThat(f.handler.children()).isEmpty();
    }

    /** Declares a length and sends another: {@code sent} bytes against {@code declared}. */
    static final class WrongLength extends HandlerComponent {
        private final int declared;
        private final int sent;

        WrongLength(int declared, int sent) {
            this.declared = declared;
            this.sent = sent;
        }

        @Override
        protected void react() {
            if (inbox.poll() instanceof org.kamaelia.http.message.RequestHead) {
                outbox.send(ResponseHead.status(200).contentLength(declared).build());
                outbox.send(ByteChunk.utf8("x".repeat(sent)));
                outbox.send(EndOfResponse.INSTANCE);
            }
            inbox.clear();
        }
    }

    @Test
    void aHandlerThatSendsMoreOrLessThanItsContentLengthGetsItsConnectionCutAfterExactlyTheDeclaredBytes() {
        for (int[] lengths : new int[][] {{3, 5}, {5, 3}}) {
            Fixture f = new Fixture(head -> new WrongLength(lengths[0], lengths[1]));
            f.request("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            String written = f.written();
            String body = written.substring(written.indexOf("\r\n\r\n") + 4);
            assertThat(written).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Length: " + lengths[0]);
            // never more body than declared: a keep-alive client would read the rest as the next response
            assertThat(body.length()).isLessThanOrEqualTo(lengths[0]);
            assertThat(f.connection.drain())
                    .singleElement()
                    .isInstanceOf(org.kamaelia.http.component.ShutdownRequested.class);
        }
    }

    @Test
    void aHandlerFactoryThatThrowsGets500AndTheConnectionGoesOn() {
        Fixture f = new Fixture(head -> {
            if (head.path().equals("/broken")) {
                throw new IllegalStateException("factory failed");
            }
            return new Slow();
        });
        f.request("GET /broken HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(f.written()).startsWith("HTTP/1.1 500 Internal Server Error\r\n");
        assertThat(f.connection.drain()).isEmpty(); // kept alive: the fault was the server's, the framing is sound
        assertThat(f.handler.state()).isEqualTo(org.kamaelia.http.component.ComponentState.RUNNING);
    }

    @Test
    void aClosedConnectionFinishesTheHandlerInFlight() {
        Slow[] made = new Slow[1];
        Fixture f = new Fixture(head -> made[0] = new Slow());
        f.request("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(made[0].state()).isEqualTo(org.kamaelia.http.component.ComponentState.RUNNING);
        f.handler.stop(); // what the connection graph does when the client goes away
        harness.runUntilIdle();
        assertThat(made[0].state()).isEqualTo(org.kamaelia.http.component.ComponentState.FINISHED);
    }

    @Test
    void closesAnIdleConnectionAfterTheIdleTimeout() {
        Fixture f = new Fixture(Handlers.function(r -> HttpResponse.text(200, "x")));
        f.request("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        f.written();
        harness.advance(java.time.Duration.ofSeconds(59));
        assertThat(f.connection.drain()).isEmpty();
        harness.advance(java.time.Duration.ofSeconds(1));
        assertThat(f.connection.drain())
                .containsExactly(new org.kamaelia.http.component.ShutdownRequested(
                        org.kamaelia.http.component.ShutdownRequested.Reason.TIMEOUT));
    }

    @Test
    void aRequestAnsweredWholeIsReportedCompletedWhenTheConnectionGoesWhileItsUnreadBodyIsDrained() {
        RecordingObserver observer = new RecordingObserver();
        Fixture f = new Fixture(head -> new Refusing(), observer);
        f.request("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 100000\r\n\r\n");
        f.parser.outbox.send(ByteChunk.utf8("the first bytes of a body nobody reads"));
        harness.runUntilIdle();
        assertThat(f.written()).startsWith("HTTP/1.1 403 Forbidden\r\n");
        assertThat(observer.calls).containsExactly("started POST none"); // draining the rest of the body
        f.handler.stop(); // the client resets the connection before the body ends
        harness.runUntilIdle();
        assertThat(observer.calls).containsExactly("started POST none", "completed 403");
        assertThat(observer.completed.get(0).bytesIn()).isEqualTo(38);
    }
}
