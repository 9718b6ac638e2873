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
import org.kamaelia.http.component.ShutdownRequested;
import org.kamaelia.http.component.Signal;
import org.kamaelia.http.handler.HandlerComponent;
import org.kamaelia.http.handler.KeepAlive;
import org.kamaelia.http.handler.RequestHandlerFactory;
import org.kamaelia.http.message.BadRequest;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.ClientOrigin;
import org.kamaelia.http.message.Framing;
import org.kamaelia.http.message.HttpTimeouts;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.RequestPart;
import org.kamaelia.http.message.ResponsePart;
import org.kamaelia.http.net.ConnectionInfo;
import org.kamaelia.http.observe.HttpObserver;

/**
 * Answers the requests of one connection, one at a time and in order: for each request it makes a handler
 * component through the {@link RequestHandlerFactory}, links it, relays the request body to it and relays its
 * response parts through the connection's {@link ResponseGenerator}, which frames them (the original's
 * HTTPRequestHandler). It sequences; the rules live in the generator, {@link KeepAlivePolicy} and
 * {@link ExchangePhase}, and the work in package-private parts: {@link ResponseRelay} and {@link BodyRelay} move
 * the parts, {@link HandlerSupply} and {@link HandlerLinks} get and link the handler, {@link ConnectionEnd} keeps
 * the idle deadline and closes the connection, {@link ConnectionReports} tells the observer, and
 * {@link UnparsedRequest} answers a head that could not be parsed.
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

    private final KeepAlive keepAlive;
    private final ConnectionReports reports;
    private final ConnectionEnd end;
    private final HandlerSupply handlers;
    // One per connection, reset per request: responses of one connection never overlap.
    private final ResponseRelay relay;
    private final ResponseGenerator generator;
    private Exchange exchange;
    private int served;
    private HttpParser originSource; // the parser of this connection, when it is in the same graph

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
        this.handlers = new HandlerSupply(Objects.requireNonNull(factory, "factory"), this);
        this.relay = new ResponseRelay(this, encoder, keepAlive);
        this.generator = relay.generator();
        this.keepAlive = keepAlive;
        this.reports = new ConnectionReports(observer, connection);
        LoopTime time = new ComponentTime();
        this.end = new ConnectionEnd(signal, reports, timeouts.idle(), time, () -> exchange == null && inbox.isEmpty());
    }

    /**
     * Reads the origin of a request whose head could not be parsed from {@code parser}, this connection's parser
     * (on the same loop): it holds what the layers below told, such as the TLS session.
     */
    void readOriginFrom(HttpParser parser) {
        this.originSource = parser;
    }

    private ClientOrigin unparsedOrigin() {
        if (originSource != null) {
            return originSource.origin();
        }
        ConnectionInfo connection = reports.connection();
        return ClientOrigin.of(connection.remote(), connection.local(), "http");
    }

    /**
     * Who this connection's requests come from, as far as the connection itself knows: its addresses with what the
     * layers below told (a PROXY header's client, the TLS session), not what forwarding fields said for one
     * request. Empty when the parser is not in this handler's graph. Safe to read from any thread.
     */
    public Optional<ClientOrigin> connectionOrigin() {
        HttpParser parser = originSource;
        return parser == null ? Optional.empty() : Optional.of(parser.origin());
    }

    boolean inputEnded() {
        return end.inputEnded();
    }

    /** The most response bytes that ever waited here for the connection; safe to read from any thread. */
    public long peakBufferedBytes() {
        return relay.peakBufferedBytes();
    }

    /** How many requests this connection has served. */
    public int served() {
        return served;
    }

    /** What the connection is doing now: {@code idle}, {@code reading}, {@code responding} or {@code closing}. */
    public String activity() {
        if (end.closing()) {
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
        relay.notePeakBuffered();
        if (end.takeSignals(control)) {
            return;
        }
        while (state() == ComponentState.RUNNING) {
            if (exchange == null) {
                RequestPart part = end.nextRequestPart(inbox);
                if (part == null) {
                    return;
                }
                if (part instanceof RequestHead head) {
                    startExchange(head);
                } else if (part instanceof BadRequest bad) {
                    exchange = UnparsedRequest.answer(bad, unparsedOrigin(), relay, reports, end, nanoTime());
                    completeExchange();
                    return;
                } // anything else is what is left of a request given up on: dropped
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
        if (relay.screened(head)) {
            return;
        }
        HandlerComponent handler = handlers.handlerFor(ex);
        if (handler == null) {
            relay.respondWith(handlers.refusal());
            return;
        }
        reports.started(ex);
        HandlerLinks.attach(this, ex, handler);
        if (handler.state() == ComponentState.CREATED) {
            addChild(handler);
        } else {
            handler.wake(); // a persistent handler, idle between requests
        }
        handlerOutbox.send(head);
    }

    private void pump() {
        relayRequestBody();
        if (exchange != null) {
            Outcome outcome = relay.relay();
            if (outcome.isViolation()) {
                LOG.log(Level.WARNING, () -> "handler for " + exchange.head.path() + " " + outcome.describe());
                failExchange("The handler misbehaved.", "the handler " + outcome.describe());
            }
        }
        if (exchange != null && relay.handlerEnd().isViolation()) {
            failExchange("The handler ended without a response.", "the handler ended in the middle of its response");
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

    /** A fault of the handler's: a 500 page if no head went out, else a cut, as nothing else can warn the client. */
    private void failExchange(String page, String whyCut) {
        if (!relay.respondWithErrorBeforeHead(500, page)) {
            cutConnection(whyCut);
        }
    }

    private void requestBodyFailed(BadRequest bad) {
        reports.badRequest(bad, true);
        if (generator.state() == State.END) {
            return; // the answer is whole: only the rest of the body, which nobody needed, was bad
        }
        handlerSignal.send(new ShutdownRequested(ShutdownRequested.Reason.FAILURE));
        if (relay.respondWithErrorBeforeHead(bad.status(), bad.reason())) {
            completeExchange();
        } else {
            cutConnection("the request body was bad: " + bad.reason());
        }
    }

    private void completeExchange() {
        Exchange ex = exchange;
        exchange = null;
        HandlerLinks.detach(this, ex);
        relay.end();
        served++;
        reports.completed(ex, generator, nanoTime());
        if (!generator.persistent() || ex.mustClose) {
            end.closeGracefully(!ex.head.keepAliveRequested() && !ex.mustClose && inbox.isEmpty());
        }
    }

    private void cutConnection(String why) {
        Exchange ex = exchange;
        exchange = null;
        HandlerLinks.detach(this, ex);
        relay.end();
        end.cut(why, ex, generator, nanoTime());
    }

    @Override
    protected void onFinish() {
        end.cancel();
        Exchange ex = exchange;
        exchange = null;
        if (ex != null && generator.state() == State.END) {
            reports.completed(ex, generator, nanoTime()); // answered whole: only its unread body was lost
        } else if (ex != null) {
            reports.cut(ex, generator, nanoTime(), ConnectionReports.CLIENT_GONE);
        }
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
