package org.kamaelia.http.protocol;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.kamaelia.http.codec.response.ResponseEncoder;
import org.kamaelia.http.codec.response.ResponseGenerator;
import org.kamaelia.http.codec.response.ResponseGenerator.Outcome;
import org.kamaelia.http.codec.response.ResponseGenerator.State;
import org.kamaelia.http.component.Cancellable;
import org.kamaelia.http.component.Component;
import org.kamaelia.http.component.ComponentState;
import org.kamaelia.http.component.Inbox;
import org.kamaelia.http.component.Outbox;
import org.kamaelia.http.component.ProducerFinished;
import org.kamaelia.http.component.ShutdownRequested;
import org.kamaelia.http.component.Signal;
import org.kamaelia.http.handler.HandlerComponent;
import org.kamaelia.http.handler.KeepAlive;
import org.kamaelia.http.handler.RequestHandlerFactory;
import org.kamaelia.http.message.BadRequest;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.Framing;
import org.kamaelia.http.message.HttpTimeouts;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.RequestPart;
import org.kamaelia.http.message.RequestTarget;
import org.kamaelia.http.message.ResponsePart;
import org.kamaelia.http.net.ConnectionInfo;
import org.kamaelia.http.observe.HttpObserver;
import org.kamaelia.http.observe.TimeoutKind;

/**
 * Answers the requests of one connection, one at a time and in order: for each request it makes a handler
 * component through the {@link RequestHandlerFactory}, links it, relays the request body to it and relays its
 * response parts through the connection's {@link ResponseGenerator}, which frames them (the original's
 * HTTPRequestHandler). It sequences; the rules live in the generator, {@link KeepAlivePolicy} and
 * {@link ExchangePhase}.
 *
 * <pre>
 *   parser --RequestPart--> inbox                          outbox --bytes--> connection
 *   parser.signal --> control                              signal --> connection.control
 *              handlerOutbox --RequestPart--> handler.inbox
 *              handler.outbox --ResponsePart--> handlerInbox
 *              handlerSignal --> handler.control, handler.signal --> handlerControl
 * </pre>
 *
 * <p>What it guarantees:
 * <ul>
 *   <li>responses go out in request order (pipelined requests wait in the inbox, which backs up to the socket);
 *   <li>a handler never serves two requests at once, persistent or not;
 *   <li>the request body reaches the handler only as fast as the handler takes it; for
 *       {@code Expect: 100-continue} only after the handler asks for it with a 100 head (RFC 9110 section
 *       10.1.1); a body nobody read is drained (up to a limit) or the connection is closed;
 *   <li>a handler that throws, breaks the framing, or ends without a response, gets a 500 if nothing was sent, or a
 *       cut connection if the head was already sent: never a hang;
 *   <li>when the connection goes, the handler is finished with it.
 * </ul>
 * Runs on its connection's loop only, like every component.
 */
public final class HttpRequestHandler extends Component {
    private static final System.Logger LOG = System.getLogger(HttpRequestHandler.class.getName());

    /** Request parts from the parser. */
    public final Inbox<RequestPart> inbox = newInbox("inbox", "request parts from the parser", 16);

    /** Response bytes for the connection. */
    public final Outbox<ByteChunk> outbox = newOutbox("outbox", "response bytes for the connection");

    /** Response parts from the handler serving the current request. */
    public final Inbox<ResponsePart> handlerInbox = newInbox(
            "handlerInbox",
            "response parts from the current request's handler, weighed in body bytes",
            64 * 1024,
            16 * 1024,
            // Heads and the end marker weigh nothing: a handler can always end the response it started.
            part -> part instanceof ByteChunk chunk ? Math.max(1, chunk.length()) : 0);

    /** Lifecycle signals from the current handler. */
    public final Inbox<Signal> handlerControl =
            newInbox("handlerControl", "lifecycle signals from the current request's handler", 16);

    /** Request parts for the current handler. */
    public final Outbox<RequestPart> handlerOutbox =
            newOutbox("handlerOutbox", "request head, body chunks and end for the current handler");

    /** Lifecycle signals for the current handler. */
    public final Outbox<Signal> handlerSignal =
            newOutbox("handlerSignal", "lifecycle signals for the current request's handler");

    private final RequestHandlerFactory factory;
    private final KeepAlive keepAlive;
    private final HttpTimeouts timeouts;
    private final HttpObserver observer;
    private final ConnectionInfo connection;
    // One per connection, reset per request: responses of one connection never overlap.
    private final ResponseRelay relay;
    private final ResponseGenerator generator;
    private Exchange exchange;
    private int served;
    private boolean inputEnded;
    private boolean closing;
    private Cancellable idleTimer;
    private volatile long peakBuffered;
    private long idleSince = -1;

    /**
     * A request handler for one connection.
     *
     * @param factory makes the handler of each request
     * @param encoder the response byte helpers
     * @param keepAlive connection reuse rules
     * @param timeouts the idle deadline between requests is used here
     * @param observer told about every request
     * @param connection the connection served
     */
    public HttpRequestHandler(
            RequestHandlerFactory factory,
            ResponseEncoder encoder,
            KeepAlive keepAlive,
            HttpTimeouts timeouts,
            HttpObserver observer,
            ConnectionInfo connection) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.relay = new ResponseRelay(this, encoder, keepAlive);
        this.generator = relay.generator();
        this.keepAlive = keepAlive;
        this.timeouts = timeouts;
        this.observer = observer;
        this.connection = connection;
    }

    boolean inputEnded() {
        return inputEnded;
    }

    /** The most response bytes that ever waited here for the connection; safe to read from any thread. */
    public long peakBufferedBytes() {
        return peakBuffered;
    }

    /** How many requests this connection has served. */
    public int served() {
        return served;
    }

    /** What the connection is doing now: {@code idle}, {@code reading}, {@code responding} or {@code closing}. */
    public String activity() {
        if (closing) {
            return "closing";
        }
        // Read once: other threads may look while the loop changes it.
        return exchange == null ? "idle" : generator.state() == State.START ? "reading" : "responding";
    }

    /** The framing of the response in flight, if its head has been sent. */
    public Optional<Framing> framingInFlight() {
        return exchange != null && generator.state() != State.START
                ? Optional.of(generator.framing())
                : Optional.empty();
    }

    @Override
    protected void react() {
        long buffered = handlerInbox.weight();
        if (buffered > peakBuffered) {
            peakBuffered = buffered; // written only when it grows: a volatile write per reaction would cost
        }
        for (Signal s; (s = control.poll()) != null; ) {
            if (s instanceof ProducerFinished) {
                inputEnded = true;
            } else if (s instanceof ShutdownRequested shutdown) {
                abortConnection(shutdown.reason());
                return;
            }
        }
        while (state() == ComponentState.RUNNING) {
            if (exchange == null) {
                if (closing) {
                    inbox.clear();
                    return;
                }
                RequestPart part = inbox.poll();
                if (part == null) {
                    if (inputEnded) {
                        closeGracefully();
                    } else {
                        armIdleTimer();
                    }
                    return;
                }
                idleSince = -1;
                if (part instanceof RequestHead head) {
                    startExchange(head);
                } else if (part instanceof BadRequest bad) {
                    answerBadRequest(bad);
                    return;
                }
                continue;
            }
            pump();
            if (exchange == null || state() != ComponentState.RUNNING || exchange.phase() != ExchangePhase.DONE) {
                return;
            }
            completeExchange();
        }
    }

    // ----- one exchange ---------------------------------------------------------------------------------

    private void startExchange(RequestHead head) {
        Exchange ex = new Exchange(head, nanoTime(), ExchangePhase.first(head.expectsContinue()));
        exchange = ex;
        relay.begin(ex);
        RequestScreen refusal = RequestScreen.refusal(head);
        if (refusal != null) {
            relay.respondWithError(refusal.status(), refusal.message());
            return;
        }
        if (head.target().form() == RequestTarget.Form.ASTERISK) {
            relay.respond(RequestScreen.SERVER_OPTIONS, ByteChunk.EMPTY);
            return;
        }
        HandlerComponent handler;
        try {
            handler = factory.create(head);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, () -> "handler factory failed for " + head.method() + " " + head.path(), e);
            relay.respondWithError(500, "The server could not handle this request.");
            return;
        }
        if (handler == null) {
            relay.respondWithError(500, "No handler for this request.");
            return;
        }
        ex.route = handler.route();
        ex.reportStarted(observer, connection);
        if (handler.state() == ComponentState.CREATED) {
            HandlerLinks.attach(this, ex, handler);
            addChild(handler);
        } else if (handler.state() == ComponentState.RUNNING && handler.parent() == this) {
            HandlerLinks.attach(this, ex, handler); // a persistent handler, idle between requests
            handler.wake();
        } else {
            relay.respondWithError(500, "Handler unavailable.");
            return;
        }
        handlerOutbox.send(head);
    }

    private void pump() {
        relayRequestBody();
        if (exchange != null) {
            Outcome outcome = relay.relay();
            if (outcome.isViolation()) {
                handlerBroke(outcome.describe());
            }
        }
        if (exchange != null) {
            checkHandlerEnded();
        }
        if (exchange != null && exchange.phase().requestOpen()) {
            // Again, after the response parts: a 100 head just relayed releases a body that is already waiting
            // (nothing else would wake this component for it), and an ended response lets the rest be drained.
            relayRequestBody();
        }
    }

    private void relayRequestBody() {
        BadRequest bad = BodyRelay.relay(inbox, handlerOutbox, exchange, keepAlive);
        if (bad != null) {
            requestBodyFailed(bad);
        }
    }

    private void checkHandlerEnded() {
        Exchange ex = exchange;
        for (Signal s; (s = handlerControl.poll()) != null; ) {
            ex.handlerSaidDone = true;
            ex.mustClose |= s instanceof ShutdownRequested;
        }
        boolean handlerGone = ex.handler != null && ex.handler.state() == ComponentState.FINISHED;
        if (generator.state() == State.END || !handlerInbox.isEmpty() || !(ex.handlerSaidDone || handlerGone)) {
            return;
        }
        Outcome outcome = generator.state() == State.START ? null : relay.handlerEnded(ex.handlerSaidDone);
        if (outcome == null || outcome.isViolation()) {
            failExchange("The handler ended without a response.", "the handler ended in the middle of its response");
        }
    }

    @Override
    protected void childFailed(Component child, Throwable cause) {
        Exchange ex = exchange;
        if (ex == null || child != ex.handler) {
            return;
        }
        ex.mustClose |= ex.phase().requestOpen(); // the unread body's framing cannot be trusted
        failExchange("The server failed while handling this request.", "the handler failed after its head was sent");
        wake();
    }

    private void handlerBroke(String what) {
        LOG.log(Level.WARNING, () -> "handler for " + exchange.head.path() + " " + what);
        failExchange("The handler misbehaved.", "the handler " + what);
    }

    /** A fault of the handler's: a 500 page if no head went out, else a cut, as nothing else can warn the client. */
    private void failExchange(String page, String whyCut) {
        if (generator.state() == State.START) {
            relay.respondWithError(500, page);
        } else {
            cutConnection(whyCut);
        }
    }

    private void requestBodyFailed(BadRequest bad) {
        Exchange ex = exchange;
        observer.parseError(connection, bad);
        if (bad.status() == 408) {
            observer.timeout(
                    connection, bad.equals(BadRequest.BODY_TOO_SLOW) ? TimeoutKind.BODY_RATE : TimeoutKind.BODY);
        }
        ex.endRequest();
        ex.mustClose = true;
        if (generator.state() == State.END) {
            return; // the answer is whole: only the rest of the body, which nobody needed, was bad
        }
        handlerSignal.send(new ShutdownRequested(ShutdownRequested.Reason.FAILURE));
        if (generator.state() == State.START) {
            relay.respondWithError(bad.status(), bad.reason());
            completeExchange();
        } else {
            cutConnection("the request body was bad: " + bad.reason());
        }
    }

    private void completeExchange() {
        Exchange ex = exchange;
        exchange = null;
        HandlerLinks.detach(this, ex);
        served++;
        ex.reportCompleted(observer, connection, generator.status(), generator.framing(), nanoTime(), true);
        if (!generator.persistent() || ex.mustClose) {
            // A client that asked for the close, and whose request was read to its end, sends nothing more: the
            // connection need not linger for its bytes (nginx's heuristic; see TcpConnection).
            boolean clientDone = !ex.head.keepAliveRequested() && !ex.mustClose && inbox.isEmpty();
            closeGracefully(clientDone ? ProducerFinished.PEER_FINISHED : ProducerFinished.INSTANCE);
        }
    }

    // ----- the connection ---------------------------------------------------------------------------------

    private void answerBadRequest(BadRequest bad) {
        observer.parseError(connection, bad);
        exchange = new Exchange(RequestScreen.UNPARSED, nanoTime(), ExchangePhase.RESPONDING);
        exchange.mustClose = true;
        relay.begin(exchange);
        relay.respondWithError(bad.status(), bad.reason());
        if (bad.status() == 408) {
            // Closed for the deadline (its reason recorded), not gracefully after the answer.
            observer.timeout(connection, TimeoutKind.HEADER);
            closing = true;
            completeExchange();
            signal.send(new ShutdownRequested(ShutdownRequested.Reason.TIMEOUT));
        } else {
            completeExchange();
        }
    }

    private void cutConnection(String why) {
        LOG.log(Level.DEBUG, () -> connection.remote() + ": cutting the connection: " + why);
        Exchange ex = exchange;
        if (ex != null) {
            exchange = null;
            HandlerLinks.detach(this, ex);
            ex.reportCut(observer, connection, generator, nanoTime(), 500);
        }
        closing = true;
        signal.send(new ShutdownRequested(ShutdownRequested.Reason.FAILURE));
    }

    private void closeGracefully() {
        closeGracefully(ProducerFinished.INSTANCE);
    }

    private void closeGracefully(ProducerFinished finished) {
        if (!closing) {
            closing = true;
            idleSince = -1;
            signal.send(finished);
        }
    }

    private void abortConnection(ShutdownRequested.Reason reason) {
        closing = true;
        if (reason == ShutdownRequested.Reason.TIMEOUT) {
            observer.timeout(connection, TimeoutKind.HEADER);
        }
        signal.send(new ShutdownRequested(reason));
    }

    // The idle deadline moves with every request instead of a timer being cancelled and made per request: one
    // timer at a time re-checks the deadline when it fires.
    private void armIdleTimer() {
        if (!closing) {
            idleSince = nanoTime();
            if (idleTimer == null) {
                idleTimer = runAfter(timeouts.idle(), this::idleDeadline);
            }
        }
    }

    private void idleDeadline() {
        idleTimer = null;
        if (idleSince < 0 || closing) {
            return;
        }
        long left = timeouts.idle().toNanos() - (nanoTime() - idleSince);
        if (left > 0) {
            idleTimer = runAfter(Duration.ofNanos(left), this::idleDeadline);
        } else if (exchange == null && inbox.isEmpty()) {
            observer.timeout(connection, TimeoutKind.IDLE);
            closing = true;
            signal.send(new ShutdownRequested(ShutdownRequested.Reason.TIMEOUT));
        }
    }

    @Override
    protected void onFinish() {
        if (idleTimer != null) {
            idleTimer.cancel();
        }
        Exchange ex = exchange;
        if (ex != null && generator.state() != State.END) {
            exchange = null;
            // 499 (as nginx logs it) when the client went away before any head was sent
            ex.reportCut(observer, connection, generator, nanoTime(), 499);
        }
    }
}
