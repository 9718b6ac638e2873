package org.kamaelia.http.net;

/**
 * Makes the protocol component that will serve exactly one connection (the original's {@code protocol=}
 * argument to {@code SimpleServer}). Called on the connection's event loop; must not block.
 */
@FunctionalInterface
public interface ProtocolFactory {
    /** Creates a new, unstarted protocol component for the connection described by {@code connection}. */
    ProtocolComponent create(ConnectionInfo connection);
}
