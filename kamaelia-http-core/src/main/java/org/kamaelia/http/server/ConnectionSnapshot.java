package org.kamaelia.http.server;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Optional;

/**
 * A moment's view of one open connection.
 *
 * @param id the connection's id (use it to ask for its component graph)
 * @param remote the client's address (the TCP peer: a proxy's, behind one)
 * @param local the server's address the client connected to
 * @param scheme {@code https} on a TLS server, {@code http} otherwise
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
        InetSocketAddress local,
        String scheme,
        Instant opened,
        int requestsServed,
        String activity,
        Optional<String> framing,
        long peakBufferedBytes) {}
