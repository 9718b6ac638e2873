package org.kamaelia.http.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.kamaelia.http.codec.request.DecoderLimits;
import org.kamaelia.http.codec.response.DateCache;
import org.kamaelia.http.codec.response.ResponseEncoder;
import org.kamaelia.http.component.GraphDescription;
import org.kamaelia.http.component.Scheduler;
import org.kamaelia.http.compress.Compression;
import org.kamaelia.http.handler.KeepAlive;
import org.kamaelia.http.handler.RequestHandlerFactory;
import org.kamaelia.http.handler.Router;
import org.kamaelia.http.message.ClientOrigin;
import org.kamaelia.http.message.HttpTimeouts;
import org.kamaelia.http.message.TlsSessionInfo;
import org.kamaelia.http.net.AcceptProblem;
import org.kamaelia.http.net.CloseReason;
import org.kamaelia.http.net.ConnectionGraph;
import org.kamaelia.http.net.ConnectionInfo;
import org.kamaelia.http.net.ConnectionListener;
import org.kamaelia.http.net.MinimumDataRate;
import org.kamaelia.http.net.ProtocolFactory;
import org.kamaelia.http.net.TcpConnectionConfig;
import org.kamaelia.http.net.TcpServer;
import org.kamaelia.http.net.TcpServerConfig;
import org.kamaelia.http.observe.HttpObserver;
import org.kamaelia.http.observe.ServerStatistics;
import org.kamaelia.http.observe.TimeoutKind;
import org.kamaelia.http.observe.access.AccessLog;
import org.kamaelia.http.observe.access.AccessLogWriter;
import org.kamaelia.http.protocol.HttpProtocol;
import org.kamaelia.http.protocol.HttpRequestHandler;
import org.kamaelia.http.protocol.RequestStage;
import org.kamaelia.http.proxy.ForwardedHeaders;
import org.kamaelia.http.proxy.ProxyProtocolDecoder;
import org.kamaelia.http.proxy.TrustedProxies;
import org.kamaelia.http.tls.TlsSettings;

/**
 * An HTTP/1.1 server on one address: a {@link TcpServer} whose protocol is {@link HttpProtocol}.
 *
 * <pre>{@code
 * HttpServer server = HttpServer.builder()
 *         .port(8080)
 *         .route("/hello", Handlers.function(request -> HttpResponse.text(200, "Hello, World!")))
 *         .start();
 * ...
 * server.stop(Duration.ofSeconds(10)); // stop accepting, finish in-flight responses, then close
 * }</pre>
 *
 * <p>Thread-safe. Stopping a stopped server has no effect.
 */
public final class HttpServer implements AutoCloseable {
    private final TcpServer tcp;
    private final Scheduler scheduler;
    private final boolean ownScheduler;
    private final List<Router.Route> routes;
    private final ServerStatistics statistics;
    private final Optional<AccessLogWriter> accessLog;
    private final TlsLayers tls; // null: clear text
    private volatile boolean stopped;

    private HttpServer(
            TcpServer tcp,
            Scheduler scheduler,
            boolean ownScheduler,
            List<Router.Route> routes,
            ServerStatistics statistics,
            Optional<AccessLogWriter> accessLog,
            TlsLayers tls) {
        this.tls = tls;
        this.tcp = tcp;
        this.scheduler = scheduler;
        this.ownScheduler = ownScheduler;
        this.routes = routes;
        this.statistics = statistics;
        this.accessLog = accessLog;
    }

    /** A builder with the defaults: loopback address, port 8080, one event loop per processor. */
    public static Builder builder() {
        return new Builder();
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return tcp.port();
    }

    /** The address actually bound. */
    public InetSocketAddress localAddress() {
        return tcp.localAddress();
    }

    /** Whether the server accepts new connections. */
    public boolean isRunning() {
        return tcp.isAccepting();
    }

    /** The routes, longest prefix first (empty when a single factory serves everything). */
    public List<Router.Route> routes() {
        return routes;
    }

    /** What the server has done: the one count of its connections and requests, read by metrics and endpoints. */
    public ServerStatistics statistics() {
        return statistics;
    }

    /** The running access log (with its written and dropped line counts), if {@link Builder#accessLog} set one. */
    public Optional<AccessLogWriter> accessLog() {
        return accessLog;
    }

    /** Whether the server speaks TLS ({@link Builder#tls}). */
    public boolean isTls() {
        return tls != null;
    }

    /** The TLS settings new connections get, if the server speaks TLS. */
    public Optional<TlsSettings> tlsSettings() {
        return tls == null ? Optional.empty() : Optional.of(tls.settings());
    }

    /**
     * Replaces the TLS settings (a renewed certificate, a reloaded key store) for connections accepted from now on;
     * open connections go on with the settings they started with, so nothing is dropped. Thread-safe.
     *
     * @throws IllegalStateException if the server was not built with {@link Builder#tls}
     */
    public void updateTls(TlsSettings settings) {
        Objects.requireNonNull(settings, "settings");
        if (tls == null) {
            throw new IllegalStateException("this server speaks clear text: build it with .tls(...) to update TLS");
        }
        tls.update(settings);
    }

    /** How many connections are open. */
    public int connectionCount() {
        return tcp.connectionCount();
    }

    /** A view of each open connection. */
    public List<ConnectionSnapshot> connections() {
        List<ConnectionSnapshot> snapshots = new ArrayList<>();
        for (ConnectionGraph graph : tcp.connections()) {
            ConnectionInfo info = graph.info();
            int served = 0;
            String activity = "opening";
            Optional<String> framing = Optional.empty();
            long buffered = graph.connection().peakQueuedBytes();
            HttpRequestHandler handler = graph.protocol() instanceof HttpRequestHandler inGraph
                    ? inGraph
                    : graph.protocol() instanceof HttpProtocol http ? http.requestHandler() : null;
            InetSocketAddress client = info.remote();
            Optional<TlsSessionInfo> session = Optional.empty();
            if (handler != null) {
                served = handler.served();
                activity = handler.activity();
                framing = handler.framingInFlight().map(f -> f.tag());
                buffered += handler.peakBufferedBytes();
                // what the layers below told the parser (a PROXY header's client, the TLS session): nothing is kept
                // per connection for this list, it reads the origin the connection's requests get anyway
                Optional<ClientOrigin> origin = handler.connectionOrigin();
                if (origin.isPresent()) {
                    client = origin.get().remote();
                    session = origin.get().tlsSession();
                }
            }
            snapshots.add(new ConnectionSnapshot(
                    info.id(),
                    info.remote(),
                    client,
                    info.local(),
                    tls != null ? "https" : "http",
                    session,
                    info.opened(),
                    served,
                    activity,
                    framing,
                    buffered));
        }
        return snapshots;
    }

    /** The component graph of connection {@code id} (empty if it is gone); 0 gives every live component. */
    public GraphDescription describeConnection(long id) {
        return tcp.describe(id);
    }

    /**
     * Stops the server gracefully: stops accepting, lets in-flight responses finish for up to {@code grace},
     * closes what is left, and (if the server made its own event loops) stops them. Blocks until done.
     */
    public void stop(Duration grace) {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            tcp.stop(grace).get(grace.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // connections were forced closed at the end of the grace period; the loops stop below regardless
        } finally {
            if (ownScheduler) {
                scheduler.close();
            }
            // after the connections: their last lines are queued by the time they have closed
            accessLog.ifPresent(AccessLogWriter::close);
        }
    }

    /**
     * Starts a graceful stop and returns at once; the future completes when every connection has closed and the
     * access log, if any, has written its last lines.
     */
    public CompletableFuture<Void> stopAsync(Duration grace) {
        CompletableFuture<Void> closing = tcp.stop(grace);
        if (accessLog.isEmpty()) {
            return closing;
        }
        // closeAsync: the stop completes on an event loop, which must not wait for the writer
        AccessLogWriter log = accessLog.get();
        return closing.handle((done, failure) -> log.closeAsync().thenRun(() -> {
                    if (failure != null) {
                        throw failure instanceof CompletionException c ? c : new CompletionException(failure);
                    }
                }))
                .thenCompose(written -> written);
    }

    /** Stops with a five-second grace period. */
    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }

    /** Collects the settings of a server. */
    public static final class Builder {
        private InetAddress address = InetAddress.getLoopbackAddress();
        private int port = 8080;
        private final Router.Builder router = Router.builder();
        private boolean hasRoutes;
        private RequestHandlerFactory factory;
        private DecoderLimits limits = DecoderLimits.defaults();
        private HttpTimeouts timeouts = HttpTimeouts.defaults();
        private KeepAlive keepAlive = KeepAlive.defaults();
        private HttpObserver observer = HttpObserver.NONE;
        private ServerStatistics statistics;
        private AccessLog accessLog;
        private Optional<String> serverHeader = Optional.empty();
        private int eventLoops = Runtime.getRuntime().availableProcessors();
        private Scheduler scheduler;
        private int maxConnections = TcpServerConfig.DEFAULT_MAX_CONNECTIONS;
        private MinimumDataRate minRequestBodyRate = MinimumDataRate.defaults();
        private MinimumDataRate minResponseRate = MinimumDataRate.defaults();
        private int backlog = TcpServerConfig.DEFAULT_BACKLOG;
        private int writeHighWatermark = TcpConnectionConfig.DEFAULT_WRITE_HIGH_WATERMARK;
        private int writeLowWatermark = TcpConnectionConfig.DEFAULT_WRITE_LOW_WATERMARK;
        private String name = "http";
        private Compression compression = Compression.disabled();
        private TlsSettings tls; // null: clear text
        private TrustedProxies forwardedFrom; // null: forwarding fields are ignored
        private boolean proxyProtocol;

        private Builder() {}

        /**
         * Serves TLS with {@code value}: a {@link org.kamaelia.http.tls.TlsEngine} between each connection and its
         * HTTP protocol, {@code https} as the requests' scheme and the TLS session on their origin. The settings
         * can be replaced later for new connections with {@link HttpServer#updateTls}. See docs/tls.md.
         */
        public Builder tls(TlsSettings value) {
            this.tls = Objects.requireNonNull(value, "tls");
            return this;
        }

        /**
         * Applies {@code Forwarded} and {@code X-Forwarded-*} to each request's client address, scheme and host
         * when the peer is one of {@code trusted}; from other peers they are ignored (the default ignores them
         * from everyone).
         */
        public Builder forwarded(TrustedProxies trusted) {
            this.forwardedFrom = Objects.requireNonNull(trusted, "trusted");
            return this;
        }

        /**
         * Whether each connection starts with a PROXY protocol header (v1 or v2) naming the client, as HAProxy's
         * {@code send-proxy} sends; a connection without a valid one is closed.
         */
        public Builder proxyProtocol(boolean value) {
            this.proxyProtocol = value;
            return this;
        }

        /** The address to listen on (loopback by default; {@code 0.0.0.0} or {@code ::} for all). */
        public Builder address(InetAddress value) {
            this.address = Objects.requireNonNull(value, "address");
            return this;
        }

        /** The port; 0 picks a free one. */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("port out of range: " + value);
            }
            this.port = value;
            return this;
        }

        /** A name for the server's threads and logs. */
        public Builder name(String value) {
            this.name = Objects.requireNonNull(value, "name");
            return this;
        }

        /** Routes requests under {@code prefix} to {@code handlers}. */
        public Builder route(String prefix, RequestHandlerFactory handlers) {
            return route(prefix, handlers, Set.of());
        }

        /** Routes {@code methods} under {@code prefix} to {@code handlers}; others get 405 with Allow. */
        public Builder route(String prefix, RequestHandlerFactory handlers, Set<String> methods) {
            router.route(prefix, handlers, methods);
            hasRoutes = true;
            return this;
        }

        /** Serves every request with {@code handlers} (instead of routes). */
        public Builder handler(RequestHandlerFactory handlers) {
            this.factory = Objects.requireNonNull(handlers, "handlers");
            return this;
        }

        /**
         * The slowest a client may send a request body while a handler is ready to read it (default 240 bytes/s
         * over each 5 s grace period; {@link MinimumDataRate#NONE} turns it off). A slower client gets 408 and is
         * disconnected, counted as a {@code body-rate} timeout.
         */
        public Builder minRequestBodyRate(MinimumDataRate value) {
            this.minRequestBodyRate = Objects.requireNonNull(value, "minRequestBodyRate");
            return this;
        }

        /**
         * The slowest a client may take response bytes that wait for it (default 240 bytes/s over each 5 s grace
         * period; {@link MinimumDataRate#NONE} turns it off). A slower client is disconnected, counted as a
         * {@code response-rate} timeout.
         */
        public Builder minResponseRate(MinimumDataRate value) {
            this.minResponseRate = Objects.requireNonNull(value, "minResponseRate");
            return this;
        }

        /** Parser limits. */
        public Builder limits(DecoderLimits value) {
            this.limits = Objects.requireNonNull(value, "limits");
            return this;
        }

        /** Deadlines. */
        public Builder timeouts(HttpTimeouts value) {
            this.timeouts = Objects.requireNonNull(value, "timeouts");
            return this;
        }

        /** Connection reuse rules. */
        public Builder keepAlive(KeepAlive value) {
            this.keepAlive = Objects.requireNonNull(value, "keepAlive");
            return this;
        }

        /** Who is told about connections and requests. */
        public Builder observer(HttpObserver value) {
            this.observer = Objects.requireNonNull(value, "observer");
            return this;
        }

        /**
         * Counts into {@code value} instead of new statistics, so that the counts go on across a restart (the
         * Spring Boot starter keeps one per configured server).
         */
        public Builder statistics(ServerStatistics value) {
            this.statistics = Objects.requireNonNull(value, "statistics");
            return this;
        }

        /**
         * Writes one line per exchange to {@code value}'s sink, formatted off the event loops (none by default):
         * {@code .accessLog(AccessLog.combined())} writes the Combined Log Format to the {@code System.Logger}
         * named {@code org.kamaelia.http.access}. See {@link AccessLog}.
         */
        public Builder accessLog(AccessLog value) {
            this.accessLog = Objects.requireNonNull(value, "accessLog");
            return this;
        }

        /** A {@code Server} field for every response (none by default). */
        public Builder serverHeader(String value) {
            this.serverHeader = Optional.of(value);
            return this;
        }

        /** How many event loops the server's own scheduler gets. */
        public Builder eventLoops(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("eventLoops must be positive");
            }
            this.eventLoops = value;
            return this;
        }

        /** Runs on a shared scheduler instead of making one (the caller closes it). */
        public Builder scheduler(Scheduler value) {
            this.scheduler = Objects.requireNonNull(value, "scheduler");
            return this;
        }

        /** The most connections open at once. */
        public Builder maxConnections(int value) {
            this.maxConnections = value;
            return this;
        }

        /** The listen backlog. */
        public Builder backlog(int value) {
            this.backlog = value;
            return this;
        }

        /** Write-queue marks per connection, in bytes. */
        public Builder writeWatermarks(int high, int low) {
            this.writeHighWatermark = high;
            this.writeLowWatermark = low;
            return this;
        }

        /** Compresses responses on the fly as {@code value} says; off by default ({@link Compression#disabled()}). */
        public Builder compression(Compression value) {
            this.compression = Objects.requireNonNull(value, "compression");
            return this;
        }

        /**
         * Binds and starts the server.
         *
         * @throws org.kamaelia.http.net.TcpBindException if the address cannot be bound
         * @throws IllegalStateException if neither routes nor a handler were given
         */
        public HttpServer start() {
            RequestHandlerFactory handlers = factory;
            List<Router.Route> routes = List.of();
            if (handlers == null) {
                if (!hasRoutes) {
                    throw new IllegalStateException("an HTTP server needs routes or a handler");
                }
                Router built = router.build();
                handlers = built;
                routes = built.routes();
            }
            handlers = compression.applyTo(handlers);
            ResponseEncoder encoder = new ResponseEncoder(DateCache.system(), serverHeader);
            ServerStatistics counts = statistics != null ? statistics : new ServerStatistics();
            // counted once, here; other observers (metrics observations, logs) are told after
            List<HttpObserver> observers = new ArrayList<>(List.of(counts));
            if (observer != HttpObserver.NONE) {
                observers.add(observer);
            }
            // last, so that a trace id an observer opened at the request's start is there for the log to read
            Optional<AccessLogWriter> accessLogWriter =
                    Optional.ofNullable(accessLog).map(log -> AccessLogWriter.start(log, name + "-access-log"));
            if (accessLogWriter.isPresent()) {
                observers.add(accessLogWriter.get());
            }
            HttpObserver observing = HttpObserver.composite(observers);
            TrustedProxies trusted = forwardedFrom;
            // Only a trusted peer's fields are ever believed (ForwardedHeaders.apply asks the same of the same
            // TCP peer), so any other connection gets no stage: no component to keep, no hop per request part.
            RequestStage forwarding = trusted == null
                    ? null
                    : connection -> {
                        if (!trusted.trusts(connection.remote())) {
                            return null;
                        }
                        ForwardedHeaders stage = new ForwardedHeaders(trusted);
                        return new RequestStage.Part(stage, stage.inbox, stage.outbox);
                    };
            HttpProtocol.Settings settings = new HttpProtocol.Settings(
                    handlers, limits, timeouts, keepAlive, encoder, observing, minRequestBodyRate, forwarding);
            TcpConnectionConfig connection = TcpConnectionConfig.defaults()
                    .withWriteWatermarks(writeHighWatermark, writeLowWatermark)
                    .withWriteStallTimeout(timeouts.write())
                    .withMinResponseRate(minResponseRate);
            TcpServerConfig tcpConfig =
                    new TcpServerConfig(new InetSocketAddress(address, port), backlog, maxConnections, connection);
            boolean own = scheduler == null;
            Scheduler loops = own ? Scheduler.start(name, eventLoops) : scheduler;
            // Without TLS the protocol links to the connection itself: no layer, nothing more per connection.
            TlsLayers tlsLayers = tls == null ? null : new TlsLayers(tls, observing);
            ProtocolFactory http = HttpProtocol.factory(settings);
            ProtocolFactory protocol = tlsLayers == null ? http : http.over(tlsLayers);
            if (proxyProtocol) {
                // under TLS: the proxy writes its header before the client's first TLS record
                protocol = protocol.over(new ProxyProtocolLayers(ProxyProtocolDecoder.DEFAULT_DEADLINE, observing));
            }
            try {
                TcpServer tcp = TcpServer.start(tcpConfig, protocol, loops, new ObservingListener(observing));
                return new HttpServer(tcp, loops, own, routes, counts, accessLogWriter, tlsLayers);
            } catch (RuntimeException e) {
                if (own) {
                    loops.close();
                }
                accessLogWriter.ifPresent(AccessLogWriter::close);
                throw e;
            }
        }
    }

    /** Passes connection events to the HTTP observer. */
    private record ObservingListener(HttpObserver observer) implements ConnectionListener {
        @Override
        public void opened(ConnectionInfo connection) {
            observer.connectionOpened(connection);
        }

        @Override
        public void closed(ConnectionInfo connection, CloseReason reason, long bytesRead, long bytesWritten) {
            observer.connectionClosed(connection, reason, bytesRead, bytesWritten);
        }

        @Override
        public void writeStalled(ConnectionInfo connection) {
            observer.timeout(connection, TimeoutKind.WRITE);
        }

        @Override
        public void writeTooSlow(ConnectionInfo connection) {
            observer.timeout(connection, TimeoutKind.RESPONSE_RATE);
        }

        @Override
        public void acceptProblem(AcceptProblem problem) {
            observer.acceptProblem(problem);
        }

        @Override
        public void readPaused(ConnectionInfo connection) {
            observer.backpressurePaused(connection);
        }

        @Override
        public void readResumed(ConnectionInfo connection, long pausedNanos) {
            observer.backpressureResumed(connection, pausedNanos);
        }
    }
}
