package org.kamaelia.http.observe;

import org.kamaelia.http.message.ClientOrigin;
import org.kamaelia.http.message.Framing;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.net.ConnectionInfo;

/**
 * What happened to one request, reported once its response ended (or was cut).
 *
 * @param connection the connection it came on
 * @param origin who sent it: the client's address (after a PROXY header or trusted forwarding fields), the local
 *     address, the scheme and the TLS session, as the request's handler saw them
 * @param method the request method
 * @param route the route prefix that served it (low cardinality, safe as a metrics tag), or {@code none}
 * @param status the response status
 * @param framing how the response body was delimited
 * @param bytesIn request body bytes received
 * @param bytesOut response bytes sent, head included
 * @param durationNanos from the request head to the end of the response
 * @param completed whether the response was sent whole (false when it was cut short)
 * @param head the request's head, or {@code null} when the bytes were not a request (a parse error's answer);
 *     immutable, so an observer may keep it and read it on another thread
 * @param failure what failed the request's handler ({@link org.kamaelia.http.handler.HandlerComponent#requestFailure()}:
 *     what its request code threw, else what ended it), or {@code null}
 */
public record RequestLog(
        ConnectionInfo connection,
        ClientOrigin origin,
        String method,
        String route,
        int status,
        Framing framing,
        long bytesIn,
        long bytesOut,
        long durationNanos,
        boolean completed,
        RequestHead head,
        Throwable failure) {

    /** A report of a request whose handler did not fail. */
    public RequestLog(
            ConnectionInfo connection,
            ClientOrigin origin,
            String method,
            String route,
            int status,
            Framing framing,
            long bytesIn,
            long bytesOut,
            long durationNanos,
            boolean completed,
            RequestHead head) {
        this(
                connection,
                origin,
                method,
                route,
                status,
                framing,
                bytesIn,
                bytesOut,
                durationNanos,
                completed,
                head,
                null);
    }

    /** A report without the request's head (as for bytes that were not a request). */
    public RequestLog(
            ConnectionInfo connection,
            ClientOrigin origin,
            String method,
            String route,
            int status,
            Framing framing,
            long bytesIn,
            long bytesOut,
            long durationNanos,
            boolean completed) {
        this(connection, origin, method, route, status, framing, bytesIn, bytesOut, durationNanos, completed, null);
    }

    /**
     * A log whose origin is the connection's own addresses over clear text, without a head (for tests and callers
     * without a request head).
     */
    public RequestLog(
            ConnectionInfo connection,
            String method,
            String route,
            int status,
            Framing framing,
            long bytesIn,
            long bytesOut,
            long durationNanos,
            boolean completed) {
        this(
                connection,
                ClientOrigin.of(connection.remote(), connection.local(), "http"),
                method,
                route,
                status,
                framing,
                bytesIn,
                bytesOut,
                durationNanos,
                completed);
    }

    /** {@code SUCCESS}, {@code CLIENT_ERROR}... as Spring Boot's {@code outcome} tag spells them. */
    public String outcome() {
        return outcomeOf(status);
    }

    /** The outcome of {@code status}, shared with the statistics that count by outcome. */
    static String outcomeOf(int status) {
        if (status < 200) {
            return "INFORMATIONAL";
        }
        if (status < 300) {
            return "SUCCESS";
        }
        if (status < 400) {
            return "REDIRECTION";
        }
        if (status < 500) {
            return "CLIENT_ERROR";
        }
        return "SERVER_ERROR";
    }
}
