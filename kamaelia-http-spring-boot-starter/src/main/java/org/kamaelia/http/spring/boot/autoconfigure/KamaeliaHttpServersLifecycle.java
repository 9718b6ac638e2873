package org.kamaelia.http.spring.boot.autoconfigure;

import java.time.Duration;
import org.kamaelia.http.spring.boot.KamaeliaHttpProperties;
import org.kamaelia.http.spring.boot.KamaeliaHttpServerStartedEvent;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the servers when the context has been refreshed and stops them early in the context's shutdown: first
 * readiness is refused, then each server stops accepting, lets responses in flight finish within the grace
 * period, and closes what is left.
 */
public final class KamaeliaHttpServersLifecycle implements SmartLifecycle {
    /** Late start, early stop: after the beans a handler may use are ready, before they are destroyed. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

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
