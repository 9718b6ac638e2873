package org.kamaelia.http.observe;

import java.time.Duration;
import org.kamaelia.http.message.BadRequest;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.TlsSessionInfo;
import org.kamaelia.http.net.AcceptProblem;
import org.kamaelia.http.net.CloseReason;
import org.kamaelia.http.net.ConnectionInfo;
import org.kamaelia.http.proxy.ProxyProtocolRejection;
import org.kamaelia.http.tls.TlsOutcome;

/**
 * Told what a server does, for metrics and logs. Called on event-loop threads: implementations must be
 * thread-safe and must not block. Every method has an empty default; {@link #NONE} ignores everything, so a
 * server without an observer pays only an empty call.
 */
public interface HttpObserver {
    /** An observer that ignores everything. */
    HttpObserver NONE = new HttpObserver() {};

    /** An observer that tells each of {@code observers}, in order; an empty list gives {@link #NONE}. */
    static HttpObserver composite(java.util.List<? extends HttpObserver> observers) {
        java.util.List<HttpObserver> all = java.util.List.copyOf(observers);
        if (all.isEmpty()) {
            return NONE;
        }
        if (all.size() == 1) {
            return all.get(0);
        }
        return new CompositeHttpObserver(all);
    }

    /** A connection was accepted. */
    default void connectionOpened(ConnectionInfo connection) {}

    /** A connection closed, with why and how many bytes crossed it. */
    default void connectionClosed(ConnectionInfo connection, CloseReason reason, long bytesIn, long bytesOut) {}

    /**
     * A request's head was accepted and its handler chosen; {@link #requestCompleted} follows for the same
     * connection (a connection serves one request at a time, so its id pairs the two).
     *
     * <p>Called on the connection's event loop. When the request handler factory returned a handler, this is
     * called on the same thread right after the factory returned, before that handler or anything else runs
     * (observers rely on it to pair what the factory saw with the request, as the Spring Boot starter's tracing
     * does); requests no factory answered (refused before routing, or the factory failed) are reported when
     * they complete.
     *
     * @param connection the connection it came on
     * @param method the request method
     * @param route the route prefix that will serve it, or {@code none}
     */
    default void requestStarted(ConnectionInfo connection, String method, String route) {}

    /**
     * The same event with the request's head, for observers that need more than its method (trace context in
     * its fields, an access log's target and headers). The server calls this one; by default it passes the method
     * on to {@link #requestStarted(ConnectionInfo, String, String)}. For bytes that were not a request there is
     * no head, and the server calls the method-only variant instead.
     *
     * @param connection the connection it came on
     * @param head the request's head (immutable: it may be kept and read on another thread)
     * @param route the route prefix that will serve it, or {@code none}
     */
    default void requestStarted(ConnectionInfo connection, RequestHead head, String route) {
        requestStarted(connection, head.method(), route);
    }

    /** A request's response ended or was cut. */
    default void requestCompleted(RequestLog request) {}

    /** Bytes from a client could not be a valid request (the error is answered and the connection closed). */
    default void parseError(ConnectionInfo connection, BadRequest error) {}

    /** Reading from a client paused because the server could take no more. */
    default void backpressurePaused(ConnectionInfo connection) {}

    /** Reading resumed after {@code pausedNanos}. */
    default void backpressureResumed(ConnectionInfo connection, long pausedNanos) {}

    /** A deadline passed and the connection was closed. */
    default void timeout(ConnectionInfo connection, TimeoutKind kind) {}

    /** The server could not take a waiting connection (out of file descriptors, at its limit, or an error). */
    default void acceptProblem(AcceptProblem problem) {}

    /** A TLS handshake on {@code connection} completed, {@code took} after the connection's TLS layer started. */
    default void tlsHandshakeCompleted(ConnectionInfo connection, TlsSessionInfo session, Duration took) {}

    /**
     * The TLS layer of {@code connection} ended, as {@code outcome} says (told once per TLS connection, before the
     * connection's close). A refused or failed handshake is the client's doing: count it, do not log it as an error.
     */
    default void tlsEnded(ConnectionInfo connection, TlsOutcome outcome) {}

    /**
     * The PROXY protocol header that had to open {@code connection} was missing, malformed, too long, cut short or
     * late, as {@code reason} says; the connection is being closed. The sender's fault: count it, do not log it as
     * an error.
     */
    default void proxyHeaderRejected(ConnectionInfo connection, ProxyProtocolRejection reason) {}
}
