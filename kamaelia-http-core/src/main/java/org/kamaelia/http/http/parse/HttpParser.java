package org.kamaelia.http.http.parse;

import java.nio.ByteBuffer;
import java.time.Duration;
import org.kamaelia.http.component.Cancellable;
import org.kamaelia.http.component.Component;
import org.kamaelia.http.component.Inbox;
import org.kamaelia.http.component.Outbox;
import org.kamaelia.http.component.ProducerFinished;
import org.kamaelia.http.component.ShutdownRequested;
import org.kamaelia.http.component.Signal;
import org.kamaelia.http.http.BadRequest;
import org.kamaelia.http.http.EndOfRequest;
import org.kamaelia.http.http.HttpTimeouts;
import org.kamaelia.http.http.RequestHead;
import org.kamaelia.http.http.RequestPart;
import org.kamaelia.http.net.ByteChunk;

/**
 * The component that turns a connection's bytes into request parts, wrapping a {@link RequestDecoder}.
 *
 * <p>Boxes:
 * <ul>
 *   <li>{@code inbox}: bytes from the connection;
 *   <li>{@code outbox}: {@code RequestHead}, {@code BodyChunk}s and {@code EndOfRequest} for each request in
 *       order (pipelined requests included), or one {@code BadRequest};
 *   <li>{@code control}: {@code ProducerFinished} when the client sent its last byte (or the server drains);
 *   <li>{@code signal}: {@code ProducerFinished} once everything received has been decoded after that.
 * </ul>
 *
 * <p>Backpressure: the parser decodes only while its outbox has room, so a request handler that cannot take
 * more body leaves bytes in this inbox, which fills, which stops the connection reading the socket.
 *
 * <p>Deadlines: the request head must be complete within {@link HttpTimeouts#header()} of its first byte (of
 * the connection's opening for the first request); a body must not stall longer than {@link HttpTimeouts#body()}
 * while the parser waits for it. Either sends {@code BadRequest(408)}.
 */
public final class HttpParser extends Component {
    private static final ByteBuffer NO_BYTES = ByteBuffer.allocate(0);

    /** Bytes from the connection. */
    public final Inbox<ByteChunk> inbox = newInbox("inbox", "bytes from the connection", 16);

    /** Request parts, in order. */
    public final Outbox<RequestPart> outbox = newOutbox("outbox", "request heads, body chunks and ends, in order");

    private final RequestDecoder decoder;
    private final HttpTimeouts timeouts;
    private ByteBuffer current;
    private boolean inputEnded;
    private boolean finishedSignalled;
    private boolean failed;
    private boolean awaitingFirstRequest = true;
    private boolean headInProgress;
    private long headStarted;
    private long lastBodyInput;
    private Cancellable headTimer;
    private Cancellable bodyTimer;

    /** A parser enforcing {@code limits} and {@code timeouts}. */
    public HttpParser(DecoderLimits limits, HttpTimeouts timeouts) {
        this.decoder = new RequestDecoder(limits);
        this.timeouts = timeouts;
    }

    @Override
    protected void onStart() {
        headStarted = nanoTime();
        armHeadTimer(timeouts.header());
    }

    @Override
    protected void react() {
        for (Signal s; (s = control.poll()) != null; ) {
            if (s instanceof ProducerFinished) {
                inputEnded = true;
            } else if (s instanceof ShutdownRequested) {
                finish();
                return;
            }
        }
        if (!failed) {
            decode();
        } else {
            inbox.clear();
            current = null;
        }
        if (inputEnded && !finishedSignalled && inbox.isEmpty() && (current == null || !current.hasRemaining())) {
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
                    decoder.releaseIdleBuffer();
                    armBodyTimerIfWaiting();
                    return;
                }
                current = next.buffer();
                bytesArrived();
                continue;
            }
            outbox.send(part);
            if (part instanceof RequestHead) {
                // The head deadline is not cancelled (that would cost a timer per request); it finds no head
                // in progress when it fires, or re-arms for the head in progress then.
                headInProgress = false;
                awaitingFirstRequest = false;
                lastBodyInput = nanoTime();
            } else if (part instanceof EndOfRequest && current != null && current.hasRemaining()) {
                // Bytes of a pipelined request already wait: its head deadline starts now.
                headInProgress = true;
                headStarted = nanoTime();
                if (headTimer == null) {
                    armHeadTimer(timeouts.header());
                }
            } else if (part instanceof BadRequest) {
                failed = true;
                cancelTimers();
                inbox.clear();
                current = null;
                return;
            }
        }
    }

    private void bytesArrived() {
        long now = nanoTime();
        if (decoder.isIdle() && !headInProgress) {
            headInProgress = true;
            headStarted = now;
            if (headTimer == null) {
                armHeadTimer(timeouts.header());
            }
        }
        lastBodyInput = now;
    }

    private void armHeadTimer(Duration delay) {
        headTimer = runAfter(delay, this::headDeadline);
    }

    private void headDeadline() {
        headTimer = null;
        if (failed || !(headInProgress || awaitingFirstRequest)) {
            return;
        }
        long elapsed = nanoTime() - headStarted;
        long limit = timeouts.header().toNanos();
        if (elapsed < limit) {
            armHeadTimer(Duration.ofNanos(limit - elapsed));
            return;
        }
        failWith(new BadRequest(408, "request head timeout"));
    }

    private void armBodyTimerIfWaiting() {
        if (decoder.isInsideBody() && bodyTimer == null && !inputEnded) {
            bodyTimer = runAfter(timeouts.body(), this::bodyDeadline);
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
            failWith(new BadRequest(408, "request body timeout"));
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
        cancel(headTimer);
        cancel(bodyTimer);
        headTimer = null;
        bodyTimer = null;
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
}
