package org.kamaelia.http.protocol;

import java.util.Iterator;
import org.kamaelia.http.codec.response.ResponseEncoder;
import org.kamaelia.http.codec.response.ResponseGenerator;
import org.kamaelia.http.codec.response.ResponseGenerator.Outcome;
import org.kamaelia.http.codec.response.ResponseGenerator.State;
import org.kamaelia.http.component.ComponentState;
import org.kamaelia.http.component.ShutdownRequested;
import org.kamaelia.http.component.Signal;
import org.kamaelia.http.handler.ErrorPages;
import org.kamaelia.http.handler.KeepAlive;
import org.kamaelia.http.handler.ResponseHeadRewrite;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.EndOfResponse;
import org.kamaelia.http.message.Framing;
import org.kamaelia.http.message.HttpHeaders;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.RequestTarget;
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
    private volatile long peakBuffered;

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

    /** Lets go of the exchange once it is over, so that an idle connection holds no request head or handler. */
    void end() {
        exchange = null;
    }

    /** The most response bytes that ever waited in the handler inbox ({@link #notePeakBuffered}); any thread. */
    long peakBufferedBytes() {
        return peakBuffered;
    }

    /** Notes how much waits in the handler inbox now, if that is more than ever before. */
    void notePeakBuffered() {
        long buffered = owner.handlerInbox.weight();
        if (buffered > peakBuffered) {
            peakBuffered = buffered; // written only when it grows: a volatile write per reaction would cost
        }
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
        ResponseHeadRewrite rewrite =
                exchange.handler == null ? ResponseHeadRewrite.NONE : exchange.handler.responseHeadRewrite();
        if (rewrite != ResponseHeadRewrite.NONE) {
            head = rewrite.rewrite(head, head.contentLength().orElse(batch));
        }
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

    /**
     * Whether the handler has ended without ending its response, once every part it sent has been relayed:
     * {@link Outcome#IGNORED} while it has not (or the response is whole); else what its end meant, the end of the
     * response or a violation ({@link Outcome#END_BEFORE_HEAD} if it sent no head). A handler ends by signalling
     * (a {@code ShutdownRequested} also closes the connection after this exchange) or by finishing silently.
     */
    Outcome handlerEnd() {
        Exchange ex = exchange;
        for (Signal s; (s = owner.handlerControl.poll()) != null; ) {
            ex.handlerSaidDone = true;
            ex.mustClose |= s instanceof ShutdownRequested;
        }
        boolean handlerGone = ex.handler != null && ex.handler.state() == ComponentState.FINISHED;
        if (generator.state() == State.END || !owner.handlerInbox.isEmpty() || !(ex.handlerSaidDone || handlerGone)) {
            return Outcome.IGNORED;
        }
        return generator.state() == State.START ? Outcome.END_BEFORE_HEAD : handlerEnded(ex.handlerSaidDone);
    }

    /** The handler is done without its end ({@code said}: it signalled so): the end it meant, or a violation. */
    private Outcome handlerEnded(boolean said) {
        // The original's way: ProducerFinished ends the response; a handler that just stops ends only some.
        Outcome outcome = said ? generator.producerFinished() : generator.producerVanished();
        if (!outcome.isViolation()) {
            exchange.endResponse();
        }
        return outcome;
    }

    /** Answers {@code head} if it is to be answered without a handler ({@link RequestScreen}): whether it was. */
    boolean screened(RequestHead head) {
        RequestScreen refusal = RequestScreen.refusal(head);
        if (refusal != null) {
            respondWith(refusal);
            return true;
        }
        if (head.target().form() == RequestTarget.Form.ASTERISK) {
            respond(RequestScreen.SERVER_OPTIONS, ByteChunk.EMPTY);
            return true;
        }
        return false;
    }

    /** Answers the current exchange with the error page of {@code answer}, without (or instead of) its handler. */
    void respondWith(RequestScreen answer) {
        respondWithError(answer.status(), answer.message());
    }

    /** Answers the current exchange with an error page if no head has gone out yet: whether it could. */
    boolean respondWithErrorBeforeHead(int status, String message) {
        if (generator.state() != State.START) {
            return false;
        }
        respondWithError(status, message);
        return true;
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
