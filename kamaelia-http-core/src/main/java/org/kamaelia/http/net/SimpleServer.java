package org.kamaelia.http.net;

import java.time.Duration;
import org.kamaelia.http.component.Scheduler;

/**
 * The original's {@code SimpleServer(protocol=factory, port=N)}: a {@link TcpServer} with its own
 * {@link Scheduler}, serving one protocol component per connection.
 *
 * <pre>{@code
 * try (SimpleServer server = SimpleServer.start(connection -> new EchoProtocol(), 0)) {
 *     System.out.println("echo on port " + server.port());
 *     ...
 * }
 * }</pre>
 *
 * <p>It listens on the loopback address unless given a configuration. Closing stops it gracefully (up to
 * five seconds) and then stops its event loops; closing twice has no effect.
 */
public final class SimpleServer implements AutoCloseable {
    private final Scheduler scheduler;
    private final TcpServer server;

    private SimpleServer(Scheduler scheduler, TcpServer server) {
        this.scheduler = scheduler;
        this.server = server;
    }

    /** Serves {@code protocol} on {@code port} of the loopback address (0 picks a free port). */
    public static SimpleServer start(ProtocolFactory protocol, int port) {
        return start(protocol, TcpServerConfig.loopback(port));
    }

    /** Serves {@code protocol} as {@code config} says, on one event loop per processor. */
    public static SimpleServer start(ProtocolFactory protocol, TcpServerConfig config) {
        Scheduler scheduler = Scheduler.start("simple-server");
        try {
            return new SimpleServer(scheduler, TcpServer.start(config, protocol, scheduler));
        } catch (RuntimeException e) {
            scheduler.close();
            throw e;
        }
    }

    /** The port actually bound. */
    public int port() {
        return server.port();
    }

    /** The underlying TCP server. */
    public TcpServer server() {
        return server;
    }

    /** Stops accepting, lets connections finish for up to {@code grace}, then stops the event loops. */
    public void stop(Duration grace) {
        try {
            server.stop(grace).get(grace.toMillis() + 5_000, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // The loops are closed below whatever happened to the connections.
        } finally {
            scheduler.close();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }
}
