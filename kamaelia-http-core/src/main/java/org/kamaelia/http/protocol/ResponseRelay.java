package org.kamaelia.http.protocol;

import java.util.Iterator;
import org.kamaelia.http.codec.response.ResponseEncoder;
import org.kamaelia.http.codec.response.ResponseGenerator;
import org.kamaelia.http.codec.response.ResponseGenerator.Outcome;
import org.kamaelia.http.codec.response.ResponseGenerator.State;
import org.kamaelia.http.handler.ErrorPages;
import org.kamaelia.http.handler.KeepAlive;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.EndOfResponse;
import org.kamaelia.http.message.Framing;
import org.kamaelia.http.message.HttpHeaders;
import org.kamaelia.http.message.ResponseHead;
import org.kamaelia.http.message.ResponsePart;

/**
 * Carries the response parts of a connection's current exchange from the request handler's {@code handlerInbox}
 * through the connection's {@link ResponseGenerator} to its {@code outbox}, as fast as the connection takes them,
 * and weighs the {@link KeepAlivePolicy} when a final head commits. One per connection, like the generator.
 */
final class ResponseRelay implements ResponseGenerator.Output {
    private final HttpRequestHandler owner;
    private final KeepAlive keepAlive;
    private final ResponseGenerator generator;
    private Exchange exchange;

    ResponseRelay(HttpRequestHandler owner, ResponseEncoder encoder, KeepAlive keepAlive) {
        this.owner = owner;
        this.keepAlive = keepAlive;
        // The relay is the generator's output: no extra object per connection.
        this.generator = new ResponseGenerator(encoder, this);
    }

    ResponseGenerator generator() {
        return generator;
    }

    /** Starts the response of {@code ex}. */
    void begin(Exchange ex) {
        exchange = ex;
        generator.reset(ex.head);
    }

    /** Relays what is waiting while the connection has room: {@link Outcome#WRITTEN}, or the handler's violation. */
    Outcome relay() {
        Exchange ex = exchange;
        for (ResponsePart part; (part = owner.handlerInbox.peek()) != null; ) {
            if (!owner.outbox.hasRoom()) {
                break; // the connection's write queue is full: woken when it drains
            }
            owner.handlerInbox.poll();
            if (generator.state() == State.END) {
                continue; // whatever follows a whole response is dropped
            }
            Outcome outcome;
            if (part instanceof ResponseHead head) {
                outcome = head(head);
            } else if (part instanceof ByteChunk chunk) {
                outcome = generator.body(chunk);
            } else {
                outcome = generator.end(((EndOfResponse) part).trailers());
            }
            if (outcome.isViolation()) {
                return outcome;
            }
            if (generator.state() == State.END) {
                ex.endResponse();
            }
        }
        return Outcome.WRITTEN;
    }

    private Outcome head(ResponseHead head) {
        if (head.status() == 100) {
            // Only a client that waits for it gets 100 Continue, once; it releases the body (RFC 9110 10.1.1).
            if (exchange.phase() != ExchangePhase.WITHHELD) {
                return Outcome.IGNORED;
            }
            Outcome outcome = generator.head(head, ResponseGenerator.UNKNOWN_LENGTH, false, null);
            if (outcome == Outcome.WRITTEN) {
                exchange.advance(ExchangePhase.Event.CONTINUE_SENT);
            }
            return outcome;
        }
        boolean lengthUnsaid = head.contentLength().isEmpty() && !head.endless();
        long batch = lengthUnsaid ? lengthOfWholeBatch() : ResponseGenerator.UNKNOWN_LENGTH;
        return commit(head, batch, owner.handlerInbox.peek() instanceof ByteChunk next ? next : null);
    }

    /** The body's length if every part of it, through EndOfResponse, is already waiting (the seed's rule). */
    private long lengthOfWholeBatch() {
        long total = 0;
        for (Iterator<ResponsePart> it = owner.handlerInbox.waiting(); it.hasNext(); ) {
            ResponsePart part = it.next();
            if (part instanceof ByteChunk chunk) {
                total += chunk.length();
            } else {
                return part instanceof EndOfResponse ? total : ResponseGenerator.UNKNOWN_LENGTH;
            }
        }
        return ResponseGenerator.UNKNOWN_LENGTH;
    }

    /** Commits a final head, with the connection's persistence weighed now, when the client is told it. */
    private Outcome commit(ResponseHead head, long batch, ByteChunk next) {
        Exchange ex = exchange;
        Framing framing = ResponseGenerator.framing(ex.head.version(), head, batch);
        boolean withheld = ex.phase() == ExchangePhase.WITHHELD;
        boolean keep = KeepAlivePolicy.keepOpen(
                keepAlive, ex.head, framing, owner.served(), owner.inputEnded(), withheld, ex.mustClose);
        Outcome outcome = generator.head(head, batch, keep, next);
        if (outcome == Outcome.WRITTEN_WITH_NEXT) {
            owner.handlerInbox.poll(); // it left with the head
        }
        return outcome;
    }

    /** The handler is done without its end ({@code said}: it signalled so): the end it meant, or a violation. */
    Outcome handlerEnded(boolean said) {
        // The original's way: ProducerFinished ends the response; a handler that just stops ends only some.
        Outcome outcome = said ? generator.producerFinished() : generator.producerVanished();
        if (!outcome.isViolation()) {
            exchange.endResponse();
        }
        return outcome;
    }

    /** Answers the current exchange with an error page, without (or instead of) its handler; only before a head. */
    void respondWithError(int status, String message) {
        byte[] page = ErrorPages.page(status, message);
        respond(
                ResponseHead.status(status)
                        .header("Content-Type", ErrorPages.CONTENT_TYPE)
                        .contentLength(page.length)
                        .build(),
                ByteChunk.wrap(page));
    }

    /** Answers the current exchange with {@code head} and {@code body}, parting it from its handler first. */
    void respond(ResponseHead head, ByteChunk body) {
        HandlerLinks.detach(owner, exchange);
        if (commit(head, body.length(), body) != Outcome.WRITTEN_WITH_NEXT) {
            generator.body(body);
        }
        generator.end(HttpHeaders.EMPTY);
        exchange.endResponse();
    }

    @Override
    public void write(ByteChunk chunk) {
        exchange.bytesOut += chunk.length();
        owner.outbox.sendCompleting(chunk);
    }
}
