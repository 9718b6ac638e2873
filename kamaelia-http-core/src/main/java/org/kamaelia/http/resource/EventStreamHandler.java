package org.kamaelia.http.resource;

import java.time.Duration;
import java.util.Optional;
import org.kamaelia.http.component.Cancellable;
import org.kamaelia.http.handler.HandlerComponent;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.RequestPart;
import org.kamaelia.http.message.ResponseHead;

/**
 * A handler that answers with a server-sent event stream: it sends the head ({@code text/event-stream},
 * {@code Cache-Control: no-cache}, declared endless, so the framing is {@code Connection: close}), a comment
 * every keep-alive interval, and whatever events the subclass sends.
 *
 * <pre>{@code
 * final class Clock extends EventStreamHandler {
 *     Clock() { super(Duration.ofSeconds(15)); }
 *     protected void opened(Optional<String> lastEventId) { tick(); }
 *     private void tick() {
 *         send(ServerSentEvent.of(Instant.now().toString()).withEvent("time"));
 *         runAfter(Duration.ofSeconds(1), this::tick);
 *     }
 * }
 * }</pre>
 *
 * <p>When the client goes away the connection closes, the handler is finished and {@link #closed()} runs; the
 * request is reported to the observer as not completed.
 */
public abstract class EventStreamHandler extends HandlerComponent {
    private final Duration keepAlive;
    private Cancellable keepAliveTimer;
    private boolean open;
    private long dropped;

    /** A stream that sends a comment every {@code keepAlive} to keep proxies from closing it. */
    protected EventStreamHandler(Duration keepAlive) {
        this.keepAlive = keepAlive;
    }

    /** Called once the head is sent, with the {@code Last-Event-ID} the client sent, if any. */
    protected void opened(Optional<String> lastEventId) {}

    /** Called when the stream ends (the client went away or the server is stopping). */
    protected void closed() {}

    /**
     * Sends {@code event} if the client keeps up.
     *
     * @return {@code false} if the connection is backed up and the event was dropped
     */
    protected final boolean send(ServerSentEvent event) {
        if (!open || !outbox.hasRoom()) {
            dropped++;
            return false;
        }
        outbox.send(ByteChunk.wrap(event.encode()));
        return true;
    }

    /** How many events were dropped because the client did not keep up. */
    protected final long dropped() {
        return dropped;
    }

    @Override
    protected void react() {
        for (RequestPart part; (part = inbox.poll()) != null; ) {
            if (part instanceof RequestHead head && !open) {
                open = true;
                outbox.send(ResponseHead.status(200)
                        .header("Content-Type", "text/event-stream")
                        .header("Cache-Control", "no-cache")
                        .endless()
                        .build());
                keepAliveTimer = runAfter(keepAlive, this::keepAlive);
                opened(head.headers().first("Last-Event-ID"));
            }
        }
    }

    private void keepAlive() {
        if (outbox.hasRoom()) {
            outbox.send(ByteChunk.wrap(ServerSentEvent.comment("keep-alive")));
        }
        keepAliveTimer = runAfter(keepAlive, this::keepAlive);
    }

    @Override
    protected void onFinish() {
        if (keepAliveTimer != null) {
            keepAliveTimer.cancel();
        }
        closed();
    }
}
