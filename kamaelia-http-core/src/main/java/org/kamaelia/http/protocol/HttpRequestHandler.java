package org.kamaelia.http.protocol;

import java.lang.System.Logger.Level;
import java.util.Iterator;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import org.kamaelia.http.codec.response.ResponseEncoder;
import org.kamaelia.http.component.Cancellable;
import org.kamaelia.http.component.Component;
import org.kamaelia.http.component.ComponentState;
import org.kamaelia.http.component.Inbox;
import org.kamaelia.http.component.Outbox;
import org.kamaelia.http.component.ProducerFinished;
import org.kamaelia.http.component.ShutdownRequested;
import org.kamaelia.http.component.Signal;
import org.kamaelia.http.handler.ErrorPages;
import org.kamaelia.http.handler.HandlerComponent;
import org.kamaelia.http.handler.KeepAlive;
import org.kamaelia.http.handler.RequestHandlerFactory;
import org.kamaelia.http.message.BadRequest;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.EndOfRequest;
import org.kamaelia.http.message.EndOfResponse;
import org.kamaelia.http.message.Framing;
import org.kamaelia.http.message.HttpHeaders;
import org.kamaelia.http.message.HttpStatus;
import org.kamaelia.http.message.HttpTimeouts;
import org.kamaelia.http.message.HttpVersion;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.RequestPart;
import org.kamaelia.http.message.RequestTarget;
import org.kamaelia.http.message.ResponseHead;
import org.kamaelia.http.message.ResponsePart;
import org.kamaelia.http.net.ConnectionInfo;
import org.kamaelia.http.observe.HttpObserver;
import org.kamaelia.http.observe.RequestLog;
import org.kamaelia.http.observe.TimeoutKind;

/**
 * Answers the requests of one connection, one at a time and in order: for each request it makes a handler
 * component through the {@link RequestHandlerFactory}, links it, relays the request body to it, frames its
 * response into bytes and decides whether the connection stays open (the original's HTTPRequestHandler).
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
 *   <li>framing is decided from the first response part ({@link ResponseEncoder#decide}); HEAD, 1xx, 204 and 304
 *       get no body;
 *   <li>keep-alive by default on HTTP/1.1 unless {@code Connection: close}; on HTTP/1.0 only with
 *       {@code Connection: keep-alive}; never after a close-delimited body or past the request limit;
 *   <li>a handler that throws, or ends without a response, gets a 500 if nothing was sent, or a cut connection
 *       if the head was already sent: never a hang;
 *   <li>when the connection goes, the handler is finished with it.
 * </ul>
 */
public final class HttpRequestHandler extends Component {
    private static final System.Logger LOG = System.getLogger(HttpRequestHandler.class.getName());
    // A whole body up to this size that is already waiting leaves in one chunk with its head.
    private static final int INLINE_BODY_LIMIT = 8 * 1024;
    private static final Set<String> KNOWN_METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

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
    private final ResponseEncoder encoder;
    private final KeepAlive keepAlive;
    private final HttpTimeouts timeouts;
    private final HttpObserver observer;
    private final ConnectionInfo connection;
    private Exchange exchange;
    private int served;
    private boolean inputEnded;
    private boolean closing;
    private Cancellable idleTimer;
    private volatile long peakBuffered;
    private long idleSince = -1;

    /** What the current request has done so far. */
    private static final class Exchange {
        final RequestHead head;
        final long started;
        HandlerComponent handler;
        String route = "none";
        boolean expectContinue;
        boolean continueSent;
        boolean requestEnded;
        long drained;
        boolean headSent;
        boolean headOnly;
        boolean responseEnded;
        boolean handlerSignalledEnd;
        boolean startReported;
        boolean closeAfter;
        int status;
        Framing framing = Framing.CONTENT_LENGTH;
        long declaredLength;
        long bodyOut;
        long bytesOut;
        long bytesIn;

        Exchange(RequestHead head, long started) {
            this.head = head;
            this.started = started;
        }
    }

    /**
     * A request handler for one connection.
     *
     * @param factory makes the handler of each request
     * @param encoder frames responses
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
        this.encoder = encoder;
        this.keepAlive = keepAlive;
        this.timeouts = timeouts;
        this.observer = observer;
        this.connection = connection;
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
        Exchange ex = exchange; // read once: other threads may look while the loop changes it
        if (ex == null) {
            return "idle";
        }
        return ex.headSent ? "responding" : "reading";
    }

    /** The framing of the response in flight, if its head has been sent. */
    public java.util.Optional<Framing> framingInFlight() {
        Exchange ex = exchange;
        return ex != null && ex.headSent ? java.util.Optional.of(ex.framing) : java.util.Optional.empty();
    }

    @Override
    protected void react() {
        long buffered = handlerInbox.weight();
        if (buffered > peakBuffered) {
            peakBuffered = buffered;
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
                cancelIdleTimer();
                if (part instanceof RequestHead head) {
                    startExchange(head);
                } else if (part instanceof BadRequest bad) {
                    answerBadRequest(bad);
                    return;
                }
                continue;
            }
            pump();
            if (exchange == null || state() != ComponentState.RUNNING) {
                return;
            }
            if (exchange.responseEnded && exchange.requestEnded) {
                completeExchange(true);
            } else {
                return;
            }
        }
    }

    // ----- one exchange ---------------------------------------------------------------------------------

    private void startExchange(RequestHead head) {
        Exchange ex = new Exchange(head, nanoTime());
        exchange = ex;
        ex.expectContinue = head.expectsContinue();
        if (!KNOWN_METHODS.contains(head.method())) {
            respondWithError(501, "Method not implemented.", HttpHeaders.EMPTY);
            return;
        }
        if (head.hasUnmetExpectation()) {
            respondWithError(417, "Only the expectation 100-continue is supported.", HttpHeaders.EMPTY);
            return;
        }
        if (head.method().equals("CONNECT")) {
            respondWithError(501, "CONNECT is not supported.", HttpHeaders.EMPTY);
            return;
        }
        if (head.target().form() == RequestTarget.Form.ASTERISK) {
            respondWithoutHandler(ResponseHead.status(200)
                    .header("Allow", "GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH")
                    .contentLength(0)
                    .build());
            return;
        }
        HandlerComponent handler;
        try {
            handler = factory.create(head);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, () -> "handler factory failed for " + head.method() + " " + head.path(), e);
            respondWithError(500, "The server could not handle this request.", HttpHeaders.EMPTY);
            return;
        }
        if (handler == null) {
            respondWithError(500, "No handler for this request.", HttpHeaders.EMPTY);
            return;
        }
        ex.route = handler.route();
        observer.requestStarted(connection, head.method(), ex.route);
        ex.startReported = true;
        if (handler.state() == ComponentState.CREATED) {
            attach(handler);
            addChild(handler);
        } else if (handler.state() == ComponentState.RUNNING && handler.parent() == this) {
            attach(handler); // a persistent handler, idle between requests
            handler.wake();
        } else {
            respondWithError(500, "Handler unavailable.", HttpHeaders.EMPTY);
            return;
        }
        handlerOutbox.send(head);
    }

    private void attach(HandlerComponent handler) {
        exchange.handler = handler;
        handlerInbox.clear();
        handlerControl.clear();
        // data
        link(handlerOutbox, handler.inbox);
        link(handler.outbox, handlerInbox);
        // control
        link(handlerSignal, handler.control);
        link(handler.signal, handlerControl);
    }

    private void detach(Exchange ex) {
        HandlerComponent handler = ex.handler;
        if (handler == null) {
            return;
        }
        unlink(handlerOutbox);
        unlink(handlerSignal);
        unlink(handler.outbox);
        unlink(handler.signal);
        handlerInbox.clear();
        handlerControl.clear();
        if (!handler.persistent() || handler.state() != ComponentState.RUNNING) {
            handler.stop();
        }
    }

    private void pump() {
        relayRequestBody();
        if (exchange == null) {
            return;
        }
        pumpResponse();
        if (exchange == null) {
            return;
        }
        checkHandlerEnded();
        if (exchange != null && !exchange.requestEnded) {
            // Again, after the response parts: a 100 head just relayed releases a body that is already waiting
            // (nothing else would wake this component for it), and an ended response lets the rest be drained.
            relayRequestBody();
        }
    }

    private void relayRequestBody() {
        Exchange ex = exchange;
        while (!ex.requestEnded) {
            if (ex.responseEnded && ex.expectContinue && !ex.continueSent) {
                // The client may never send the body it was not invited to send: close instead of waiting.
                ex.closeAfter = true;
                ex.requestEnded = true;
                return;
            }
            RequestPart part = inbox.peek();
            if (part == null || part instanceof RequestHead) {
                return;
            }
            if (part instanceof BadRequest bad) {
                inbox.poll();
                requestBodyFailed(bad);
                return;
            }
            if (ex.responseEnded) {
                inbox.poll();
                if (part instanceof ByteChunk chunk) {
                    ex.drained += chunk.length();
                    ex.bytesIn += chunk.length();
                    if (ex.drained > keepAlive.maxDrainBytes()) {
                        ex.closeAfter = true;
                        ex.requestEnded = true;
                    }
                } else if (part instanceof EndOfRequest) {
                    ex.requestEnded = true;
                }
                continue;
            }
            if (ex.expectContinue && !ex.continueSent) {
                return;
            }
            if (!handlerOutbox.hasRoom()) {
                return;
            }
            inbox.poll();
            if (part instanceof ByteChunk chunk) {
                ex.bytesIn += chunk.length();
            } else if (part instanceof EndOfRequest) {
                ex.requestEnded = true;
            }
            handlerOutbox.send(part);
        }
    }

    private void pumpResponse() {
        for (ResponsePart part; (part = handlerInbox.peek()) != null; ) {
            if (!outbox.hasRoom()) {
                return; // the connection's write queue is full: woken when it drains
            }
            handlerInbox.poll();
            Exchange ex = exchange;
            if (ex.responseEnded) {
                continue;
            }
            if (part instanceof ResponseHead head) {
                onHead(head);
            } else if (part instanceof ByteChunk chunk) {
                onBody(chunk);
            } else if (part instanceof EndOfResponse end) {
                onEnd(end);
            }
            if (exchange != ex) {
                return;
            }
        }
    }

    private void onHead(ResponseHead head) {
        Exchange ex = exchange;
        if (head.isInterim()) {
            if (ex.headSent) {
                return;
            }
            if (head.status() == 100) {
                if (ex.expectContinue && !ex.continueSent) {
                    ex.continueSent = true;
                    write(encoder.continueHead());
                }
                ex.continueSent = true;
            } else if (head.status() != 101 && ex.head.version() == HttpVersion.HTTP_1_1) {
                write(encoder.interim(head));
            }
            return;
        }
        if (ex.headSent) {
            handlerBroke("sent a second response head");
            return;
        }
        OptionalLong length = head.contentLength();
        if (length.isEmpty() && !head.endless()) {
            length = lengthOfCompleteBatch();
        }
        sendHead(head, length);
    }

    /** The body's length if every part of it, through EndOfResponse, is already waiting (the seed's rule). */
    private OptionalLong lengthOfCompleteBatch() {
        long total = 0;
        for (Iterator<ResponsePart> it = handlerInbox.waiting(); it.hasNext(); ) {
            ResponsePart part = it.next();
            if (part instanceof ByteChunk chunk) {
                total += chunk.length();
            } else if (part instanceof EndOfResponse) {
                return OptionalLong.of(total);
            } else {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }

    private void sendHead(ResponseHead head, OptionalLong length) {
        Exchange ex = exchange;
        RequestHead request = ex.head;
        Framing framing = ResponseEncoder.decide(request.version(), head.status(), length, head.endless());
        ex.framing = framing;
        ex.status = head.status();
        ex.declaredLength = length.orElse(0);
        ex.headOnly = request.isHead() || HttpStatus.forbidsContent(head.status());
        boolean close = ex.closeAfter
                || !keepAlive.enabled()
                || !request.keepAliveRequested()
                || framing == Framing.CLOSE_DELIMITED
                || served + 1 >= keepAlive.maxRequests()
                || inputEnded
                || (ex.expectContinue && !ex.continueSent);
        ex.closeAfter = close;
        ex.headSent = true;
        ByteChunk whole = wholeShortBody(ex);
        if (whole == null) {
            write(encoder.head(head, framing, ex.declaredLength, close, request.version()));
        } else {
            // The head and a short body that is already here leave as one piece: one chunk, one message.
            handlerInbox.poll();
            write(encoder.head(head, framing, ex.declaredLength, close, request.version(), whole.buffer()));
            ex.bodyOut = whole.length();
        }
    }

    /** The waiting body chunk that is the whole of a short Content-Length body, or {@code null}. */
    private ByteChunk wholeShortBody(Exchange ex) {
        if (ex.framing != Framing.CONTENT_LENGTH
                || ex.headOnly
                || ex.declaredLength == 0
                || ex.declaredLength > INLINE_BODY_LIMIT) {
            return null;
        }
        return handlerInbox.peek() instanceof ByteChunk chunk && chunk.length() == ex.declaredLength ? chunk : null;
    }

    private void onBody(ByteChunk chunk) {
        Exchange ex = exchange;
        if (!ex.headSent) {
            handlerBroke("sent body before a response head");
            return;
        }
        int length = chunk.length();
        if (ex.headOnly || length == 0) {
            return;
        }
        switch (ex.framing) {
            case CONTENT_LENGTH -> {
                long room = ex.declaredLength - ex.bodyOut;
                if (length > room) {
                    if (room > 0) {
                        write(chunk.slice(0, (int) room));
                        ex.bodyOut += room;
                    }
                    handlerBroke("sent more than its Content-Length");
                    return;
                }
                write(chunk);
            }
            case CHUNKED -> {
                write(ResponseEncoder.chunkStart(length));
                write(chunk);
                write(ByteChunk.wrap(ResponseEncoder.chunkEnd()));
            }
            case CLOSE_DELIMITED -> write(chunk);
        }
        ex.bodyOut += length;
    }

    private void onEnd(EndOfResponse end) {
        Exchange ex = exchange;
        if (!ex.headSent) {
            handlerBroke("ended its response without a head");
            return;
        }
        endResponse(end.trailers());
    }

    private void endResponse(HttpHeaders trailers) {
        Exchange ex = exchange;
        if (!ex.headOnly) {
            if (ex.framing == Framing.CHUNKED) {
                write(ResponseEncoder.lastChunk(trailers));
            } else if (ex.framing == Framing.CONTENT_LENGTH && ex.bodyOut < ex.declaredLength) {
                handlerBroke("sent less than its Content-Length");
                return;
            }
        }
        ex.responseEnded = true;
    }

    private void checkHandlerEnded() {
        Exchange ex = exchange;
        for (Signal s; (s = handlerControl.poll()) != null; ) {
            ex.handlerSignalledEnd = true;
            if (s instanceof ShutdownRequested) {
                ex.closeAfter = true;
            }
        }
        boolean handlerGone = ex.handler != null && ex.handler.state() == ComponentState.FINISHED;
        if (ex.responseEnded || !handlerInbox.isEmpty() || !(ex.handlerSignalledEnd || handlerGone)) {
            return;
        }
        if (!ex.headSent) {
            respondWithError(500, "The handler ended without a response.", HttpHeaders.EMPTY);
        } else if (ex.handlerSignalledEnd && ex.framing != Framing.CONTENT_LENGTH) {
            endResponse(HttpHeaders.EMPTY); // the original's way: ProducerFinished ends the response
        } else if (ex.framing == Framing.CLOSE_DELIMITED) {
            ex.responseEnded = true; // closing the connection is how this body ends
        } else if (ex.framing == Framing.CONTENT_LENGTH && ex.bodyOut == ex.declaredLength) {
            ex.responseEnded = true;
        } else {
            cutConnection("the handler ended in the middle of its response");
        }
    }

    @Override
    protected void childFailed(Component child, Throwable cause) {
        Exchange ex = exchange;
        if (ex == null || child != ex.handler) {
            return;
        }
        if (!ex.headSent) {
            ex.closeAfter = !ex.requestEnded;
            respondWithError(500, "The server failed while handling this request.", HttpHeaders.EMPTY);
        } else {
            cutConnection("the handler failed after its response head was sent");
        }
        wake();
    }

    private void handlerBroke(String what) {
        LOG.log(Level.WARNING, () -> "handler for " + exchange.head.path() + " " + what);
        if (!exchange.headSent) {
            respondWithError(500, "The handler misbehaved.", HttpHeaders.EMPTY);
        } else {
            cutConnection("the handler " + what);
        }
    }

    private void requestBodyFailed(BadRequest bad) {
        Exchange ex = exchange;
        observer.parseError(connection, bad);
        if (bad.status() == 408) {
            observer.timeout(
                    connection, bad.equals(BadRequest.BODY_TOO_SLOW) ? TimeoutKind.BODY_RATE : TimeoutKind.BODY);
        }
        ex.requestEnded = true;
        ex.closeAfter = true;
        if (ex.responseEnded) {
            return; // the answer is whole: only the rest of the body, which nobody needed, was bad
        }
        handlerSignal.send(new ShutdownRequested(ShutdownRequested.Reason.FAILURE));
        if (!ex.headSent) {
            if (ex.handler != null) {
                detach(ex);
                ex.handler = null;
            }
            respondWithError(bad.status(), bad.reason(), HttpHeaders.EMPTY);
            completeExchange(true);
        } else {
            cutConnection("the request body was bad: " + bad.reason());
        }
    }

    /** Answers the current request here, without (or instead of) its handler. */
    private void respondWithError(int status, String message, HttpHeaders extra) {
        byte[] page = ErrorPages.page(status, message);
        ResponseHead head = ResponseHead.status(status)
                .header("Content-Type", ErrorPages.CONTENT_TYPE)
                .headers(extra)
                .contentLength(page.length)
                .build();
        respondWithoutHandler(head, page);
    }

    private void respondWithoutHandler(ResponseHead head) {
        respondWithoutHandler(head, new byte[0]);
    }

    private void respondWithoutHandler(ResponseHead head, byte[] body) {
        Exchange ex = exchange;
        if (ex.handler != null) {
            detach(ex);
            ex.handler = null;
        }
        if (!ex.requestEnded && ex.expectContinue && !ex.continueSent) {
            ex.closeAfter = true;
        }
        sendHead(head, OptionalLong.of(body.length));
        if (!ex.headOnly && body.length > 0) {
            write(ByteChunk.wrap(body));
            ex.bodyOut = body.length;
        }
        ex.responseEnded = true;
    }

    private void completeExchange(boolean completed) {
        Exchange ex = exchange;
        reportStart(ex);
        exchange = null;
        detach(ex);
        served++;
        report(ex, ex.status, completed);
        if (ex.closeAfter || !completed) {
            closeGracefully();
        }
    }

    // ----- the connection ---------------------------------------------------------------------------------

    private void answerBadRequest(BadRequest bad) {
        observer.parseError(connection, bad);
        exchange = new Exchange(UNPARSED, nanoTime());
        exchange.requestEnded = true;
        exchange.closeAfter = true;
        respondWithError(bad.status(), bad.reason(), HttpHeaders.EMPTY);
        if (bad.status() == 408) {
            // Closed for the deadline (its reason recorded), not gracefully after the answer.
            observer.timeout(connection, TimeoutKind.HEADER);
            closing = true;
            completeExchange(true);
            signal.send(new ShutdownRequested(ShutdownRequested.Reason.TIMEOUT));
        } else {
            completeExchange(true);
        }
    }

    /** The head given to a request whose head could not be parsed: answered, then the connection closes. */
    private static final RequestHead UNPARSED = new RequestHead(
            "UNKNOWN",
            new RequestTarget("/", RequestTarget.Form.ORIGIN, "", "/", "/", java.util.Optional.empty()),
            HttpVersion.HTTP_1_1,
            HttpHeaders.of("Connection", "close"),
            "",
            RequestHead.BodyFraming.NONE,
            OptionalLong.empty());

    private void reportStart(Exchange ex) {
        if (!ex.startReported) {
            ex.startReported = true;
            observer.requestStarted(connection, ex.head.method(), ex.route);
        }
    }

    private void cutConnection(String why) {
        LOG.log(Level.DEBUG, () -> connection.remote() + ": cutting the connection: " + why);
        Exchange ex = exchange;
        if (ex != null) {
            exchange = null;
            detach(ex);
            reportCut(ex, 500);
        }
        closing = true;
        signal.send(new ShutdownRequested(ShutdownRequested.Reason.FAILURE));
    }

    private void closeGracefully() {
        if (!closing) {
            closing = true;
            cancelIdleTimer();
            signal.send(ProducerFinished.INSTANCE);
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
        if (closing) {
            return;
        }
        idleSince = nanoTime();
        if (idleTimer == null) {
            idleTimer = runAfter(timeouts.idle(), this::idleDeadline);
        }
    }

    private void cancelIdleTimer() {
        idleSince = -1;
    }

    private void idleDeadline() {
        idleTimer = null;
        if (idleSince < 0 || closing) {
            return;
        }
        long idleFor = nanoTime() - idleSince;
        long limit = timeouts.idle().toNanos();
        if (idleFor < limit) {
            idleTimer = runAfter(java.time.Duration.ofNanos(limit - idleFor), this::idleDeadline);
        } else if (exchange == null && inbox.isEmpty()) {
            observer.timeout(connection, TimeoutKind.IDLE);
            closing = true;
            signal.send(new ShutdownRequested(ShutdownRequested.Reason.TIMEOUT));
        }
    }

    private void write(byte[] bytes) {
        write(ByteChunk.wrap(bytes));
    }

    private void write(ByteChunk chunk) {
        if (exchange != null) {
            exchange.bytesOut += chunk.length();
        }
        outbox.sendCompleting(chunk);
    }

    @Override
    protected void onFinish() {
        if (idleTimer != null) {
            idleTimer.cancel();
        }
        Exchange ex = exchange;
        if (ex != null && !ex.responseEnded) {
            exchange = null;
            // 499 (as nginx logs it) when the client went away before any head was sent
            reportCut(ex, 499);
        }
    }

    /** Reports a request whose response was not sent whole; {@code statusIfNone} when no head went out. */
    private void reportCut(Exchange ex, int statusIfNone) {
        reportStart(ex);
        report(ex, ex.status == 0 ? statusIfNone : ex.status, false);
    }

    private void report(Exchange ex, int status, boolean completed) {
        observer.requestCompleted(new RequestLog(
                connection,
                ex.head.method(),
                ex.route,
                status,
                ex.framing,
                ex.bytesIn,
                ex.bytesOut,
                nanoTime() - ex.started,
                completed));
    }
}
