package org.kamaelia.http.tls;

import java.time.Duration;
import org.kamaelia.http.message.TlsSessionInfo;

/**
 * Told what happens to one TLS connection: the handshake's result and how the connection ended. Methods are called
 * on the engine's event loop and must not block; the defaults do nothing.
 */
public interface TlsListener {
    /** A listener that ignores everything. */
    TlsListener IGNORE = new TlsListener() {};

    /** The handshake completed, {@code took} after the engine started. */
    default void handshakeCompleted(TlsSessionInfo session, Duration took) {}

    /** The engine ended; called exactly once per engine. */
    default void ended(TlsOutcome outcome) {}
}
