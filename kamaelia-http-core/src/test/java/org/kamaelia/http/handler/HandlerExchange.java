package org.kamaelia.http.handler;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.kamaelia.http.codec.request.DecoderLimits;
import org.kamaelia.http.codec.request.RequestDecoder;
import org.kamaelia.http.component.ComponentHarness;
import org.kamaelia.http.message.BadRequest;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.EndOfRequest;
import org.kamaelia.http.message.EndOfResponse;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.RequestPart;
import org.kamaelia.http.message.ResponseHead;
import org.kamaelia.http.message.ResponsePart;

/**
 * Runs one handler component made by a factory on a {@link ComponentHarness}, without a socket: the request head
 * (decoded from raw bytes by the real decoder) and its end go to the handler's inbox, the parts it sends are
 * collected from its outbox.
 */
public final class HandlerExchange {
    private HandlerExchange() {}

    /**
     * The answer of one handler.
     *
     * @param head the response head
     * @param body the body bytes
     * @param ended whether an end of response followed
     */
    public record Answer(ResponseHead head, byte[] body, boolean ended) {
        /** The status code. */
        public int status() {
            return head.status();
        }

        /** The first value of a header, or null. */
        public String header(String name) {
            return head.headers().first(name).orElse(null);
        }

        /** The body as ISO-8859-1 text. */
        public String text() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }
    }

    /** The head the real decoder makes of {@code raw} (a request without body). */
    public static RequestHead head(String raw) {
        RequestDecoder decoder = new RequestDecoder(DecoderLimits.defaults());
        ByteBuffer bytes = ByteBuffer.wrap(raw.getBytes(StandardCharsets.ISO_8859_1));
        for (RequestPart part; (part = decoder.next(bytes)) != null; ) {
            if (part instanceof RequestHead head) {
                return head;
            }
        }
        throw new AssertionError("no request head decoded from " + raw);
    }

    /** What the decoder makes of {@code raw}: its head or its bad request. */
    public static Object decode(String raw) {
        RequestDecoder decoder = new RequestDecoder(DecoderLimits.defaults());
        ByteBuffer bytes = ByteBuffer.wrap(raw.getBytes(StandardCharsets.ISO_8859_1));
        Object part = decoder.next(bytes);
        if (part instanceof RequestHead || part instanceof BadRequest) {
            return part;
        }
        throw new AssertionError("unexpected " + part + " decoding " + raw);
    }

    /** Asks {@code factory} for the handler of {@code head} and runs it to the end of its response. */
    public static Answer run(RequestHandlerFactory factory, RequestHead head) {
        HandlerComponent handler = factory.create(head);
        if (handler == null) {
            throw new AssertionError("the factory made no handler for " + head);
        }
        return run(handler, head);
    }

    /** Runs {@code handler} with {@code head} and the end of the request. */
    public static Answer run(HandlerComponent handler, RequestHead head) {
        ComponentHarness harness = new ComponentHarness();
        ComponentHarness.Collector<ResponsePart> out = harness.collect(handler.outbox);
        harness.start(handler);
        ComponentHarness.Sender<RequestPart> in = harness.senderTo(handler.inbox);
        in.outbox.send(head);
        in.outbox.send(EndOfRequest.INSTANCE);
        harness.runUntilIdle();
        List<ResponsePart> parts = new ArrayList<>(out.drain());
        ResponseHead responseHead = null;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean ended = false;
        for (ResponsePart part : parts) {
            if (ended) {
                throw new AssertionError("a part after the end of the response: " + part);
            }
            if (part instanceof ResponseHead h) {
                if (h.isInterim()) {
                    continue;
                }
                if (responseHead != null) {
                    throw new AssertionError("two response heads");
                }
                responseHead = h;
            } else if (part instanceof ByteChunk chunk) {
                if (responseHead == null) {
                    throw new AssertionError("body before the head");
                }
                body.writeBytes(chunk.toArray());
            } else if (part instanceof EndOfResponse) {
                ended = true;
            }
        }
        if (responseHead == null) {
            throw new AssertionError("no response head; parts " + parts);
        }
        return new Answer(responseHead, body.toByteArray(), ended);
    }

    /** Runs the handler {@code factory} makes for the raw request {@code raw}. */
    public static Answer run(RequestHandlerFactory factory, String raw) {
        return run(factory, head(raw));
    }
}
