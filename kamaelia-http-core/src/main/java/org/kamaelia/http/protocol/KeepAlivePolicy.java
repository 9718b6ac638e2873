package org.kamaelia.http.protocol;

import org.kamaelia.http.handler.KeepAlive;
import org.kamaelia.http.message.Framing;
import org.kamaelia.http.message.RequestHead;

/**
 * Whether a connection carries another request after the current response: the server's terms, weighed once when
 * the final head goes out (its {@code Connection} field says the answer), and the drain limit weighed after it.
 *
 * <p>A handler's own {@code Connection} field is not a term: the encoder drops it, the server decides.
 */
final class KeepAlivePolicy {
    private KeepAlivePolicy() {}

    /**
     * Whether the connection stays open after the response about to be committed.
     *
     * @param config whether reuse is on, and the most requests per connection
     * @param request its version and {@code Connection} field (RFC 9112 section 9.3)
     * @param framing a close-delimited body ends only when the connection does (RFC 9112 section 6.3 rule 8)
     * @param served the requests this connection completed before this one
     * @param inputEnded whether the client has half-closed: it can send no further request
     * @param bodyWithheld whether the client still waits for {@code 100 Continue}: it may never send the body it
     *     announced, so the bytes that follow cannot be trusted to be a new request
     * @param mustClose whether this exchange already knows it ends the connection (a failed or bad body, a handler
     *     that asked for a shutdown, a request whose head could not be parsed)
     */
    static boolean keepOpen(
            KeepAlive config,
            RequestHead request,
            Framing framing,
            int served,
            boolean inputEnded,
            boolean bodyWithheld,
            boolean mustClose) {
        return config.enabled()
                && request.keepAliveRequested()
                && framing != Framing.CLOSE_DELIMITED
                && served + 1 < config.maxRequests()
                && !inputEnded
                && !bodyWithheld
                && !mustClose;
    }

    /** Whether {@code drained} unread body bytes, read and discarded after the response, still keep the connection. */
    static boolean mayDrain(KeepAlive config, long drained) {
        return drained <= config.maxDrainBytes();
    }
}
