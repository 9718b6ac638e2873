package org.kamaelia.http.net;

/**
 * Makes the layer of one kind (TLS, a PROXY protocol decoder) for each connection, to be spliced below its
 * protocol: see {@link ProtocolFactory#over}. Called on the connection's event loop; must not block.
 */
@FunctionalInterface
public interface LayerFactory {
    /** A new, unstarted layer for the connection described by {@code connection}. */
    ConnectionLayer create(ConnectionInfo connection);
}
