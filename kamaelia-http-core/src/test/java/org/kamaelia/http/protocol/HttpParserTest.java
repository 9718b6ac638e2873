package org.kamaelia.http.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.kamaelia.http.codec.request.DecoderLimits;
import org.kamaelia.http.component.ComponentHarness;
import org.kamaelia.http.component.ProducerFinished;
import org.kamaelia.http.message.BadRequest;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.EndOfRequest;
import org.kamaelia.http.message.HttpTimeouts;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.RequestPart;
import org.kamaelia.http.net.MinimumDataRate;

class HttpParserTest {
    private final ComponentHarness harness = new ComponentHarness();
    private final HttpParser parser = new HttpParser(
            DecoderLimits.defaults(),
            HttpTimeouts.defaults().withHeader(Duration.ofSeconds(10)).withBody(Duration.ofSeconds(30)));
    private final ComponentHarness.Collector<RequestPart> out = harness.collect(parser.outbox, 4);

    {
        harness.start(parser);
    }

    private void bytes(String text) {
        harness.send(parser.inbox, ByteChunk.ascii(text));
    }

    @Test
    void cutsOffAHeadThatTricklesPastTheDeadline() {
        bytes("GET / HTTP/1.1\r\n");
        for (int i = 0; i < 9; i++) {
            harness.advance(Duration.ofSeconds(1));
            bytes("X: y\r\n"); // a byte now and then does not reset the deadline
        }
        assertThat(out.drain()).isEmpty();
        harness.advance(Duration.ofSeconds(1));
        assertThat(out.drain()).singleElement().isEqualTo(new BadRequest(408, "request head timeout"));
    }

    @Test
    void aConnectionThatSendsNothingGets408TheHeadDeadlineAfterItOpened() {
        harness.advance(Duration.ofSeconds(10).minusNanos(1));
        assertThat(out.drain()).isEmpty();
        harness.advance(Duration.ofNanos(1));
        assertThat(out.drain()).containsExactly(BadRequest.HEAD_TIMEOUT);
    }

    @Test
    void theFirstHeadsDeadlineRunsFromItsFirstByteOnceOneArrives() {
        harness.advance(Duration.ofSeconds(8));
        bytes("GET / HTTP/1.1\r\n");
        harness.advance(Duration.ofSeconds(9)); // 17 s after the opening, 9 s after the first byte
        assertThat(out.drain()).isEmpty();
        harness.advance(Duration.ofSeconds(1));
        assertThat(out.drain()).containsExactly(BadRequest.HEAD_TIMEOUT);
    }

    @Test
    void aKeepAliveConnectionBetweenRequestsRunsNoHeadDeadlineUntilTheNextHeadBegins() {
        bytes("GET /a HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(out.drain()).hasSize(2);
        harness.advance(Duration.ofSeconds(45)); // idle: the request handler's deadline, not the parser's
        assertThat(out.drain()).isEmpty();
        bytes("GET /b HTTP/1.1\r\n");
        harness.advance(Duration.ofSeconds(9));
        assertThat(out.drain()).isEmpty();
        harness.advance(Duration.ofSeconds(1));
        assertThat(out.drain()).containsExactly(BadRequest.HEAD_TIMEOUT);
    }

    @Test
    void aPipelinedHeadsDeadlineRunsFromTheEndOfTheRequestBeforeIt() {
        bytes("GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\n");
        assertThat(out.drain()).hasSize(2);
        harness.advance(Duration.ofSeconds(10).minusNanos(1));
        assertThat(out.drain()).isEmpty();
        harness.advance(Duration.ofNanos(1));
        assertThat(out.drain()).containsExactly(BadRequest.HEAD_TIMEOUT);
    }

    @Test
    void cutsOffABodyThatStalls() {
        bytes("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc");
        assertThat(out.drain()).hasSize(2);
        harness.advance(Duration.ofSeconds(29));
        assertThat(out.drain()).isEmpty();
        harness.advance(Duration.ofSeconds(2));
        assertThat(out.drain()).singleElement().isEqualTo(new BadRequest(408, "request body timeout"));
    }

    @Test
    void stopsDecodingWhileItsOutboxIsFull() {
        StringBuilder pipelined = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            pipelined.append("GET /").append(i).append(" HTTP/1.1\r\nHost: h\r\n\r\n");
        }
        bytes(pipelined.toString());
        assertThat(out.inbox.size()).isEqualTo(4); // head and end of two requests: then it waits
        int heads = 0;
        while (heads < 10) {
            for (RequestPart part : out.drain()) {
                if (part instanceof RequestHead head) {
                    assertThat(head.path()).isEqualTo("/" + heads);
                    heads++;
                }
            }
            harness.runUntilIdle();
        }
    }

    @Test
    void aRequestCutShortByTheEndOfInputIs400() {
        bytes("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc");
        assertThat(out.drain()).hasSize(2); // head, first body chunk
        harness.send(parser.control, ProducerFinished.INSTANCE);
        assertThat(out.drain()).singleElement().isEqualTo(new BadRequest(400, "the input ended inside a request body"));
    }

    @Test
    void aDrainIsNotAnEndOfInputTheBodyInProgressCompletes() {
        bytes("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc");
        assertThat(out.drain()).hasSize(2);
        harness.send(parser.control, ProducerFinished.DRAIN);
        assertThat(out.drain()).isEmpty();
        bytes("defghij");
        assertThat(out.drain()).hasSize(2).last().isInstanceOf(EndOfRequest.class);
    }

    @Test
    void aTrickledBodyIsCutByTheMinimumRateLongBeforeTheStallDeadline() {
        HttpParser rated = new HttpParser(
                DecoderLimits.defaults(),
                HttpTimeouts.defaults().withBody(Duration.ofSeconds(30)),
                new MinimumDataRate(240, Duration.ofSeconds(5)));
        ComponentHarness.Collector<RequestPart> parts = harness.collect(rated.outbox, 100);
        harness.start(rated);
        harness.send(rated.inbox, ByteChunk.ascii("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 100000\r\n\r\n"));
        assertThat(parts.drain()).hasSize(1);
        for (int second = 1; second <= 9; second++) {
            harness.advance(Duration.ofSeconds(1));
            harness.send(rated.inbox, ByteChunk.ascii("x")); // a byte a second: never a stall
        }
        assertThat(parts.drain()).last().isEqualTo(BadRequest.BODY_TOO_SLOW);
    }

    @Test
    void aBodyAtTheMinimumRateIsNotCut() {
        HttpParser rated = new HttpParser(
                DecoderLimits.defaults(),
                HttpTimeouts.defaults().withBody(Duration.ofSeconds(30)),
                new MinimumDataRate(240, Duration.ofSeconds(5)));
        ComponentHarness.Collector<RequestPart> parts = harness.collect(rated.outbox, 100);
        harness.start(rated);
        harness.send(rated.inbox, ByteChunk.ascii("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 6000\r\n\r\n"));
        for (int second = 1; second <= 20; second++) {
            harness.advance(Duration.ofSeconds(1));
            harness.send(rated.inbox, ByteChunk.ascii("x".repeat(300)));
        }
        assertThat(parts.drain()).noneMatch(BadRequest.class::isInstance).last().isInstanceOf(EndOfRequest.class);
    }
}
