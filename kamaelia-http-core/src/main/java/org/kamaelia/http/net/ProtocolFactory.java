package org.kamaelia.http.net;

import org.kamaelia.http.component.Component;

/**
 * Makes the protocol side of the graph that will serve exactly one connection (the original's {@code protocol=}
 * argument to {@code SimpleServer}). Called on the connection's event loop; must not block.
 *
 * <p>Most protocols implement only {@link #create}: their one component becomes the connection graph's second child,
 * joined to the {@link TcpConnection} as {@link ProtocolComponent} describes. A protocol that is itself a small
 * graph may also implement {@link #buildInto}, adding its parts to the connection's graph and linking them to the
 * connection directly: the same linkages, without a composite and its passthrough boxes for every connection.
 *
 * <pre>{@code
 * ProtocolFactory echo = connection -> new EchoProtocol();
 * }</pre>
 */
@FunctionalInterface
public interface ProtocolFactory {
    /** Creates a new, unstarted protocol component for the connection described by {@code connection}. */
    ProtocolComponent create(ConnectionInfo connection);

    /**
     * Builds the protocol side of {@code graph}, which already holds its {@link ConnectionGraph#connection()}. By
     * default the component from {@link #create} is added and joined to the connection; an implementation may
     * instead add its own parts with {@link ConnectionGraph#add} and link them to the connection's boxes, naming
     * the one that represents the protocol with {@link ConnectionGraph#addProtocol}.
     */
    default void buildInto(ConnectionGraph graph) {
        ProtocolComponent protocol = graph.addProtocol(create(graph.info()));
        TcpConnection connection = graph.connection();
        // data
        Component.link(connection.outbox, protocol.inbox);
        Component.link(protocol.outbox, connection.inbox);
        // control
        Component.link(connection.signal, protocol.control);
        Component.link(protocol.signal, connection.control);
    }
}
