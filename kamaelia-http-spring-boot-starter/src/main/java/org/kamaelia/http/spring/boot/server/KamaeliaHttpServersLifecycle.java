package org.kamaelia.http.spring.boot.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.kamaelia.http.server.HttpServer;
import org.kamaelia.http.spring.boot.KamaeliaHttpProperties;
import org.kamaelia.http.spring.boot.KamaeliaHttpServerStartedEvent;
import org.kamaelia.http.spring.boot.KamaeliaHttpServers;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the servers when the context has been refreshed and stops them early in the context's shutdown: first
 * readiness is refused, then the servers go on serving for the drain delay (so load balancers take the instance
 * out of rotation), then each server stops accepting, lets responses in flight finish within the grace period,
 * and closes what is left.
 */
public final class KamaeliaHttpServersLifecycle implements SmartLifecycle, DisposableBean {
    /** Late start, early stop: after the beans a handler may use are ready, before they are destroyed. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

    private static final Log LOG = LogFactory.getLog(KamaeliaHttpServersLifecycle.class);

    /** How long closing the context waits for an abandoned asynchronous stop to close the servers at once. */
    private static final Duration FORCED_STOP_WAIT = Duration.ofSeconds(5);

    private final KamaeliaHttpServers servers;
    private final ApplicationEventPublisher publisher;
    private final KamaeliaHttpProperties.Shutdown shutdown;
    private volatile boolean running;
    private CountDownLatch keepAlive;
    private volatile Thread stopping;

    /** A lifecycle for {@code servers}. */
    public KamaeliaHttpServersLifecycle(
            KamaeliaHttpServers servers,
            ApplicationEventPublisher publisher,
            KamaeliaHttpProperties.Shutdown shutdown) {
        this.servers = servers;
        this.publisher = publisher;
        this.shutdown = shutdown;
    }

    @Override
    public void start() {
        servers.start();
        running = true;
        if (servers.isRunning()) {
            startKeepAliveThread();
        }
        for (KamaeliaHttpServers.Entry entry : servers.entries().values()) {
            entry.server().ifPresent(server -> started(entry.name(), server));
        }
    }

    private void started(String name, HttpServer server) {
        InetSocketAddress address = server.localAddress();
        if (LOG.isInfoEnabled()) {
            LOG.info("Kamaelia HTTP server '" + name + "' started on " + describe(address) + " ("
                    + (server.isTls() ? "https" : "http") + ")");
        }
        publisher.publishEvent(new KamaeliaHttpServerStartedEvent(this, name, address));
    }

    /**
     * The JDK reports a wildcard bind as the IPv6 wildcard even when 0.0.0.0 was asked for (the socket is dual
     * stack); either way it listens on every interface, which operators know as 0.0.0.0.
     */
    static String describe(InetSocketAddress address) {
        InetAddress host = address.getAddress();
        if (host == null) {
            return address.getHostString() + ":" + address.getPort();
        }
        if (host.isAnyLocalAddress()) {
            return "0.0.0.0:" + address.getPort();
        }
        String text = host.getHostAddress();
        return (text.indexOf(':') >= 0 ? "[" + text + "]" : text) + ":" + address.getPort();
    }

    @Override
    public void stop() {
        drainAndStop();
    }

    /**
     * Stops on a thread of its own and reports back through {@code callback}, so that
     * {@code spring.lifecycle.timeout-per-shutdown-phase} bounds how long the context waits for the drain delay
     * and the grace period.
     */
    @Override
    public void stop(Runnable callback) {
        if (!running) {
            callback.run();
            return;
        }
        Thread thread = new Thread(
                () -> {
                    try {
                        drainAndStop();
                    } finally {
                        callback.run();
                    }
                },
                "kamaelia-http-shutdown");
        // the keep-alive thread, not this one, decides whether the JVM stays up while servers run
        thread.setDaemon(true);
        stopping = thread;
        thread.start();
    }

    private void drainAndStop() {
        AvailabilityChangeEvent.publish(publisher, this, ReadinessState.REFUSING_TRAFFIC);
        boolean serving = servers.isRunning();
        servers.markDraining();
        if (serving) {
            awaitDrainDelay();
        }
        Duration grace = shutdown.getMode() == KamaeliaHttpProperties.ShutdownMode.GRACEFUL
                ? shutdown.getGracePeriod()
                : Duration.ZERO;
        servers.stop(grace);
        running = false;
        releaseKeepAlive();
    }

    /**
     * Serving goes on unchanged, the management server's readiness probe included (it answers 503 now), while
     * load balancers notice the refused readiness and stop sending requests. Closing listeners and idle
     * keep-alive connections before that would fail requests a balancer sends meanwhile: new connections would
     * be refused, and a pooled connection could be closed just as the balancer reuses it. Responses keep their
     * keep-alive: until the delay ends the listener still accepts, so a client told to close would reconnect to
     * this same instance.
     */
    private void awaitDrainDelay() {
        Duration delay = shutdown.getDrainDelay();
        if (delay == null || delay.isNegative() || delay.isZero()) {
            return;
        }
        LOG.info(
                "Readiness refused; serving for the drain delay (" + delay + ") before the Kamaelia HTTP servers stop");
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            // whoever interrupts the shutdown wants it over with: the stop below sees the interrupt and closes at once
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Reached when the context closes; if the shutdown phase timed out while the servers were still draining,
     * they are closed at once here, before the event loops they run on are closed.
     */
    @Override
    public void destroy() throws InterruptedException {
        Thread thread = stopping;
        if (thread != null && thread.isAlive()) {
            LOG.warn("The shutdown phase ended before the Kamaelia HTTP servers had stopped: closing them now");
            thread.interrupt();
            thread.join(FORCED_STOP_WAIT.toMillis());
        }
    }

    /**
     * The event loops are daemon threads; like a servlet container's, a running server keeps the JVM alive with
     * one non-daemon thread, so an application whose main method returns goes on serving. With no server running
     * there is nothing to keep alive, and such an application exits when its main method returns.
     */
    private synchronized void startKeepAliveThread() {
        if (keepAlive != null) {
            return;
        }
        CountDownLatch latch = new CountDownLatch(1);
        keepAlive = latch;
        Thread thread = new Thread(
                () -> {
                    try {
                        latch.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "kamaelia-http-keep-alive");
        thread.setDaemon(false);
        thread.start();
    }

    private synchronized void releaseKeepAlive() {
        if (keepAlive != null) {
            keepAlive.countDown();
            keepAlive = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * A paused context (the test framework pauses cached contexts it is not using) keeps its servers: stopping
     * them would give their ports away and make a resumed context bind again, possibly to other ports.
     */
    @Override
    public boolean isPauseable() {
        return false;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
