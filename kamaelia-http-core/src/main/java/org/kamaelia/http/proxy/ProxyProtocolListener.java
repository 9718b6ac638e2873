package org.kamaelia.http.proxy;

/**
 * Told by a {@link ProxyProtocolDecoder} how each connection's PROXY protocol header went, so a server can count
 * accepted and rejected headers. Called on the connection's event loop: an implementation must be quick and must
 * not block (a counter, not a log at {@code ERROR}: rejections are the peer's fault).
 */
public interface ProxyProtocolListener {
    /** A listener that ignores everything. */
    ProxyProtocolListener IGNORE = new ProxyProtocolListener() {};

    /** A valid header was read; the bytes after it go up to the protocol. */
    default void accepted(ProxyHeader header) {}

    /** The connection was closed because its header was missing, wrong, too long, cut short or late. */
    default void rejected(ProxyProtocolRejection reason) {}
}
