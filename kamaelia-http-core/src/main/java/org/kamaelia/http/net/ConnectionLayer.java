package org.kamaelia.http.net;

import java.util.Objects;
import java.util.Optional;
import org.kamaelia.http.component.Component;
import org.kamaelia.http.component.Outbox;
import org.kamaelia.http.message.ConnectionFact;

/**
 * A component spliced into a connection's graph between the byte stream below it (the {@link TcpConnection}, or
 * another layer) and the protocol above it: TLS, or a PROXY protocol decoder. Its {@link #below()} end links to the
 * graph's top, and its {@link #above()} end becomes the new top; what it learns about the connection (a TLS
 * session, the addresses of a PROXY header) leaves on its {@link #facts()} outbox, which the protocol links to
 * where it keeps the connection's origin.
 *
 * <pre>
 *   TcpConnection == PROXY decoder == TlsEngine == HTTP parser / request handler
 *                        |facts           |facts        ^
 *                        +----------------+-------------+ parser.facts
 * </pre>
 *
 * <pre>{@code
 * TlsEngine tls = new TlsEngine(settings);
 * graph.splice(ConnectionLayer.of(
 *                 tls,
 *                 StreamEnd.of(tls.outbox, tls.inbox, tls.signal, tls.control),
 *                 StreamEnd.of(tls.plainOutbox, tls.plainInbox, tls.plainSignal, tls.plainControl))
 *         .withFacts(tls.facts));
 * }</pre>
 *
 * <p>Immutable. Made once per connection by a {@link LayerFactory}, on the connection's loop.
 */
public final class ConnectionLayer {
    private final Component part;
    private final StreamEnd below;
    private final StreamEnd above;
    private final Outbox<ConnectionFact> facts; // null: the layer learns nothing worth telling

    private ConnectionLayer(Component part, StreamEnd below, StreamEnd above, Outbox<ConnectionFact> facts) {
        this.part = Objects.requireNonNull(part, "part");
        this.below = Objects.requireNonNull(below, "below");
        this.above = Objects.requireNonNull(above, "above");
        this.facts = facts;
    }

    /** The layer {@code part}, whose end {@code below} faces the connection and whose end {@code above} the protocol. */
    public static ConnectionLayer of(Component part, StreamEnd below, StreamEnd above) {
        return new ConnectionLayer(part, below, above, null);
    }

    /** This layer, also telling what it learns about the connection on {@code outbox}. */
    public ConnectionLayer withFacts(Outbox<ConnectionFact> outbox) {
        return new ConnectionLayer(part, below, above, Objects.requireNonNull(outbox, "outbox"));
    }

    /** The component. */
    public Component part() {
        return part;
    }

    /** The end facing the connection: its outbox carries bytes for the peer. */
    public StreamEnd below() {
        return below;
    }

    /** The end facing the protocol: its outbox carries bytes from the peer. */
    public StreamEnd above() {
        return above;
    }

    /** Where the layer tells what it learnt about the connection, if it tells anything. */
    public Optional<Outbox<ConnectionFact>> facts() {
        return Optional.ofNullable(facts);
    }
}
