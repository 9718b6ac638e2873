package org.kamaelia.http.spring.boot.autoconfigure;

import java.lang.System.Logger.Level;
import java.time.Duration;
import org.kamaelia.http.spring.boot.KamaeliaHttpProperties;
import org.kamaelia.http.spring.boot.KamaeliaHttpServerStartedEvent;
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
public final class KamaeliaHttpServersLifecycle implements SmartLifecycle {
    /** Late start, early stop: after the beans a handler may use are ready, before they are destroyed. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

    private static final System.Logger LOG = System.getLogger(KamaeliaHttpServersLifecycle.class.getName());

    private final KamaeliaHttpServers servers;
    private final ApplicationEventPublisher publisher;
    private final KamaeliaHttpProperties.Shutdown shutdown;
    private volatile boolean running;
    private java.util.concurrent.CountDownLatch keepAlive;

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
        startKeepAliveThread();
        for (KamaeliaHttpServers.Entry entry : servers.entries().values()) {
            entry.server()
                    .ifPresent(server -> publisher.publishEvent(
                            new KamaeliaHttpServerStartedEvent(this, entry.name(), server.localAddress())));
        }
    }

    @Override
    public void stop() {
        AvailabilityChangeEvent.publish(publisher, this, ReadinessState.REFUSING_TRAFFIC);
        servers.markDraining();
        awaitDrainDelay();
        Duration grace = shutdown.getMode() == KamaeliaHttpProperties.ShutdownMode.GRACEFUL
                ? shutdown.getGracePeriod()
                : Duration.ZERO;
        servers.stop(grace);
        running = false;
        if (keepAlive != null) {
            keepAlive.countDown();
            keepAlive = null;
        }
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
        LOG.log(
                Level.INFO,
                "Readiness refused; serving for the drain delay ({0}) before the Kamaelia HTTP servers stop",
                delay);
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            // whoever interrupts the shutdown wants it over with: the stop below sees the interrupt and closes at once
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The event loops are daemon threads; like a servlet container's, a running server keeps the JVM alive with
     * one non-daemon thread, so an application whose main method returns goes on serving.
     */
    private void startKeepAliveThread() {
        java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(1);
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

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
