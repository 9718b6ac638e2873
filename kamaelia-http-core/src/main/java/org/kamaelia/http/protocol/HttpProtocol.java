package org.kamaelia.http.protocol;

import java.util.Objects;
import org.kamaelia.http.codec.request.DecoderLimits;
import org.kamaelia.http.codec.response.DateCache;
import org.kamaelia.http.codec.response.ResponseEncoder;
import org.kamaelia.http.handler.KeepAlive;
import org.kamaelia.http.handler.RequestHandlerFactory;
import org.kamaelia.http.message.HttpTimeouts;
import org.kamaelia.http.net.ConnectionInfo;
import org.kamaelia.http.net.MinimumDataRate;
import org.kamaelia.http.net.ProtocolComponent;
import org.kamaelia.http.net.ProtocolFactory;
import org.kamaelia.http.observe.HttpObserver;

/**
 * HTTP/1.1 over one connection: an {@link HttpParser} and an {@link HttpRequestHandler} wired together, with
 * this component's own boxes passing through to them (the original's {@code HTTPServer(createRequestHandler)}).
 *
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
            MinimumDataRate minRequestBodyRate) {
        /** Validates the values. */
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
        this.parser = addChild(new HttpParser(settings.limits(), settings.timeouts(), settings.minRequestBodyRate()));
        this.requestHandler = addChild(new HttpRequestHandler(
                settings.factory(),
                settings.encoder(),
                settings.keepAlive(),
                settings.timeouts(),
                settings.observer(),
                connection));
        // data
        passThrough(inbox, parser.inbox);
        link(parser.outbox, requestHandler.inbox);
        passThrough(requestHandler.outbox, outbox);
        // control
        passThrough(control, parser.control);
        link(parser.signal, requestHandler.control);
        passThrough(requestHandler.signal, signal);
    }

    /** A protocol factory for {@code SimpleServer} or {@code TcpServer}, with default settings. */
    public static ProtocolFactory factory(RequestHandlerFactory factory) {
        Settings settings = Settings.defaults(factory);
        return connection -> new HttpProtocol(settings, connection);
    }

    /** A protocol factory with {@code settings}. */
    public static ProtocolFactory factory(Settings settings) {
        return connection -> new HttpProtocol(settings, connection);
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
