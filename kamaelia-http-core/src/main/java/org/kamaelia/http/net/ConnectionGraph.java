package org.kamaelia.http.net;

import org.kamaelia.http.component.Component;
import org.kamaelia.http.component.EventLoop;
import org.kamaelia.http.component.Graphline;
import org.kamaelia.http.component.ProducerFinished;

/**
 * The graph that serves one connection: a {@link TcpConnection} and the protocol component joined to it. It
 * ends when the connection closes, and a failure of the protocol closes the connection with
 * {@link CloseReason#ERROR}.
 *
 * <pre>
 *   connection.outbox --bytes--> protocol.inbox      protocol.outbox --bytes--> connection.inbox
 *   connection.signal --end of input--> protocol.control
 *   protocol.signal --finished / abort--> connection.control
 * </pre>
 */
public final class ConnectionGraph extends Graphline {
    private final TcpConnection connection;
    private final ProtocolComponent protocol;
    private final EventLoop home;

    ConnectionGraph(TcpConnection connection, ProtocolComponent protocol, EventLoop home) {
        this.home = home;
        this.connection = addChild(connection);
        this.protocol = addChild(protocol);
        // data
        link(connection.outbox, protocol.inbox);
        link(protocol.outbox, connection.inbox);
        // control
        link(connection.signal, protocol.control);
        link(protocol.signal, connection.control);
    }

    /** The connection's identity and addresses. */
    public ConnectionInfo info() {
        return connection.info();
    }

    /** The loop every component of this graph runs on. */
    public EventLoop home() {
        return home;
    }

    /** The TCP side of the graph. */
    public TcpConnection connection() {
        return connection;
    }

    /** The protocol side of the graph. */
    public ProtocolComponent protocol() {
        return protocol;
    }

    @Override
    public String name() {
        return "Connection#" + connection.info().id();
    }

    @Override
    protected void react() {
        if (connection.closeReason() != null || !children().contains(connection)) {
            finish();
            return;
        }
        super.react();
    }

    @Override
    protected void childFailed(Component child, Throwable cause) {
        connection.close(CloseReason.ERROR);
        finish();
    }

    /** Asks the protocol to finish what it is doing and close; used for a graceful server stop. Call on the loop. */
    void drain() {
        // To the protocol a drain looks like the end of input (finish the work in hand, then signal done), marked as
        // a drain: the client is still there, and the request in progress may still need its bytes.
        connection.signal.send(ProducerFinished.DRAIN);
    }

    /** Closes the connection now, recording that the server stopped. */
    void abort() {
        connection.close(CloseReason.SERVER_STOPPED);
        finish();
    }
}
