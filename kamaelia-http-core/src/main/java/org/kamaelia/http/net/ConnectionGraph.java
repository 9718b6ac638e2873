package org.kamaelia.http.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.kamaelia.http.component.Component;
import org.kamaelia.http.component.EventLoop;
import org.kamaelia.http.component.Graphline;
import org.kamaelia.http.component.Inbox;
import org.kamaelia.http.component.Outbox;
import org.kamaelia.http.component.ProducerFinished;
import org.kamaelia.http.message.ConnectionFact;

/**
 * The graph that serves one connection: a {@link TcpConnection} and the protocol side a {@link ProtocolFactory}
 * built for it. It ends when the connection closes, and a failure of any part closes the connection with
 * {@link CloseReason#ERROR}.
 *
 * <p>For a protocol made of one component (the default of {@link ProtocolFactory#buildInto}):
 * <pre>
 *   connection.outbox --bytes--> protocol.inbox      protocol.outbox --bytes--> connection.inbox
 *   connection.signal --end of input--> protocol.control
 *   protocol.signal --finished / abort--> connection.control
 * </pre>
 * A protocol that is itself a graph, such as HTTP's parser and request handler, adds its parts here and links
 * them to the connection directly, so one connection is one graph: the original's server making a protocol graph
 * per connection, with the connection inside it.
 *
 * <p>Layers ({@link ConnectionLayer}: TLS, a PROXY protocol decoder) may be {@linkplain #splice spliced} between
 * the connection and the protocol before the protocol is built; the protocol then links to {@link #top()}, the
 * upper end of the last layer, and links {@link #linkFacts} to where it keeps what the layers learnt:
 * <pre>
 *   TcpConnection == layer == layer == protocol        (each "==" the four links of {@link StreamEnd#join})
 * </pre>
 * Without layers the top is the connection itself, and the graph holds nothing more than before.
 */
public final class ConnectionGraph extends Graphline {
    private final TcpConnection connection;
    private final EventLoop home;
    private final TcpServer server;
    private Component protocol;
    private StreamEnd top; // null while no layer is spliced: the connection is the top
    private List<Outbox<ConnectionFact>> facts; // null until a spliced layer tells facts
    // The server's open connections are a chain through their graphs (no map entry or boxed id per connection).
    ConnectionGraph previousOpen;
    ConnectionGraph nextOpen;

    ConnectionGraph(TcpConnection connection, EventLoop home, TcpServer server) {
        this.home = home;
        this.server = server;
        this.connection = addChild(connection);
    }

    /**
     * Adds a part of the protocol side; for {@link ProtocolFactory#buildInto}, before the graph starts.
     *
     * @return {@code part}
     */
    public <C extends Component> C add(C part) {
        return addChild(Objects.requireNonNull(part, "part"));
    }

    /**
     * Adds the part that stands for the protocol when the graph is observed (what {@link #protocol()} returns).
     *
     * @return {@code part}
     */
    public <C extends Component> C addProtocol(C part) {
        C added = add(part);
        protocol = added;
        return added;
    }

    /**
     * Splices {@code layer} above the current {@link #top()}: adds its part, joins the top to its lower end, and
     * makes its upper end the new top. Layers are spliced bottom first (TCP, then PROXY, then TLS), all before the
     * protocol is built.
     *
     * @return the layer's part
     */
    public Component splice(ConnectionLayer layer) {
        Component part = add(layer.part());
        StreamEnd.join(top(), layer.below());
        top = layer.above();
        if (layer.facts().isPresent()) {
            if (facts == null) {
                facts = new ArrayList<>(2);
            }
            facts.add(layer.facts().get());
        }
        return part;
    }

    /**
     * The end of the byte stream the protocol links to: the upper end of the last layer spliced, or the
     * {@link TcpConnection} itself.
     */
    public StreamEnd top() {
        return top != null ? top : connection;
    }

    /** Whether any layer was spliced between the connection and the protocol. */
    public boolean hasLayers() {
        return top != null;
    }

    /**
     * Links the facts outbox of every layer spliced so far to {@code destination} (an inbox takes several
     * sources); nothing to link without layers.
     */
    public void linkFacts(Inbox<? super ConnectionFact> destination) {
        if (facts == null) {
            return;
        }
        for (Outbox<ConnectionFact> each : facts) {
            Component.link(each, destination);
        }
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

    /**
     * The part that stands for the protocol: the component a {@link ProtocolFactory} created, or the part its
     * {@link ProtocolFactory#buildInto} named; {@code null} if it named none.
     */
    public Component protocol() {
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

    @Override
    protected void onFinish() {
        if (server != null) {
            server.forget(this);
        }
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
