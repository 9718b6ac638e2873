package org.kamaelia.http.protocol;

import java.util.Objects;
import org.kamaelia.http.codec.request.DecoderLimits;
import org.kamaelia.http.codec.response.DateCache;
import org.kamaelia.http.codec.response.ResponseEncoder;
import org.kamaelia.http.handler.KeepAlive;
import org.kamaelia.http.handler.RequestHandlerFactory;
import org.kamaelia.http.message.ClientOrigin;
import org.kamaelia.http.message.HttpTimeouts;
import org.kamaelia.http.net.ConnectionGraph;
import org.kamaelia.http.net.ConnectionInfo;
import org.kamaelia.http.net.MinimumDataRate;
import org.kamaelia.http.net.ProtocolComponent;
import org.kamaelia.http.net.ProtocolFactory;
import org.kamaelia.http.net.StreamEnd;
import org.kamaelia.http.net.TcpConnection;
import org.kamaelia.http.observe.HttpObserver;

/**
 * HTTP/1.1 over one connection: an {@link HttpParser} and an {@link HttpRequestHandler} wired together (the
 * original's {@code HTTPServer(createRequestHandler)}).
 *
 * <p>A server does not make this composite: its {@link #factory} adds the parser and the request handler to the
 * connection's own {@link ConnectionGraph} and links them to its {@link ConnectionGraph#top() top} directly (the
 * {@link TcpConnection}, or a TLS layer spliced above it, whose facts go to {@code parser.facts}), so each connection
 * is one graph of three components (a composite in between would cost a component, four passthrough boxes and a
 * child list per connection; see docs/decisions/0005):
 * <pre>
 *   connection.outbox --bytes--> parser.inbox      parser.outbox --RequestPart--> requestHandler.inbox
 *   requestHandler.outbox --bytes--> connection.inbox
 *   connection.signal --end of input--> parser.control      parser.signal --> requestHandler.control
 *   requestHandler.signal --finished / abort--> connection.control
 * </pre>
 * The composite, with its own boxes passing through to the two, is what {@link ProtocolFactory#create} gives, for
 * a protocol component on its own (a test harness, another transport):
 * <pre>
 *   inbox (bytes) ==> parser.inbox      parser.outbox --RequestPart--> requestHandler.inbox
 *   control       ==> parser.control    parser.signal --> requestHandler.control
 *   requestHandler.outbox (bytes) ==> outbox      requestHandler.signal ==> signal
 * </pre>
 *
 * <p>The original's example, in Java:
 * <pre>{@code
 * ProtocolFactory http = HttpProtocol.factory(router);          // HTTPServer(HTTPResourceGlue.createRequestHandler)
 * SimpleServer server = SimpleServer.start(http, 8080);         // SimpleServer(protocol=createhttpserver, port=8080)
 * }</pre>
 */
public final class HttpProtocol extends ProtocolComponent {
    private final HttpParser parser;
    private final HttpRequestHandler requestHandler;

    /** The settings every connection of one server shares. */
    public record Settings(
            RequestHandlerFactory factory,
            DecoderLimits limits,
            HttpTimeouts timeouts,
            KeepAlive keepAlive,
            ResponseEncoder encoder,
            HttpObserver observer,
            MinimumDataRate minRequestBodyRate,
            RequestStage requestStage) {
        /** Settings without a request stage. */
        public Settings(
                RequestHandlerFactory factory,
                DecoderLimits limits,
                HttpTimeouts timeouts,
                KeepAlive keepAlive,
                ResponseEncoder encoder,
                HttpObserver observer,
                MinimumDataRate minRequestBodyRate) {
            this(factory, limits, timeouts, keepAlive, encoder, observer, minRequestBodyRate, null);
        }

        /** Validates the values ({@code requestStage} may be {@code null}: parser and request handler meet). */
        public Settings {
            Objects.requireNonNull(minRequestBodyRate, "minRequestBodyRate");
            Objects.requireNonNull(factory, "factory");
            Objects.requireNonNull(limits, "limits");
            Objects.requireNonNull(timeouts, "timeouts");
            Objects.requireNonNull(keepAlive, "keepAlive");
            Objects.requireNonNull(encoder, "encoder");
            Objects.requireNonNull(observer, "observer");
        }

        /** Defaults around {@code factory}. */
        public static Settings defaults(RequestHandlerFactory factory) {
            return new Settings(
                    factory,
                    DecoderLimits.defaults(),
                    HttpTimeouts.defaults(),
                    KeepAlive.defaults(),
                    new ResponseEncoder(DateCache.system(), java.util.Optional.empty()),
                    HttpObserver.NONE,
                    MinimumDataRate.defaults());
        }
    }

    /** The graph for the connection {@code connection}. */
    public HttpProtocol(Settings settings, ConnectionInfo connection) {
        this.parser = addChild(parser(settings, connection));
        this.requestHandler = addChild(requestHandler(settings, connection));
        requestHandler.readOriginFrom(parser);
        // data
        passThrough(inbox, parser.inbox);
        link(parser.outbox, requestHandler.inbox);
        passThrough(requestHandler.outbox, outbox);
        // control
        passThrough(control, parser.control);
        link(parser.signal, requestHandler.control);
        passThrough(requestHandler.signal, signal);
    }

    private static HttpParser parser(Settings settings, ConnectionInfo connection) {
        return new HttpParser(
                settings.limits(),
                settings.timeouts(),
                settings.minRequestBodyRate(),
                ClientOrigin.of(connection.remote(), connection.local(), "http"));
    }

    private static HttpRequestHandler requestHandler(Settings settings, ConnectionInfo connection) {
        return new HttpRequestHandler(
                settings.factory(),
                settings.encoder(),
                settings.keepAlive(),
                settings.timeouts(),
                settings.observer(),
                connection);
    }

    /** A protocol factory for {@code SimpleServer} or {@code TcpServer}, with default settings. */
    public static ProtocolFactory factory(RequestHandlerFactory factory) {
        return factory(Settings.defaults(factory));
    }

    /**
     * A protocol factory with {@code settings}: in a connection's graph it adds the parser and the request handler
     * and links them to the connection; on its own it makes the composite.
     */
    public static ProtocolFactory factory(Settings settings) {
        Objects.requireNonNull(settings, "settings");
        return new ProtocolFactory() {
            @Override
            public ProtocolComponent create(ConnectionInfo connection) {
                return new HttpProtocol(settings, connection);
            }

            @Override
            public void buildInto(ConnectionGraph graph) {
                StreamEnd below = graph.top(); // the connection, or the last layer spliced above it (TLS)
                HttpParser parser = graph.add(parser(settings, graph.info()));
                HttpRequestHandler requestHandler = graph.addProtocol(requestHandler(settings, graph.info()));
                requestHandler.readOriginFrom(parser);
                // data
                link(below.outbox(), parser.inbox);
                link(requestHandler.outbox, below.inbox());
                graph.linkFacts(parser.facts);
                RequestStage.Part stage = settings.requestStage() == null
                        ? null
                        : settings.requestStage().create(graph.info());
                if (stage == null) {
                    link(parser.outbox, requestHandler.inbox);
                    link(parser.signal, requestHandler.control);
                } else {
                    graph.add(stage.component());
                    link(parser.outbox, stage.inbox());
                    link(stage.outbox(), requestHandler.inbox);
                    link(parser.signal, stage.component().control);
                    link(stage.component().signal, requestHandler.control);
                }
                // control
                link(below.signal(), parser.control);
                link(requestHandler.signal, below.control());
            }
        };
    }

    /** The request handler of this connection (for observation). */
    public HttpRequestHandler requestHandler() {
        return requestHandler;
    }

    @Override
    public String name() {
        return "HttpProtocol#" + id();
    }

    @Override
    protected void react() {
        if (children().isEmpty()) {
            finish();
        }
    }
}
