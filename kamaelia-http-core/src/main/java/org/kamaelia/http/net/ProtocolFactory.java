package org.kamaelia.http.net;

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
     * instead add its own parts with {@link ConnectionGraph#add} and link them to {@link ConnectionGraph#top()} (the
     * connection, or the last layer spliced below the protocol) and {@link ConnectionGraph#linkFacts}, naming
     * the one that represents the protocol with {@link ConnectionGraph#addProtocol}.
     */
    default void buildInto(ConnectionGraph graph) {
        ProtocolComponent protocol = graph.addProtocol(create(graph.info()));
        StreamEnd.join(graph.top(), protocol);
    }

    /**
     * This protocol over a layer made by {@code layer} for each connection: in a connection's graph the layer is
     * spliced first, then this protocol is built on it. Layers stack from the protocol down, so
     * {@code http.over(tls).over(proxy)} makes TCP, then PROXY, then TLS, then HTTP. Such a factory builds only
     * into a connection's graph: {@link #create} alone would leave the layer out, and refuses.
     */
    default ProtocolFactory over(LayerFactory layer) {
        java.util.Objects.requireNonNull(layer, "layer");
        ProtocolFactory protocol = this;
        return new ProtocolFactory() {
            @Override
            public ProtocolComponent create(ConnectionInfo connection) {
                throw new UnsupportedOperationException("a layered protocol lives only in a connection's graph");
            }

            @Override
            public void buildInto(ConnectionGraph graph) {
                graph.splice(layer.create(graph.info()));
                protocol.buildInto(graph);
            }
        };
    }
}
