package org.kamaelia.http.net;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.kamaelia.http.component.Component;
import org.kamaelia.http.component.EventLoop;
import org.kamaelia.http.component.GraphDescription;
import org.kamaelia.http.component.Scheduler;

/**
 * Listens on one address and builds a {@link ConnectionGraph} for every accepted connection: a
 * {@link TcpConnection} and the protocol side a {@link ProtocolFactory} builds around it (the original's
 * TCPServer and ServerCore in one).
 *
 * <pre>{@code
 * TcpServer server = TcpServer.start(TcpServerConfig.loopback(0), EchoProtocol::new, scheduler);
 * int port = server.port();
 * server.stop(Duration.ofSeconds(5)).join();
 * }</pre>
 *
 * <p>The listening socket lives on one event loop; connections are spread over all the scheduler's loops,
 * and all components of one connection share a loop. Binding happens in {@link #start}, so a port in use
 * fails there with a {@link TcpBindException} naming the address. IPv4 and IPv6 addresses both work. The
 * public methods are safe from any thread.
 */
public final class TcpServer extends Component {
    private static final System.Logger LOG = System.getLogger(TcpServer.class.getName());
    private static final AtomicLong CONNECTION_IDS = new AtomicLong();
    private static final int ACCEPTS_PER_WAKEUP = 64;
    private static final Duration ACCEPT_BACKOFF = Duration.ofMillis(100);
    private static final long WARNING_INTERVAL_NANOS = 1_000_000_000L;

    private final ServerSocketChannel listener;
    private final InetSocketAddress localAddress;
    private final TcpServerConfig config;
    private final ProtocolFactory factory;
    private final Scheduler scheduler;
    private final ConnectionListener connectionListener;
    // Open connections, as a chain through their graphs: added on the connection's loop, removed when its graph
    // ends, read by observers on any thread. The lock is taken once per connection opened and closed.
    private final Object openLock = new Object();
    private ConnectionGraph firstOpen;
    // One listener for every connection (a connection is told its own info): no tracking object per connection.
    private final ConnectionListener tracking = new TrackingListener();
    private final AtomicInteger open = new AtomicInteger();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private EventLoop home;
    private SelectionKey acceptKey;
    private volatile boolean accepting = true;
    private volatile boolean acceptPaused;
    private long lastDescriptorWarning;
    private long descriptorFailures;

    private TcpServer(
            ServerSocketChannel listener,
            TcpServerConfig config,
            ProtocolFactory factory,
            Scheduler scheduler,
            ConnectionListener connectionListener)
            throws IOException {
        this.listener = listener;
        this.localAddress = (InetSocketAddress) listener.getLocalAddress();
        this.config = config;
        this.factory = factory;
        this.scheduler = scheduler;
        this.connectionListener = connectionListener;
    }

    /** Binds {@code config.address()} and starts accepting, with no connection listener. */
    public static TcpServer start(TcpServerConfig config, ProtocolFactory factory, Scheduler scheduler) {
        return start(config, factory, scheduler, ConnectionListener.NONE);
    }

    /**
     * Binds {@code config.address()} and starts accepting on one of {@code scheduler}'s loops.
     *
     * @throws TcpBindException if the address cannot be bound
     */
    public static TcpServer start(
            TcpServerConfig config, ProtocolFactory factory, Scheduler scheduler, ConnectionListener listener) {
        ServerSocketChannel channel = null;
        try {
            channel = ServerSocketChannel.open();
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(config.address(), config.backlog());
            channel.configureBlocking(false);
            TcpServer server = new TcpServer(channel, config, factory, scheduler, listener);
            server.home = scheduler.nextLoop();
            server.home.activate(server);
            return server;
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new TcpBindException(config.address(), e);
        }
    }

    /** The port actually bound (useful when the configuration asked for port 0). */
    public int port() {
        return localAddress.getPort();
    }

    /** The address actually bound. */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** How many connections are open now. */
    public int connectionCount() {
        return open.get();
    }

    /** Whether the server still accepts new connections. */
    public boolean isAccepting() {
        return accepting;
    }

    /** The graphs of the connections open now; for observation, not for changing them. */
    public List<ConnectionGraph> connections() {
        List<ConnectionGraph> open = new ArrayList<>();
        synchronized (openLock) {
            for (ConnectionGraph graph = firstOpen; graph != null; graph = graph.nextOpen) {
                open.add(graph);
            }
        }
        return open;
    }

    private ConnectionGraph openGraph(long connectionId) {
        synchronized (openLock) {
            for (ConnectionGraph graph = firstOpen; graph != null; graph = graph.nextOpen) {
                if (graph.info().id() == connectionId) {
                    return graph;
                }
            }
        }
        return null;
    }

    private void remember(ConnectionGraph graph) {
        synchronized (openLock) {
            graph.nextOpen = firstOpen;
            if (firstOpen != null) {
                firstOpen.previousOpen = graph;
            }
            firstOpen = graph;
        }
    }

    /** Drops an ended graph from the open connections; forgetting a forgotten graph has no effect. */
    void forget(ConnectionGraph graph) {
        synchronized (openLock) {
            ConnectionGraph previous = graph.previousOpen;
            ConnectionGraph next = graph.nextOpen;
            if (previous == null) {
                if (firstOpen != graph) {
                    return;
                }
                firstOpen = next;
            } else {
                previous.nextOpen = next;
            }
            if (next != null) {
                next.previousOpen = previous;
            }
            graph.previousOpen = null;
            graph.nextOpen = null;
        }
    }

    /** The scheduler this server's connections run on. */
    public Scheduler scheduler() {
        return scheduler;
    }

    /**
     * Describes the component graph of one open connection (empty if it is gone), or, for {@code connectionId} 0,
     * every live component on this server's scheduler. Waits for the loops concerned.
     */
    public GraphDescription describe(long connectionId) {
        if (connectionId == 0) {
            return scheduler.describe();
        }
        ConnectionGraph graph = openGraph(connectionId);
        if (graph == null) {
            return new GraphDescription(List.of(), List.of());
        }
        if (loopOf(graph).inLoop()) {
            return GraphDescription.of(List.of(graph));
        }
        CompletableFuture<GraphDescription> result = new CompletableFuture<>();
        loopOf(graph).execute(() -> result.complete(GraphDescription.of(List.of(graph))));
        return result.orTimeout(5, TimeUnit.SECONDS).join();
    }

    private static EventLoop loopOf(ConnectionGraph graph) {
        return graph.home();
    }

    @Override
    public String name() {
        return "TcpServer[" + localAddress.getHostString() + ":" + localAddress.getPort() + "]";
    }

    @Override
    protected void onStart() {
        try {
            acceptKey = loop().register(listener, SelectionKey.OP_ACCEPT, key -> acceptSome());
        } catch (IOException e) {
            fail(e);
        }
    }

    @Override
    protected void react() {
        control.clear();
    }

    private void acceptSome() {
        for (int i = 0; i < ACCEPTS_PER_WAKEUP && accepting; i++) {
            if (open.get() >= config.maxConnections()) {
                if (pauseAccepting()) {
                    LOG.log(
                            Level.DEBUG,
                            () -> name() + ": " + config.maxConnections() + " connections open: not"
                                    + " accepting until one closes");
                    connectionListener.acceptProblem(AcceptProblem.CONNECTION_LIMIT);
                }
                return;
            }
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (IOException e) {
                acceptFailed(e);
                return;
            }
            if (channel == null) {
                return;
            }
            open.incrementAndGet();
            try {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ConnectionInfo info = new ConnectionInfo(
                        CONNECTION_IDS.incrementAndGet(),
                        (InetSocketAddress) channel.getRemoteAddress(),
                        (InetSocketAddress) channel.getLocalAddress(),
                        Instant.now());
                EventLoop target = scheduler.nextLoop();
                target.execute(() -> openConnection(channel, info, target));
            } catch (IOException e) {
                LOG.log(Level.DEBUG, () -> name() + ": could not set up a connection: " + e.getMessage());
                closeQuietly(channel);
                connectionGone();
            }
        }
    }

    private void openConnection(SocketChannel channel, ConnectionInfo info, EventLoop target) {
        if (!accepting && stopped.isDone()) {
            closeQuietly(channel);
            connectionGone();
            return;
        }
        TcpConnection connection = new TcpConnection(channel, info, config.connection(), tracking);
        ConnectionGraph graph = new ConnectionGraph(connection, target, this);
        try {
            factory.buildInto(graph);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, () -> name() + ": protocol factory failed", e);
            closeQuietly(channel);
            connectionGone();
            return;
        }
        remember(graph);
        target.activate(graph);
    }

    private final class TrackingListener implements ConnectionListener {
        @Override
        public void opened(ConnectionInfo connection) {
            connectionListener.opened(connection);
        }

        @Override
        public void closed(ConnectionInfo connection, CloseReason reason, long bytesRead, long bytesWritten) {
            connectionListener.closed(connection, reason, bytesRead, bytesWritten);
            connectionGone();
        }

        @Override
        public void writeStalled(ConnectionInfo connection) {
            connectionListener.writeStalled(connection);
        }

        @Override
        public void writeTooSlow(ConnectionInfo connection) {
            connectionListener.writeTooSlow(connection);
        }

        @Override
        public void readPaused(ConnectionInfo connection) {
            connectionListener.readPaused(connection);
        }

        @Override
        public void readResumed(ConnectionInfo connection, long pausedNanos) {
            connectionListener.readResumed(connection, pausedNanos);
        }
    }

    private void connectionGone() {
        int now = open.decrementAndGet();
        if (now < config.maxConnections() && acceptPaused) {
            home.execute(this::resumeAccepting);
        }
        if (now == 0 && !accepting) {
            stopped.complete(null);
        }
    }

    // Out of descriptors, the waiting connection stays ready, so the selector would wake at once for ever: accepting
    // rests for a moment instead (or until a connection closes and frees a descriptor). The warning is written at
    // most once a second, with how many failures it stands for; every failure is counted.
    private void acceptFailed(IOException e) {
        String message = String.valueOf(e.getMessage());
        if (!message.contains("Too many open files")) {
            LOG.log(Level.DEBUG, () -> name() + ": accept failed: " + message);
            connectionListener.acceptProblem(AcceptProblem.ERROR);
            return;
        }
        connectionListener.acceptProblem(AcceptProblem.DESCRIPTORS_EXHAUSTED);
        descriptorFailures++;
        long now = System.nanoTime();
        if (lastDescriptorWarning == 0 || now - lastDescriptorWarning >= WARNING_INTERVAL_NANOS) {
            long failures = descriptorFailures;
            descriptorFailures = 0;
            lastDescriptorWarning = now;
            try {
                LOG.log(
                        Level.WARNING,
                        () -> name() + ": out of file descriptors (" + failures + " accept failure(s) since the last"
                                + " warning); " + open.get() + " connections open; accepting again in "
                                + ACCEPT_BACKOFF.toMillis() + " ms. Raise the limit (ulimit -n) or lower"
                                + " max-connections.");
            } catch (RuntimeException | Error logFailure) {
                // A logging back end that has never written a line may need a descriptor itself (the JDK's formatter
                // loads its time zone file, and throws an Error when it cannot): the warning is lost, but the event
                // loop must not die of it.
                if (logFailure instanceof VirtualMachineError fatal) {
                    throw fatal;
                }
            }
        }
        if (pauseAccepting()) {
            runAfter(ACCEPT_BACKOFF, this::resumeAccepting);
        }
    }

    /** Stops accepting for now; whether it was accepting until this call. */
    private boolean pauseAccepting() {
        if (!acceptPaused && acceptKey != null && acceptKey.isValid()) {
            acceptPaused = true;
            acceptKey.interestOps(0);
            return true;
        }
        return false;
    }

    private void resumeAccepting() {
        if (acceptPaused && accepting && acceptKey != null && acceptKey.isValid()) {
            acceptPaused = false;
            acceptKey.interestOps(SelectionKey.OP_ACCEPT);
            acceptSome();
        }
    }

    /**
     * Stops the server: stops accepting at once, asks every open connection's protocol to finish its work in
     * hand (a graceful drain), and closes what is still open when {@code grace} ends. Stopping a stopped server
     * only returns the same future.
     *
     * @return completes when every connection has closed
     */
    public CompletableFuture<Void> stop(Duration grace) {
        if (!accepting) {
            return stopped;
        }
        accepting = false;
        EventLoop own = home;
        own.execute(() -> {
            if (acceptKey != null) {
                acceptKey.cancel();
            }
            closeQuietly(listener);
            for (ConnectionGraph graph : connections()) {
                loopOf(graph).execute(graph::drain);
            }
            if (open.get() == 0) {
                stopped.complete(null);
            } else {
                own.schedule(grace, this::abortAll);
            }
            finish();
        });
        return stopped;
    }

    private void abortAll() {
        for (ConnectionGraph graph : connections()) {
            loopOf(graph).execute(graph::abort);
        }
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing channel", e);
        }
    }
}
