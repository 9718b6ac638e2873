package org.kamaelia.http.server;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Optional;
import org.kamaelia.http.message.TlsSessionInfo;

/**
 * A moment's view of one open connection.
 *
 * @param id the connection's id (use it to ask for its component graph)
 * @param remote the TCP peer: the client itself, or the proxy in front of it
 * @param client the client's address: the source a PROXY protocol header named, else the TCP peer ({@code remote});
 *     forwarding fields ({@code Forwarded}, {@code X-Forwarded-For}) belong to single requests and are not applied
 * @param local the server's address the client connected to (the socket's own end)
 * @param scheme {@code https} on a TLS server, {@code http} otherwise
 * @param tls the TLS session once the handshake has completed; empty for clear text and during the handshake
 * @param opened when it was accepted
 * @param requestsServed how many requests it has served
 * @param activity what it is doing: {@code idle}, {@code reading}, {@code responding} or {@code closing}
 * @param framing the framing of the response in flight ({@code content-length}, {@code chunked}, {@code close})
 * @param peakBufferedBytes the most response bytes ever held for this connection at once: its write queue plus
 *     what waited for it in the request handler
 */
public record ConnectionSnapshot(
        long id,
        InetSocketAddress remote,
        InetSocketAddress client,
        InetSocketAddress local,
        String scheme,
        Optional<TlsSessionInfo> tls,
        Instant opened,
        int requestsServed,
        String activity,
        Optional<String> framing,
        long peakBufferedBytes) {

    /** Whether a proxy stands between the client and the server: the client is not the TCP peer. */
    public boolean proxied() {
        return !client.equals(remote);
    }
}
