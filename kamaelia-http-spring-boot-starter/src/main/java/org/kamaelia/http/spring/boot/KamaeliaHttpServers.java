package org.kamaelia.http.spring.boot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.kamaelia.http.component.Scheduler;
import org.kamaelia.http.handler.Router;
import org.kamaelia.http.observe.HttpObserver;
import org.kamaelia.http.observe.ServerStatistics;
import org.kamaelia.http.server.HttpServer;

/**
 * The application's Kamaelia HTTP servers: their definitions (checked at startup) and, once started, the running
 * servers with their state and statistics. The actuator endpoint, health, metrics and dashboard read from here.
 *
 * <p>Each server's {@link ServerStatistics} (core's one count of what it did) is made with its entry and handed to
 * every {@code HttpServer} started for it, so the numbers are there before the server starts and go on across a
 * restart.
 */
public final class KamaeliaHttpServers {

    /** Where a server is in its life. */
    public enum State {
        /** Defined, not started yet. */
        STOPPED,
        /** Listening. */
        RUNNING,
        /**
         * Stopping: readiness is refused. During the drain delay the server still serves as before; then it
         * accepts no new connections while responses in flight finish.
         */
        DRAINING,
        /** Could not start. */
        FAILED
    }

    /** A server ready to be built: its name, routes and a builder factory. */
    public record Definition(String name, List<Router.Route> routes, Supplier<HttpServer.Builder> builder) {}

    /** One server as it is now. */
    public static final class Entry {
        private final Definition definition;
        private final ServerStatistics statistics = new ServerStatistics();
        private volatile State state = State.STOPPED;
        private volatile HttpServer server;
        private volatile Throwable failure;

        Entry(Definition definition) {
            this.definition = definition;
        }

        /** The server's name. */
        public String name() {
            return definition.name();
        }

        /** Its routes, longest prefix first. */
        public List<Router.Route> routes() {
            return definition.routes();
        }

        /** Its state. */
        public State state() {
            return state;
        }

        /** The running server, once started. */
        public Optional<HttpServer> server() {
            return Optional.ofNullable(server);
        }

        /** Its counts: the server's own statistics, kept across restarts. */
        public ServerStatistics statistics() {
            return statistics;
        }

        /** Why it failed to start, if it did. */
        public Optional<Throwable> failure() {
            return Optional.ofNullable(failure);
        }
    }

    private final Map<String, Entry> entries;
    private final Scheduler scheduler;
    private final List<KamaeliaHttpObserverFactory> observers;

    /** Servers from {@code definitions}, on {@code scheduler}, reporting to {@code observers}. */
    public KamaeliaHttpServers(
            List<Definition> definitions, Scheduler scheduler, List<KamaeliaHttpObserverFactory> observers) {
        Map<String, Entry> byName = new LinkedHashMap<>();
        for (Definition definition : definitions) {
            byName.put(definition.name(), new Entry(definition));
        }
        this.entries = Collections.unmodifiableMap(byName);
        this.scheduler = scheduler;
        this.observers = List.copyOf(observers);
    }

    /** Every server, by name, in configuration order. */
    public Map<String, Entry> entries() {
        return entries;
    }

    /** The running server called {@code name}. */
    public Optional<HttpServer> server(String name) {
        Entry entry = entries.get(name);
        return entry == null ? Optional.empty() : entry.server();
    }

    /** Starts every server that is not running; a server that cannot bind fails the start. */
    public synchronized void start() {
        for (Entry entry : entries.values()) {
            if (entry.state == State.RUNNING) {
                continue;
            }
            List<HttpObserver> observing = new ArrayList<>();
            for (KamaeliaHttpObserverFactory factory : observers) {
                observing.add(factory.observerFor(entry.name()));
            }
            HttpServer.Builder builder =
                    entry.definition.builder().get().scheduler(scheduler).statistics(entry.statistics);
            if (!observing.isEmpty()) {
                builder.observer(HttpObserver.composite(observing));
            }
            try {
                entry.server = builder.start();
                entry.state = State.RUNNING;
            } catch (RuntimeException e) {
                entry.state = State.FAILED;
                entry.failure = e;
                throw new KamaeliaHttpServerStartException(entry.name(), e);
            }
        }
    }

    /** Marks every running server as draining (readiness is refused from now on). */
    public void markDraining() {
        for (Entry entry : entries.values()) {
            if (entry.state == State.RUNNING) {
                entry.state = State.DRAINING;
            }
        }
    }

    /** Stops every server, gracefully within {@code grace} (zero: at once), all in parallel. */
    public void stop(Duration grace) {
        List<java.util.concurrent.CompletableFuture<Void>> stopping = new ArrayList<>();
        for (Entry entry : entries.values()) {
            HttpServer server = entry.server;
            if (server != null) {
                entry.state = State.DRAINING;
                stopping.add(server.stopAsync(grace));
            }
        }
        for (java.util.concurrent.CompletableFuture<Void> future : stopping) {
            try {
                future.get(grace.toMillis() + 5_000, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // forced closes happened at the end of the grace period
            }
        }
        for (Entry entry : entries.values()) {
            if (entry.server != null) {
                entry.server.stop(Duration.ZERO);
                entry.server = null;
                entry.state = State.STOPPED;
            }
        }
    }

    /** Whether any server is running. */
    public boolean isRunning() {
        return entries.values().stream().anyMatch(e -> e.state == State.RUNNING || e.state == State.DRAINING);
    }
}
