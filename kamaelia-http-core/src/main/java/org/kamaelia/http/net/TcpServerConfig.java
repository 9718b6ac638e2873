package org.kamaelia.http.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where and how a {@link TcpServer} listens.
 *
 * @param address the address and port to bind; port 0 picks a free port, reported by {@link TcpServer#port()}
 * @param backlog the listen backlog
 * @param maxConnections the most connections open at once; further clients wait in the backlog
 * @param connection how each connection buffers and times out
 */
public record TcpServerConfig(
        InetSocketAddress address, int backlog, int maxConnections, TcpConnectionConfig connection) {

    /** Default listen backlog: {@value}. */
    public static final int DEFAULT_BACKLOG = 1024;

    /**
     * Default most connections at once: {@value}, as Tomcat's. Past it the server accepts no more (they wait in
     * the backlog) and goes on serving the connections it holds.
     */
    public static final int DEFAULT_MAX_CONNECTIONS = 8192;

    /** Validates the values. */
    public TcpServerConfig {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(connection, "connection");
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be positive, got " + backlog);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be positive, got " + maxConnections);
        }
    }

    /** Listens on {@code port} of the loopback address, with the defaults. */
    public static TcpServerConfig loopback(int port) {
        return of(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    /** Listens on {@code address}, with the defaults. */
    public static TcpServerConfig of(InetSocketAddress address) {
        return new TcpServerConfig(address, DEFAULT_BACKLOG, DEFAULT_MAX_CONNECTIONS, TcpConnectionConfig.defaults());
    }

    /** A copy with another connection limit. */
    public TcpServerConfig withMaxConnections(int max) {
        return new TcpServerConfig(address, backlog, max, connection);
    }

    /** A copy with other per-connection settings. */
    public TcpServerConfig withConnection(TcpConnectionConfig settings) {
        return new TcpServerConfig(address, backlog, maxConnections, settings);
    }
}
