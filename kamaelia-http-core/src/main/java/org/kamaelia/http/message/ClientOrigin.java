package org.kamaelia.http.message;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Who a request came from, as the server sees it: the client's address, the address it reached, the scheme, and the
 * TLS session when there is one. Starts as the TCP connection's own addresses; a PROXY protocol header or trusted
 * forwarding fields replace the client's address, the scheme and the local address, while {@link #peer()} always
 * stays the socket's remote end.
 *
 * @param remote the client's address (after PROXY protocol and trusted forwarding fields)
 * @param local the address the client connected to (after PROXY protocol and trusted forwarding fields)
 * @param peer the TCP connection's remote address: the client itself, or the proxy in front of it
 * @param scheme {@code http} or {@code https}
 * @param tls the TLS session of this connection, or {@code null} for clear text (read it with {@link #tlsSession()})
 */
public record ClientOrigin(
        InetSocketAddress remote, InetSocketAddress local, InetSocketAddress peer, String scheme, TlsSessionInfo tls) {
    private static final InetSocketAddress UNKNOWN_ADDRESS = InetSocketAddress.createUnresolved("0.0.0.0", 0);

    /** An origin for requests made without a connection (tests, harnesses). */
    public static final ClientOrigin UNKNOWN =
            new ClientOrigin(UNKNOWN_ADDRESS, UNKNOWN_ADDRESS, UNKNOWN_ADDRESS, "http", null);

    /** Validates the values. */
    public ClientOrigin {
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(scheme, "scheme");
    }

    /**
     * The origin of a connection from {@code peer} to {@code local}, before anything below HTTP said more; an
     * address not known (a harness without sockets) is {@code 0.0.0.0:0}.
     */
    public static ClientOrigin of(InetSocketAddress peer, InetSocketAddress local, String scheme) {
        InetSocketAddress from = peer != null ? peer : UNKNOWN_ADDRESS;
        return new ClientOrigin(from, local != null ? local : UNKNOWN_ADDRESS, from, scheme, null);
    }

    /** The TLS session, when the connection is TLS. */
    public Optional<TlsSessionInfo> tlsSession() {
        return Optional.ofNullable(tls);
    }

    /** Whether the request came over TLS, or a trusted proxy said it did ({@code https}). */
    public boolean secure() {
        return "https".equals(scheme);
    }

    /** This origin with what {@code fact} adds: the TLS session (and {@code https}), or a PROXY header's addresses. */
    public ClientOrigin with(ConnectionFact fact) {
        if (fact instanceof TlsSessionInfo session) {
            return new ClientOrigin(remote, local, peer, "https", session);
        }
        if (fact instanceof ProxiedAddresses proxied) {
            return new ClientOrigin(proxied.source(), proxied.destination(), peer, scheme, tls);
        }
        return this;
    }

    /** This origin with the client's address, the local address and the scheme a trusted proxy gave. */
    public ClientOrigin forwarded(InetSocketAddress client, InetSocketAddress reached, String forwardedScheme) {
        return new ClientOrigin(client, reached, peer, forwardedScheme, tls);
    }
}
