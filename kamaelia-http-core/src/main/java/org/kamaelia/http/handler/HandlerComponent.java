package org.kamaelia.http.handler;

import java.util.Objects;
import org.kamaelia.http.component.Component;
import org.kamaelia.http.component.Inbox;
import org.kamaelia.http.component.Outbox;
import org.kamaelia.http.message.RequestPart;
import org.kamaelia.http.message.ResponsePart;

/**
 * A component that answers one request (the original's resource handler): the streaming level of the handler
 * API.
 *
 * <p>Boxes, linked by the {@link HttpRequestHandler} for the time of one request:
 * <ul>
 *   <li>{@code inbox}: the request, in order: its {@code RequestHead}, then {@code ByteChunk}s, then
 *       {@code EndOfRequest}. The body flows only as fast as this box is emptied;
 *   <li>{@code outbox}: the response: a {@code ResponseHead} (interim 1xx heads first, if any; a
 *       {@code ResponseHead} with status 100 asks for the body of an {@code Expect: 100-continue} request),
 *       then {@code ByteChunk}s, then {@code EndOfResponse}. Check {@code outbox.hasRoom()} before sending body
 *       parts: that is how a slow client slows the handler down;
 *   <li>{@code control}: {@code ShutdownRequested} if the request must be abandoned (the client went away, the
 *       body was bad); the handler is also finished when its connection closes;
 *   <li>{@code signal}: {@code ProducerFinished} also ends the response, as in the original.
 * </ul>
 *
 * <p>A ticker that sends a line every second, for ever:
 * <pre>{@code
 * final class Ticker extends HandlerComponent {
 *     private long n;
 *     protected void onStart() {
 *         outbox.send(ResponseHead.status(200).header("Content-Type", "text/plain").endless().build());
 *         tick();
 *     }
 *     private void tick() {
 *         if (outbox.hasRoom()) outbox.send(ByteChunk.utf8("tick " + n++ + "\n"));
 *         runAfter(Duration.ofSeconds(1), this::tick);
 *     }
 *     protected void react() { inbox.clear(); }
 * }
 * }</pre>
 *
 * <p>The handler runs on its connection's event loop, like every component: it must not block (use
 * {@link ThreadedHandler} for blocking code). Unless {@link #persistent()} says otherwise, the handler is
 * finished once its response has ended.
 *
 * <p>A factory may give the handler a {@link HandlerScope} (the Spring Boot starter does, to open the request's
 * tracing scope): the function and blocking handlers open it around the user's code, and a streaming handler opens
 * it itself with {@code try (HandlerScope.Opened opened = scope().open()) { ... }}.
 */
public abstract class HandlerComponent extends Component {
    /** The request: head, body chunks, end. */
    public final Inbox<RequestPart> inbox = newInbox("inbox", "the request: its head, body chunks and end", 16);

    /** The response: head, body chunks, end. */
    public final Outbox<ResponsePart> outbox = newOutbox("outbox", "the response: head, body chunks and end");

    private String route = "none";
    private HandlerScope scope = HandlerScope.NONE;
    private ResponseHeadRewrite headRewrite = ResponseHeadRewrite.NONE;
    // Written where the request code ran (a blocking handler's own thread) and read on the event loop when the
    // exchange ends.
    private volatile Throwable thrown;

    /**
     * Whether the factory may hand this same component back for later requests on the connection (the
     * original's persistent handler). The engine then keeps it running between requests and never gives it two
     * requests at once.
     */
    public boolean persistent() {
        return false;
    }

    /** The route prefix that chose this handler: a low-cardinality name for metrics. */
    public final String route() {
        return route;
    }

    /** Records the route prefix that chose this handler. */
    public final HandlerComponent route(String prefix) {
        this.route = prefix;
        return this;
    }

    /** What surrounds the request code this handler runs: {@link HandlerScope#NONE} unless its factory set one. */
    public final HandlerScope scope() {
        return scope;
    }

    /**
     * Sets what surrounds the request code this handler runs; called by the factory that returns the handler, on the
     * event loop, before the request's head reaches it (for a persistent handler, once per request).
     */
    public final HandlerComponent scope(HandlerScope value) {
        this.scope = Objects.requireNonNull(value, "scope");
        this.thrown = null; // a persistent handler's next request starts without the last one's failure
        return this;
    }

    /** What the engine changes in this handler's final response head: {@link ResponseHeadRewrite#NONE} unless set. */
    public final ResponseHeadRewrite responseHeadRewrite() {
        return headRewrite;
    }

    /**
     * Sets what the engine changes in this handler's final response head as it commits it; called by the factory
     * that returns the handler, before the request's head reaches it.
     */
    public final HandlerComponent responseHeadRewrite(ResponseHeadRewrite value) {
        this.headRewrite = Objects.requireNonNull(value, "value");
        return this;
    }

    /**
     * The request code this handler runs threw {@code failure}: kept for the request's report
     * ({@link org.kamaelia.http.observe.RequestLog#failure()}) and told to the scope. The function and blocking
     * handlers call it; a streaming handler may, from inside its open scope.
     */
    protected final void requestCodeFailed(Throwable failure) {
        thrown = failure;
        scope.failed(failure);
    }

    /**
     * What failed this handler's request: what its request code threw ({@link #requestCodeFailed}), else the
     * failure that ended the component, else {@code null}. A handler that wraps another answers for the inner one.
     */
    public Throwable requestFailure() {
        Throwable code = thrown;
        return code != null ? code : failure();
    }
}
