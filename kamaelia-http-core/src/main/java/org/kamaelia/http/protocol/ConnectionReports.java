package org.kamaelia.http.protocol;

import org.kamaelia.http.codec.response.ResponseGenerator;
import org.kamaelia.http.message.BadRequest;
import org.kamaelia.http.net.ConnectionInfo;
import org.kamaelia.http.observe.HttpObserver;
import org.kamaelia.http.observe.RequestLog;
import org.kamaelia.http.observe.TimeoutKind;

/**
 * Tells the server's observer what happened to one connection's exchanges: each request started once, then
 * completed whole or cut, with the status the client saw; bad requests, and the deadline behind each 408.
 */
final class ConnectionReports {
    /** The status logged for a request whose client went away before any head was sent (as nginx logs it). */
    static final int CLIENT_GONE = 499;

    /** The status logged for a request cut by the server before any head was sent. */
    static final int SERVER_CUT = 500;

    private final HttpObserver observer;
    private final ConnectionInfo connection;

    ConnectionReports(HttpObserver observer, ConnectionInfo connection) {
        this.observer = observer;
        this.connection = connection;
    }

    /** The connection reported on. */
    ConnectionInfo connection() {
        return connection;
    }

    /** Reports {@code ex} started, the first time only. */
    void started(Exchange ex) {
        if (!ex.startReported) {
            ex.startReported = true;
            if (UnparsedRequest.isPlaceholder(ex.head)) {
                observer.requestStarted(connection, ex.head.method(), ex.route); // no head to tell of
            } else {
                observer.requestStarted(connection, ex.head, ex.route);
            }
        }
    }

    /** Reports {@code ex} answered whole, with the response {@code generator} wrote. */
    void completed(Exchange ex, ResponseGenerator generator, long now) {
        log(ex, generator.status(), generator, now, true);
    }

    /** Reports {@code ex} not answered whole; {@code statusIfNone} when no head went out. */
    void cut(Exchange ex, ResponseGenerator generator, long now, int statusIfNone) {
        log(ex, generator.status() == 0 ? statusIfNone : generator.status(), generator, now, false);
    }

    private void log(Exchange ex, int status, ResponseGenerator generator, long now, boolean whole) {
        started(ex);
        observer.requestCompleted(new RequestLog(
                connection,
                ex.head.origin(),
                ex.head.method(),
                ex.route,
                status,
                generator.framing(),
                ex.bytesIn,
                ex.bytesOut,
                now - ex.started,
                whole,
                UnparsedRequest.isPlaceholder(ex.head) ? null : ex.head,
                ex.handler == null ? ex.handlerFailure : ex.handler.requestFailure()));
    }

    /**
     * Reports a request the parser refused; a 408 is also a timeout, of the head or, {@code inBody}, of the body
     * (its stall deadline, or its minimum rate).
     */
    void badRequest(BadRequest bad, boolean inBody) {
        observer.parseError(connection, bad);
        if (bad.status() == 408) {
            observer.timeout(connection, timeoutKind(bad, inBody));
        }
    }

    static TimeoutKind timeoutKind(BadRequest bad, boolean inBody) {
        if (!inBody) {
            return TimeoutKind.HEADER;
        }
        return bad.equals(BadRequest.BODY_TOO_SLOW) ? TimeoutKind.BODY_RATE : TimeoutKind.BODY;
    }

    /** Reports a deadline of {@code kind} that closes the connection without a request to blame. */
    void timeout(TimeoutKind kind) {
        observer.timeout(connection, kind);
    }
}
