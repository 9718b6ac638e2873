package org.kamaelia.http.component;

import java.util.Objects;

/**
 * Asks the receiver to stop now, without finishing queued work (Axon's {@code shutdownMicroprocess}).
 *
 * @param reason why the stop is asked for, so the receiver can record it
 */
public record ShutdownRequested(Reason reason) implements Signal {

    /** Why a component is asked to stop. */
    public enum Reason {
        /** The owner stopped the component or its server. */
        STOPPED,
        /** A deadline passed. */
        TIMEOUT,
        /** The peer went away or the connection failed. */
        PEER_GONE,
        /** A component in the same graph failed. */
        FAILURE
    }

    /** Creates the signal. */
    public ShutdownRequested {
        Objects.requireNonNull(reason, "reason");
    }

    /** A shutdown asked for by the owner. */
    public static ShutdownRequested stopped() {
        return new ShutdownRequested(Reason.STOPPED);
    }
}
