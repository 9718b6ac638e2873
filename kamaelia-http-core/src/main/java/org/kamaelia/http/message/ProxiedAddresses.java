package org.kamaelia.http.message;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * The addresses a PROXY protocol header (v1 or v2) named for the connection: the client the proxy serves and the
 * address that client connected to on the proxy.
 *
 * @param source the client's address, as the proxy saw it
 * @param destination the address on the proxy the client connected to
 */
public record ProxiedAddresses(InetSocketAddress source, InetSocketAddress destination) implements ConnectionFact {
    /** Validates the values. */
    public ProxiedAddresses {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
    }
}
