package org.kamaelia.http.protocol;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import org.kamaelia.http.codec.request.DecoderLimits;
import org.kamaelia.http.codec.request.RequestDecoder;
import org.kamaelia.http.component.Cancellable;
import org.kamaelia.http.component.Component;
import org.kamaelia.http.component.Inbox;
import org.kamaelia.http.component.Outbox;
import org.kamaelia.http.component.ProducerFinished;
import org.kamaelia.http.component.ShutdownRequested;
import org.kamaelia.http.component.Signal;
import org.kamaelia.http.message.BadRequest;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.ClientOrigin;
import org.kamaelia.http.message.ConnectionFact;
import org.kamaelia.http.message.EndOfRequest;
import org.kamaelia.http.message.HttpTimeouts;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.RequestPart;
import org.kamaelia.http.net.DataRateWatch;
import org.kamaelia.http.net.MinimumDataRate;

/**
 * The component that turns a connection's bytes into request parts, wrapping a {@link RequestDecoder}.
 *
 * <p>Boxes:
 * <ul>
 *   <li>{@code inbox}: bytes from the connection;
 *   <li>{@code outbox}: {@code RequestHead}, {@code ByteChunk}s and {@code EndOfRequest} for each request in
 *       order (pipelined requests included), or one {@code BadRequest};
 *   <li>{@code control}: {@code ProducerFinished} when the client sent its last byte, after which a request cut
 *       short becomes a {@code BadRequest(400)}; or {@code ProducerFinished.DRAIN} when the server stops
 *       gracefully, after which the request in progress may still complete;
 *   <li>{@code signal}: {@code ProducerFinished} once everything received has been decoded after either.
 * </ul>
 *
 * <p>Backpressure: the parser decodes only while its outbox has room, so a request handler that cannot take
 * more body leaves bytes in this inbox, which fills, which stops the connection reading the socket.
 *
 * <p>Deadlines: the request head must be complete within {@link HttpTimeouts#header()} of its first byte (of
 * the connection's opening for the first request); a body must not stall longer than {@link HttpTimeouts#body()}
 * while the parser waits for it, and, with a {@link MinimumDataRate}, must arrive at least at that rate over each
 * grace period in which the parser waits on the client. Each sends {@code BadRequest(408)}.
 */
public final class HttpParser extends Component {
    private static final ByteBuffer NO_BYTES = ByteBuffer.allocate(0);

    /** Bytes from the connection. */
    public final Inbox<ByteChunk> inbox = newInbox("inbox", "bytes from the connection", 16);

    /**
     * What the layers below learned about the connection (a TLS session, a PROXY header's addresses): each request
     * decoded after it carries it in its {@link ClientOrigin}. Such a layer sends its fact before the bytes it
     * concerns, and this inbox is read before them.
     */
    public final Inbox<ConnectionFact> facts =
            newInbox("facts", "what the layers below learned about the connection: TLS session, PROXY addresses", 4);

    /** Request parts, in order. */
    public final Outbox<RequestPart> outbox = newOutbox("outbox", "request heads, body chunks and ends, in order");

    private final RequestDecoder decoder;
    private final HttpTimeouts timeouts;
    private ByteBuffer current;
    // volatile: the server's connection list reads it from other threads; written once per fact, not per request
    private volatile ClientOrigin origin;
    private boolean inputEnded;
    private boolean draining;
    private boolean finishedSignalled;
    private boolean failed;
    private boolean headInProgress;
    // From the connection's opening until the first head, and from the first byte of each later head.
    private final MovingDeadline headDeadline;
    private long lastBodyInput;
    private Cancellable bodyTimer;
    private final MinimumDataRate minBodyRate;
    private DataRateWatch bodyRate; // made for the first body that has to be waited for
    private Cancellable bodyRateTimer;

    /** A parser enforcing {@code limits} and {@code timeouts}, with no minimum body rate. */
    public HttpParser(DecoderLimits limits, HttpTimeouts timeouts) {
        this(limits, timeouts, MinimumDataRate.NONE);
    }

    /** A parser enforcing {@code limits}, {@code timeouts} and a minimum rate for request bodies. */
    public HttpParser(DecoderLimits limits, HttpTimeouts timeouts, MinimumDataRate minBodyRate) {
        this(limits, timeouts, minBodyRate, ClientOrigin.UNKNOWN);
    }

    /**
     * A parser enforcing {@code limits}, {@code timeouts} and a minimum rate for request bodies, whose requests come
     * from {@code origin} until a fact from below changes it.
     */
    public HttpParser(DecoderLimits limits, HttpTimeouts timeouts, MinimumDataRate minBodyRate, ClientOrigin origin) {
        this.decoder = new RequestDecoder(limits);
        this.origin = Objects.requireNonNull(origin, "origin");
        decoder.origin(origin);
        this.timeouts = timeouts;
        this.minBodyRate = minBodyRate;
        this.headDeadline =
                new MovingDeadline(timeouts.header(), new ComponentTime(), () -> failWith(BadRequest.HEAD_TIMEOUT));
    }

    /**
     * Who the requests decoded now come from: the connection's addresses with what the layers below told. The
     * request handler reads it on the connection's loop for a request whose head could not be parsed; the server's
     * connection list reads it from any thread.
     */
    ClientOrigin origin() {
        return origin;
    }

    @Override
    protected void onStart() {
        headDeadline.start();
    }

    @Override
    protected void react() {
        for (Signal s; (s = control.poll()) != null; ) {
            if (s instanceof ProducerFinished finished) {
                if (finished.draining()) {
                    draining = true; // take no new request; the one in progress may still be arriving
                } else {
                    inputEnded = true;
                }
            } else if (s instanceof ShutdownRequested) {
                finish();
                return;
            }
        }
        for (ConnectionFact fact; (fact = facts.poll()) != null; ) {
            origin = origin.with(fact);
            decoder.origin(origin);
        }
        if (!failed) {
            decode();
        } else {
            inbox.clear();
            current = null;
        }
        if ((inputEnded || draining)
                && !finishedSignalled
                && inbox.isEmpty()
                && (current == null || !current.hasRemaining())) {
            finishedSignalled = true;
            cancelTimers();
            signal.send(ProducerFinished.INSTANCE);
        }
    }

    private void decode() {
        while (outbox.hasRoom()) {
            ByteBuffer input = current != null ? current : NO_BYTES;
            RequestPart part = decoder.next(input);
            if (part == null) {
                if (input.hasRemaining()) {
                    return; // cannot happen unless failed; keep the bytes
                }
                ByteChunk next = inbox.poll();
                if (next == null) {
                    current = null;
                    if (inputEnded) {
                        endOfInput();
                        return;
                    }
                    decoder.releaseIdleBuffer();
                    armBodyTimerIfWaiting();
                    return;
                }
                current = next.buffer();
                bytesArrived(next.length());
                continue;
            }
            outbox.send(part);
            if (part instanceof RequestHead) {
                // Stopped, not cancelled (that would cost a timer per request): see MovingDeadline.
                headInProgress = false;
                headDeadline.stop();
                lastBodyInput = nanoTime();
            } else if (part instanceof EndOfRequest) {
                bodyRateNotWaiting();
                if (current != null && current.hasRemaining()) {
                    // Bytes of a pipelined request already wait: its head deadline starts now.
                    headInProgress = true;
                    headDeadline.start();
                }
            } else if (part instanceof BadRequest) {
                failed = true;
                cancelTimers();
                inbox.clear();
                current = null;
                return;
            }
        }
        bodyRateNotWaiting(); // the loop stops here only when the handler is backed up: not the client's doing
    }

    // A request cut short by the client's FIN can never complete: without this answer its handler would wait for
    // the rest of the body for ever, holding the half-closed socket (CLOSE-WAIT), since no deadline runs once the
    // input has ended.
    private void endOfInput() {
        BadRequest cut = decoder.endOfInput();
        if (cut != null) {
            failWith(cut);
        }
    }

    private void bytesArrived(int count) {
        long now = nanoTime();
        if (bodyRate != null) {
            bodyRate.moved(count);
        }
        if (decoder.isIdle() && !headInProgress) {
            headInProgress = true;
            headDeadline.start();
        }
        lastBodyInput = now;
    }

    private void armBodyTimerIfWaiting() {
        if (!decoder.isInsideBody() || inputEnded) {
            return;
        }
        if (bodyTimer == null) {
            bodyTimer = runAfter(timeouts.body(), this::bodyDeadline);
        }
        // The whole of a short body usually comes with its head, so most requests never get here and cost no timer.
        if (!minBodyRate.enabled()) {
            return;
        }
        if (bodyRate == null) {
            bodyRate = new DataRateWatch(minBodyRate);
        }
        if (bodyRate.waiting(nanoTime()) && bodyRateTimer == null) {
            bodyRateTimer = runAfter(Duration.ofNanos(bodyRate.periodNanos()), this::checkBodyRate);
        }
    }

    private void bodyRateNotWaiting() {
        if (bodyRate != null) {
            bodyRate.notWaiting();
        }
    }

    private void checkBodyRate() {
        bodyRateTimer = null;
        if (failed) {
            return;
        }
        long next = bodyRate.check(nanoTime());
        if (next == DataRateWatch.TOO_SLOW) {
            failWith(BadRequest.BODY_TOO_SLOW);
        } else if (next != DataRateWatch.IDLE) {
            bodyRateTimer = runAfter(Duration.ofNanos(next), this::checkBodyRate);
        }
    }

    private void bodyDeadline() {
        bodyTimer = null;
        if (failed || !decoder.isInsideBody()) {
            return;
        }
        boolean waitingForClient = inbox.isEmpty() && (current == null || !current.hasRemaining());
        long idle = nanoTime() - lastBodyInput;
        long limit = timeouts.body().toNanos();
        if (waitingForClient && idle >= limit) {
            failWith(BadRequest.BODY_TIMEOUT);
        } else {
            bodyTimer = runAfter(Duration.ofNanos(Math.max(limit - idle, limit / 10)), this::bodyDeadline);
        }
    }

    private void failWith(BadRequest error) {
        failed = true;
        cancelTimers();
        inbox.clear();
        current = null;
        // A deadline is reported even if the handler is backed up: it must learn the connection is over.
        if (!outbox.trySend(error)) {
            signal.send(new ShutdownRequested(ShutdownRequested.Reason.TIMEOUT));
        }
    }

    private void cancelTimers() {
        headDeadline.cancel();
        cancel(bodyTimer);
        cancel(bodyRateTimer);
        bodyTimer = null;
        bodyRateTimer = null;
    }

    private static void cancel(Cancellable timer) {
        if (timer != null) {
            timer.cancel();
        }
    }

    @Override
    protected void onFinish() {
        cancelTimers();
    }

    /**
     * This component's clock and timers as its deadline helpers see them: one small object, where {@code
     * LoopTime.of(this::nanoTime, this::runAfter)} made three (24 + 16 + 16 B per connection).
     */
    private final class ComponentTime implements LoopTime {
        @Override
        public long now() {
            return nanoTime();
        }

        @Override
        public Cancellable after(Duration delay, Runnable action) {
            return runAfter(delay, action);
        }
    }
}
