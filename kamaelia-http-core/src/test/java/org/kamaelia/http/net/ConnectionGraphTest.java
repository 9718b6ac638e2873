package org.kamaelia.http.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kamaelia.http.component.Box;
import org.kamaelia.http.component.Component;
import org.kamaelia.http.component.GraphDescription;
import org.kamaelia.http.component.LinkageDescription;
import org.kamaelia.http.handler.Handlers;
import org.kamaelia.http.handler.HttpResponse;
import org.kamaelia.http.protocol.HttpParser;
import org.kamaelia.http.protocol.HttpProtocol;
import org.kamaelia.http.protocol.HttpRequestHandler;
import org.kamaelia.http.tls.TestPki;
import org.kamaelia.http.tls.TlsEngine;
import org.kamaelia.http.tls.TlsSettings;

/** What a connection's graph holds, with and without a layer spliced below the protocol; built, never started. */
class ConnectionGraphTest {
    private static final ProtocolFactory HTTP =
            HttpProtocol.factory(Handlers.function(request -> HttpResponse.text(200, "ok")));

    private final SocketChannel channel = openChannel();
    private final ConnectionGraph graph = new ConnectionGraph(
            new TcpConnection(
                    channel,
                    new ConnectionInfo(
                            7,
                            new InetSocketAddress("127.0.0.1", 50_000),
                            new InetSocketAddress("127.0.0.1", 443),
                            Instant.EPOCH),
                    TcpConnectionConfig.defaults(),
                    ConnectionListener.NONE),
            null,
            null);

    private static SocketChannel openChannel() {
        try {
            return SocketChannel.open(); // never connected: the graph is only built
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void closeChannel() throws IOException {
        channel.close();
    }

    @Test
    void withoutLayersTheProtocolLinksToTheConnectionAndNothingIsAdded() {
        HTTP.buildInto(graph);

        assertThat(graph.children())
                .extracting(part -> (Object) part.getClass())
                .containsExactly(TcpConnection.class, HttpParser.class, HttpRequestHandler.class);
        assertThat(graph.hasLayers()).isFalse();
        assertThat(graph.top()).isSameAs(graph.connection());
        HttpParser parser = (HttpParser) graph.children().get(1);
        assertThat(linkages()).noneMatch(l -> l.toBox().equals("facts"));
        // the connection's boxes are the four it always had
        assertThat(graph.connection().boxes())
                .extracting(Box::name)
                .containsExactlyInAnyOrder("control", "signal", "inbox", "outbox");
        assertThat(linkages()).hasSize(6);
        assertThat(linkages())
                .contains(
                        link(graph.connection(), "outbox", parser, "inbox"),
                        link(graph.connection(), "signal", parser, "control"));
    }

    @Test
    void aLayerSitsBetweenTheConnectionAndTheProtocolAndItsFactsReachTheParser() {
        TlsSettings settings =
                TlsSettings.builder(TestPki.INSTANCE.serverContext()).build();
        HTTP.over(info -> {
                    TlsEngine tls = new TlsEngine(settings);
                    return ConnectionLayer.of(
                                    tls,
                                    StreamEnd.of(tls.outbox, tls.inbox, tls.signal, tls.control),
                                    StreamEnd.of(tls.plainOutbox, tls.plainInbox, tls.plainSignal, tls.plainControl))
                            .withFacts(tls.facts);
                })
                .buildInto(graph);

        List<Component> parts = graph.children();
        assertThat(parts)
                .extracting(part -> (Object) part.getClass())
                .containsExactly(TcpConnection.class, TlsEngine.class, HttpParser.class, HttpRequestHandler.class);
        TcpConnection connection = graph.connection();
        TlsEngine tls = (TlsEngine) parts.get(1);
        HttpParser parser = (HttpParser) parts.get(2);
        HttpRequestHandler handler = (HttpRequestHandler) parts.get(3);
        assertThat(graph.hasLayers()).isTrue();
        assertThat(linkages())
                .contains(
                        link(connection, "outbox", tls, "inbox"),
                        link(tls, "outbox", connection, "inbox"),
                        link(connection, "signal", tls, "control"),
                        link(tls, "signal", connection, "control"),
                        link(tls, "plainOutbox", parser, "inbox"),
                        link(handler, "outbox", tls, "plainInbox"),
                        link(tls, "plainSignal", parser, "control"),
                        link(handler, "signal", tls, "plainControl"),
                        link(tls, "facts", parser, "facts"));
        assertThat(linkages()).noneMatch(l -> l.fromComponent() == connection.id() && l.toComponent() == parser.id());
    }

    @Test
    void layersStackFromTheConnectionUpAndEveryFactsOutboxReachesTheParser() {
        TlsSettings settings =
                TlsSettings.builder(TestPki.INSTANCE.serverContext()).build();
        LayerFactory tlsLayer = info -> {
            TlsEngine tls = new TlsEngine(settings);
            return ConnectionLayer.of(
                            tls,
                            StreamEnd.of(tls.outbox, tls.inbox, tls.signal, tls.control),
                            StreamEnd.of(tls.plainOutbox, tls.plainInbox, tls.plainSignal, tls.plainControl))
                    .withFacts(tls.facts);
        };
        // two engines stand for TCP -> PROXY -> TLS: the lower one is spliced first
        HTTP.over(tlsLayer).over(tlsLayer).buildInto(graph);

        List<Component> parts = graph.children();
        TlsEngine lower = (TlsEngine) parts.get(1);
        TlsEngine upper = (TlsEngine) parts.get(2);
        HttpParser parser = (HttpParser) parts.get(3);
        assertThat(linkages())
                .contains(
                        link(graph.connection(), "outbox", lower, "inbox"),
                        link(lower, "plainOutbox", upper, "inbox"),
                        link(upper, "plainOutbox", parser, "inbox"),
                        link(lower, "facts", parser, "facts"),
                        link(upper, "facts", parser, "facts"));
    }

    @Test
    void aLayeredFactoryRefusesToMakeAProtocolOutsideAGraph() {
        ProtocolFactory layered = HTTP.over(info -> {
            throw new AssertionError("not called");
        });
        assertThatThrownBy(() -> layered.create(graph.info())).isInstanceOf(UnsupportedOperationException.class);
    }

    private List<LinkageDescription> linkages() {
        return GraphDescription.of(List.of(graph)).linkages();
    }

    private static LinkageDescription link(Component from, String fromBox, Component to, String toBox) {
        return new LinkageDescription(
                from.id(), fromBox, to.id(), toBox, org.kamaelia.http.component.Linkage.Kind.LINK);
    }
}
