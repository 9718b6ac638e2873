package org.kamaelia.http.proxy;

import java.util.Optional;
import org.kamaelia.http.message.ProxiedAddresses;

/**
 * A PROXY protocol header as received: its version and, when it relays a TCP connection over IPv4 or IPv6, the
 * addresses it names. A version 2 {@code LOCAL} header (a proxy's health check), a version 1 {@code UNKNOWN} line
 * and a version 2 header for a family or transport this server does not read carry no addresses: the connection's
 * own addresses stand.
 *
 * @param version 1 (the text line) or 2 (the binary block)
 * @param proxied the addresses named, or {@code null} when the connection's own stand (read it with {@link
 *     #addresses()})
 */
public record ProxyHeader(int version, ProxiedAddresses proxied) {
    /** Validates the version. */
    public ProxyHeader {
        if (version != 1 && version != 2) {
            throw new IllegalArgumentException("PROXY protocol version 1 or 2, not " + version);
        }
    }

    /** The addresses the header named, if it named any. */
    public Optional<ProxiedAddresses> addresses() {
        return Optional.ofNullable(proxied);
    }
}
