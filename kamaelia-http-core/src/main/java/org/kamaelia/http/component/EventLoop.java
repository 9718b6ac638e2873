package org.kamaelia.http.component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * One thread that runs components, timers and socket readiness: the scheduler of a group of components.
 *
 * <p>The loop sleeps in {@link Selector#select()} whenever it has nothing to do, so an idle loop uses no
 * CPU. It wakes for socket readiness, for a due timer, or when another thread hands it a task through
 * {@link #execute(Runnable)} (a thread-safe queue plus a selector wake-up). Components made ready on the
 * loop itself are queued without any locking.
 */
public final class EventLoop implements Executor {
    private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());
    private static final int READY_BATCH = 4096;

    private final Selector selector;
    private final Thread thread;
    private final LongSupplier clock;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final ArrayDeque<Component> ready = new ArrayDeque<>();
    private final TimerWheel timers = new TimerWheel();
    // Live components as a chain through their livePrevious/liveNext fields, oldest first.
    private Component firstLive;
    private Component lastLive;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile boolean stopping;
    private final ArrayDeque<Runnable> afterReady = new ArrayDeque<>();
    private long iterations;

    /** What the loop calls when a channel registered with it is ready. */
    @FunctionalInterface
    public interface ReadyHandler {
        /** Called on the loop with the ready key; must not block. */
        void ready(SelectionKey key);
    }

    EventLoop(String name) {
        this.selector = openSelector(name);
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.clock = System::nanoTime;
    }

    /** A loop driven by the calling thread, with a clock the caller controls: for deterministic tests. */
    EventLoop(String name, Thread driver, LongSupplier clock) {
        this.selector = openSelector(name);
        this.thread = driver;
        this.clock = clock;
    }

    private static Selector openSelector(String name) {
        try {
            return Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for " + name, e);
        }
    }

    /**
     * Runs tasks, due timers and ready components until none is left; for a loop driven by a test thread.
     *
     * @return how many steps ran
     */
    int runUntilIdle() {
        requireInLoop();
        int steps = 0;
        while (true) {
            int before = steps;
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
                steps++;
            }
            steps += runTimers();
            Component component;
            while ((component = ready.poll()) != null) {
                component.runReady();
                steps++;
            }
            Runnable after;
            while ((after = afterReady.poll()) != null) {
                after.run();
                steps++;
            }
            if (steps == before) {
                return steps;
            }
        }
    }

    /** How many timers wait (a cancelled timer leaves at once); for tests. */
    int queuedTimers() {
        return timers.size();
    }

    /** The deadline of the next live timer in this loop's clock, if any. */
    java.util.OptionalLong nextTimerDeadline() {
        return timers.isEmpty() ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(timers.earliestDeadline());
    }

    TimerWheel wheel() {
        return timers;
    }

    void startThread() {
        thread.start();
    }

    /** Whether the calling thread is this loop's thread. */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** The loop thread's name. */
    public String name() {
        return thread.getName();
    }

    /** The loop's clock in nanoseconds (a test harness may drive it by hand). */
    public long nanoTime() {
        return clock.getAsLong();
    }

    /** How many times the loop has woken up; a measure of how busy it is. */
    public long iterations() {
        return iterations;
    }

    /** Runs {@code task} on this loop, soon; safe from any thread. */
    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (!inLoop() && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    /** Starts a top-level component on this loop; safe from any thread. */
    public void activate(Component component) {
        if (inLoop()) {
            component.start(this);
        } else {
            execute(() -> component.start(this));
        }
    }

    /** Registers a channel with this loop's selector; call on the loop. */
    public SelectionKey register(SelectableChannel channel, int ops, ReadyHandler handler)
            throws ClosedChannelException {
        requireInLoop();
        return channel.register(selector, ops, handler);
    }

    /** Runs {@code action} on the loop after {@code delay}. Call on the loop. */
    public Cancellable schedule(Duration delay, Runnable action) {
        return schedule(delay, null, action);
    }

    /** A timer whose action runs guarded for {@code owner} (no wrapping lambda per timer). Call on the loop. */
    Cancellable schedule(Duration delay, Component owner, Runnable action) {
        requireInLoop();
        long now = clock.getAsLong();
        return timers.add(owner, now, now + Math.max(0, delay.toNanos()), action);
    }

    /**
     * Runs {@code action} once the components made ready in this pass of the loop have all run: a component
     * uses it to batch work, such as writing everything its peers produced in one system call. Call on the loop.
     */
    public void afterReady(Runnable action) {
        requireInLoop();
        afterReady.add(action);
    }

    void ready(Component component) {
        ready.add(component);
    }

    void registered(Component component) {
        component.livePrevious = lastLive;
        component.liveNext = null;
        if (lastLive == null) {
            firstLive = component;
        } else {
            lastLive.liveNext = component;
        }
        lastLive = component;
    }

    void unregistered(Component component) {
        Component previous = component.livePrevious;
        Component next = component.liveNext;
        if (previous == null) {
            if (firstLive != component) {
                return; // not registered here
            }
            firstLive = next;
        } else {
            previous.liveNext = next;
        }
        if (next == null) {
            lastLive = previous;
        } else {
            next.livePrevious = previous;
        }
        component.livePrevious = null;
        component.liveNext = null;
    }

    /** The components running on this loop; call on the loop. */
    List<Component> liveComponents() {
        requireInLoop();
        return allLive();
    }

    private List<Component> allLive() {
        List<Component> all = new ArrayList<>();
        for (Component c = firstLive; c != null; c = c.liveNext) {
            all.add(c);
        }
        return all;
    }

    private void requireInLoop() {
        if (!inLoop()) {
            throw new IllegalStateException("not on loop " + name());
        }
    }

    void shutdown() {
        stopping = true;
        selector.wakeup();
    }

    boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void run() {
        try {
            while (!stopping) {
                iterations++;
                select();
                runTasks();
                runTimers();
                runReady();
            }
        } catch (Throwable e) {
            try {
                LOG.log(Level.ERROR, () -> "event loop " + name() + " stopped by an unexpected error", e);
            } catch (Throwable logFailure) {
                // The log back end failed too (it may need a file descriptor when none is left): say it plainly.
                e.addSuppressed(logFailure);
                e.printStackTrace();
            }
        } finally {
            for (Component component : allLive()) {
                if (component.parent() == null) {
                    component.finish();
                }
            }
            try {
                selector.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "closing selector", e);
            }
            terminated.countDown();
        }
    }

    private void select() throws IOException {
        int selected;
        if (!ready.isEmpty() || !tasks.isEmpty()) {
            selected = selector.selectNow();
        } else {
            if (timers.isEmpty()) {
                selected = selector.select();
            } else {
                long waitNanos = timers.wakeAt() - clock.getAsLong();
                if (waitNanos <= 0) {
                    selected = selector.selectNow();
                } else {
                    long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos + 999_999));
                    selected = selector.select(millis);
                }
            }
        }
        wakeupPending.set(false);
        if (selected > 0) {
            Set<SelectionKey> keys = selector.selectedKeys();
            for (SelectionKey key : keys) {
                Object attachment = key.attachment();
                if (key.isValid() && attachment instanceof ReadyHandler handler) {
                    try {
                        handler.ready(key);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "I/O handler failed", e);
                    }
                    // Depth first: what this socket's input made ready (its parser, handlers, its write) runs to
                    // the end before the next socket is served. Breadth first over all ready sockets, each
                    // connection's pipelined requests were interleaved with every other connection's, the ready
                    // budget ran out before any batch was complete, and the flush that followed wrote one answer
                    // per system call: the cost grew with the number of connections.
                    runReady();
                }
            }
            keys.clear();
        }
    }

    private void runTasks() {
        Runnable task;
        int budget = READY_BATCH;
        while (budget-- > 0 && (task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "task on event loop failed", e);
            }
        }
    }

    private int runTimers() {
        return timers.fireDue(clock.getAsLong());
    }

    private void runReady() {
        int budget = READY_BATCH;
        Component component;
        while (true) {
            while (budget-- > 0 && (component = ready.poll()) != null) {
                component.runReady();
            }
            Runnable after = afterReady.poll();
            if (after == null) {
                return;
            }
            while (after != null) {
                try {
                    after.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "deferred action on event loop failed", e);
                }
                after = afterReady.poll();
            }
            if (budget <= 0) {
                return;
            }
        }
    }
}
