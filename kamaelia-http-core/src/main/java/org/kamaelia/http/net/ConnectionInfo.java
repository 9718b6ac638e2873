package org.kamaelia.http.net;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * What a protocol is told about the connection it serves (the original passed {@code peer}, {@code peerport},
 * {@code localip} and {@code localport}).
 *
 * @param id the connection's number, unique in this process
 * @param remote the client's address
 * @param local the address the client connected to
 * @param opened when the connection was accepted
 */
public record ConnectionInfo(long id, InetSocketAddress remote, InetSocketAddress local, Instant opened) {}
