package org.kamaelia.http.net;

/** Why a connection closed; recorded on every connection and reported to observers. */
public enum CloseReason {
    /** The client closed its side and we finished ours. */
    CLIENT,
    /** We decided to close, after the protocol had finished. */
    SERVER,
    /** A deadline passed (a slow client, an idle connection, a stalled write). */
    TIMEOUT,
    /** The connection failed: an I/O error or a component fault. */
    ERROR,
    /** The client reset the connection. */
    RESET,
    /** The server was stopped while the connection was open. */
    SERVER_STOPPED;

    /** The lower-case, dash-separated name used in metrics tags and logs. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
