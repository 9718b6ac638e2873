package org.kamaelia.http.net;

/**
 * Told when connections open and close, for counting and metrics; called on the connection's event loop and
 * must not block. The default methods do nothing.
 */
public interface ConnectionListener {
    /** A listener that ignores everything. */
    ConnectionListener NONE = new ConnectionListener() {};

    /** A connection was accepted. */
    default void opened(ConnectionInfo connection) {}

    /**
     * A connection closed.
     *
     * @param connection the connection
     * @param reason why it closed
     * @param bytesRead bytes read from the peer in all
     * @param bytesWritten bytes written to the peer in all
     */
    default void closed(ConnectionInfo connection, CloseReason reason, long bytesRead, long bytesWritten) {}

    /** Queued output made no progress for the write-stall timeout; the connection is closed next. */
    default void writeStalled(ConnectionInfo connection) {}

    /** Queued output was taken more slowly than the minimum response rate; the connection is closed next. */
    default void writeTooSlow(ConnectionInfo connection) {}

    /**
     * The server could not take a waiting connection: it ran out of file descriptors, reached its connection
     * limit (told once each time it stops accepting for it) or failed otherwise. Called on the listener's loop.
     */
    default void acceptProblem(AcceptProblem problem) {}

    /** Reading from a connection paused because its protocol could take no more. */
    default void readPaused(ConnectionInfo connection) {}

    /** Reading resumed after a pause of {@code pausedNanos}. */
    default void readResumed(ConnectionInfo connection, long pausedNanos) {}
}
