package org.kamaelia.http.component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A group of {@link EventLoop}s that components are spread over, one loop per component graph.
 *
 * <pre>{@code
 * Scheduler scheduler = Scheduler.start("app", 2);
 * scheduler.activate(new MyComponent());
 * ...
 * scheduler.close();
 * }</pre>
 *
 * <p>Thread-safe. Closing a closed scheduler has no effect.
 */
public final class Scheduler implements AutoCloseable {
    private final List<EventLoop> loops;
    private final AtomicInteger next = new AtomicInteger();
    private volatile boolean closed;

    private Scheduler(String name, int loopCount) {
        if (loopCount < 1) {
            throw new IllegalArgumentException("need at least one event loop, got " + loopCount);
        }
        List<EventLoop> created = new ArrayList<>(loopCount);
        for (int i = 0; i < loopCount; i++) {
            created.add(new EventLoop(name + "-loop-" + i));
        }
        this.loops = List.copyOf(created);
        loops.forEach(EventLoop::startThread);
    }

    /** Starts a scheduler with {@code loopCount} loops, named after {@code name}. */
    public static Scheduler start(String name, int loopCount) {
        return new Scheduler(name, loopCount);
    }

    /** Starts a scheduler with one loop per available processor. */
    public static Scheduler start(String name) {
        return start(name, Runtime.getRuntime().availableProcessors());
    }

    /** The loops, in creation order. */
    public List<EventLoop> loops() {
        return loops;
    }

    /** The loop that the next new graph should run on (round robin). */
    public EventLoop nextLoop() {
        return loops.get(Math.floorMod(next.getAndIncrement(), loops.size()));
    }

    /** Starts a top-level component on the next loop and returns it. */
    public <C extends Component> C activate(C component) {
        nextLoop().activate(component);
        return component;
    }

    /**
     * Describes every live component on every loop, as plain data. Each loop describes its own components on
     * its own thread, so the picture of one loop is consistent.
     */
    public GraphDescription describe() {
        List<CompletableFuture<GraphDescription>> parts = new ArrayList<>();
        for (EventLoop loop : loops) {
            CompletableFuture<GraphDescription> part = new CompletableFuture<>();
            loop.execute(() -> part.complete(GraphDescription.of(loop.liveComponents())));
            parts.add(part);
        }
        List<GraphDescription> described = new ArrayList<>();
        for (CompletableFuture<GraphDescription> part : parts) {
            try {
                described.add(part.get(5, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while describing", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("a loop did not describe itself", e);
            }
        }
        return GraphDescription.merge(described);
    }

    /** Stops every loop: components still running are finished. Waits up to five seconds for the threads. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        loops.forEach(EventLoop::shutdown);
        for (EventLoop loop : loops) {
            try {
                loop.awaitTermination(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
