package org.kamaelia.http.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kamaelia.http.codec.response.DateCache;
import org.kamaelia.http.codec.response.ResponseEncoder;
import org.kamaelia.http.component.ComponentHarness;
import org.kamaelia.http.component.ProducerFinished;
import org.kamaelia.http.component.ShutdownRequested;
import org.kamaelia.http.component.Signal;
import org.kamaelia.http.handler.Handlers;
import org.kamaelia.http.handler.HttpResponse;
import org.kamaelia.http.handler.KeepAlive;
import org.kamaelia.http.message.BadRequest;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.HttpTimeouts;
import org.kamaelia.http.message.RequestPart;
import org.kamaelia.http.net.ConnectionInfo;

/** The answer to a request whose head could not be parsed, through a request handler on the harness. */
class UnparsedRequestTest {
    private final ComponentHarness harness = new ComponentHarness();
    private final RecordingObserver observer = new RecordingObserver();
    private final HttpRequestHandler handler = new HttpRequestHandler(
            Handlers.function(r -> HttpResponse.text(200, "never")),
            new ResponseEncoder(DateCache.system(), Optional.empty()),
            KeepAlive.defaults(),
            HttpTimeouts.defaults(),
            observer,
            new ConnectionInfo(1, null, null, Instant.EPOCH));
    private final ComponentHarness.Collector<ByteChunk> wire = harness.collect(handler.outbox);
    private final ComponentHarness.Collector<Signal> connection = harness.collect(handler.signal);

    private String answer(BadRequest bad) {
        harness.start(handler);
        harness.<RequestPart>send(handler.inbox, bad);
        StringBuilder out = new StringBuilder();
        for (ByteChunk chunk : wire.drain()) {
            out.append(new String(chunk.toArray(), StandardCharsets.ISO_8859_1));
        }
        return out.toString();
    }

    @Test
    void aBadHeadIsAnsweredWithItsStatusAndTheConnectionClosesAfterTheAnswer() {
        String written = answer(new BadRequest(400, "bad request line"));
        assertThat(written).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("Connection: close\r\n");
        assertThat(connection.drain()).containsExactly(ProducerFinished.INSTANCE);
        assertThat(observer.calls).containsExactly("parse error 400", "started UNKNOWN none", "completed 400");
        assertThat(handler.served()).isEqualTo(1);
    }

    @Test
    void aHeadThatTookTooLongIsAnswered408AndTheConnectionEndsAtOnceAsATimeout() {
        String written = answer(BadRequest.HEAD_TIMEOUT);
        assertThat(written).startsWith("HTTP/1.1 408 Request Timeout\r\n").contains("Connection: close\r\n");
        assertThat(connection.drain()).containsExactly(new ShutdownRequested(ShutdownRequested.Reason.TIMEOUT));
        assertThat(observer.calls)
                .containsExactly("parse error 408", "timeout header", "started UNKNOWN none", "completed 408");
    }

    @Test
    void onlyA408EndsTheConnectionAsATimeout() {
        assertThat(UnparsedRequest.timedOut(BadRequest.HEAD_TIMEOUT)).isTrue();
        assertThat(UnparsedRequest.timedOut(new BadRequest(431, "fields too large")))
                .isFalse();
        assertThat(UnparsedRequest.HEAD.keepAliveRequested()).isFalse();
    }
}
