package org.kamaelia.http.tls;

import java.util.Locale;

/**
 * How a TLS connection ended, one value per way, so that a server can count each kind of bad input apart from the
 * others. Reported once per {@link TlsEngine}, through {@link TlsListener#ended} and {@link TlsEngine#outcome()}.
 */
public enum TlsOutcome {
    /** The protocol finished and our close_notify went out (the peer's may have come first). */
    CLOSED,
    /**
     * The peer's TCP input ended without a close_notify, and the connection then closed once the protocol had
     * finished. Common with HTTP clients, harmless for requests whose framing is explicit.
     */
    TRUNCATED,
    /** The first byte was an upper-case letter: a plain HTTP request sent to the TLS port, answered with 400. */
    PLAIN_HTTP,
    /** The first byte could not start a TLS handshake record (and did not look like HTTP); closed. */
    NOT_TLS,
    /** The handshake failed: malformed records, no common protocol or cipher suite, a refused certificate. */
    HANDSHAKE_FAILED,
    /** The handshake did not complete within {@link TlsSettings#handshakeTimeout()}. */
    HANDSHAKE_TIMEOUT,
    /** The peer closed the TCP connection before the handshake completed (port scanners, health checks). */
    PEER_CLOSED_DURING_HANDSHAKE,
    /** A TLS error after the handshake (a bad record, an unexpected message, a fatal alert from the peer). */
    FAILED,
    /** Either side asked for an abort ({@code ShutdownRequested}), or the engine was stopped from outside. */
    ABORTED;

    /** The lower-case, dash-separated name used in metrics tags and logs. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
