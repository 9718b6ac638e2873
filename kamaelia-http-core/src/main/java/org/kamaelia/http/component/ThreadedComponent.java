package org.kamaelia.http.component;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A component whose body is ordinary blocking code running on its own thread (Axon's threadedcomponent). The
 * body talks to the rest of the graph only through its boxes, with the blocking {@link #receive} and
 * {@link #put}; the loop side does the actual delivery, so backpressure and ordering are those of any other
 * component.
 *
 * <pre>{@code
 * final class SlowLookup extends ThreadedComponent {
 *     final Inbox<String> inbox = newInbox("inbox", "keys to look up");
 *     final Outbox<String> outbox = newOutbox("outbox", "values found");
 *     protected void body() throws Exception {
 *         for (Optional<String> key; (key = receive(inbox, Duration.ofSeconds(30))).isPresent(); ) {
 *             put(outbox, database.lookup(key.get())); // blocking call, off the loop
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>The body runs on a virtual thread where the JVM has them (Java 21 and later), otherwise on a daemon
 * platform thread from a shared cached pool. When the body returns the component finishes; when it throws
 * the component fails. When the component is finished from outside, a blocked {@code receive} or {@code put}
 * throws {@link ComponentStoppedException}.
 */
public abstract class ThreadedComponent extends Component {
    private static final ExecutorService BODIES = bodyExecutor();

    private Inbox<?> awaited;
    private CompletableFuture<Object> pendingReceive;
    private CompletableFuture<?> pendingPut;

    /** The blocking body; runs off the loop. */
    protected abstract void body() throws Exception;

    @Override
    protected void onStart() {
        BODIES.execute(this::runBody);
    }

    private void runBody() {
        try {
            body();
            runOnLoopIfRunning(this::finish);
        } catch (ComponentStoppedException e) {
            // The component was finished from outside; nothing left to do.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            runOnLoopIfRunning(this::finish);
        } catch (Exception | Error e) {
            runOnLoopIfRunning(() -> fail(e));
        }
    }

    private void runOnLoopIfRunning(Runnable action) {
        EventLoop loop = loopOrNull();
        if (loop != null) {
            loop.execute(() -> runGuarded(action));
        }
    }

    /** Completes a waiting {@link #receive} when its box has data. Subclasses need not override this. */
    @Override
    protected void react() {
        if (pendingReceive != null && awaited != null && !awaited.isEmpty()) {
            CompletableFuture<Object> done = pendingReceive;
            Object message = awaited.poll();
            pendingReceive = null;
            awaited = null;
            done.complete(message);
        }
    }

    @Override
    protected void onFinish() {
        ComponentStoppedException stopped = new ComponentStoppedException(name());
        if (pendingReceive != null) {
            pendingReceive.completeExceptionally(stopped);
            pendingReceive = null;
        }
        if (pendingPut != null) {
            pendingPut.completeExceptionally(stopped);
            pendingPut = null;
        }
    }

    /**
     * Blocks the body until a message arrives in {@code box} or {@code timeout} passes. Call from the body
     * only.
     *
     * @return the message, or empty when the time ran out
     * @throws ComponentStoppedException if the component was finished meanwhile
     */
    protected final <T> Optional<T> receive(Inbox<T> box, Duration timeout) throws InterruptedException {
        requireOwn(box);
        CompletableFuture<Object> result = new CompletableFuture<>();
        loop().execute(() -> {
            if (state() != ComponentState.RUNNING) {
                result.completeExceptionally(new ComponentStoppedException(name()));
            } else if (!box.isEmpty()) {
                result.complete(box.poll());
            } else {
                awaited = box;
                pendingReceive = result;
            }
        });
        try {
            @SuppressWarnings("unchecked")
            T message = (T) result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return Optional.of(message);
        } catch (TimeoutException e) {
            loop().execute(() -> {
                if (pendingReceive == result) {
                    pendingReceive = null;
                    awaited = null;
                }
            });
            // A message may have been taken just before the cancellation ran; keep it rather than lose it.
            if (result.isDone() && !result.isCompletedExceptionally()) {
                @SuppressWarnings("unchecked")
                T late = (T) result.getNow(null);
                return Optional.ofNullable(late);
            }
            result.cancel(false);
            return Optional.empty();
        } catch (ExecutionException e) {
            throw rethrow(e);
        }
    }

    /**
     * Blocks the body until {@code box}'s destination has room, then sends {@code message}. Call from the
     * body only.
     *
     * @throws ComponentStoppedException if the component was finished meanwhile
     */
    protected final <T> void put(Outbox<T> box, T message) throws InterruptedException {
        requireOwn(box);
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop().execute(() -> attemptPut(box, message, done));
        try {
            done.get();
        } catch (ExecutionException e) {
            throw rethrow(e);
        }
    }

    private <T> void attemptPut(Outbox<T> box, T message, CompletableFuture<Void> done) {
        if (state() != ComponentState.RUNNING) {
            done.completeExceptionally(new ComponentStoppedException(name()));
            return;
        }
        pendingPut = done;
        box.whenRoom(() -> {
            if (state() != ComponentState.RUNNING) {
                done.completeExceptionally(new ComponentStoppedException(name()));
            } else if (box.trySend(message)) {
                pendingPut = null;
                done.complete(null);
            } else {
                attemptPut(box, message, done);
            }
        });
    }

    private static RuntimeException rethrow(ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(cause);
    }

    private static ExecutorService bodyExecutor() {
        try {
            Method virtual = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            return (ExecutorService) virtual.invoke(null);
        } catch (ReflectiveOperationException e) {
            AtomicLong count = new AtomicLong();
            return Executors.newCachedThreadPool(task -> {
                Thread thread = new Thread(task, "kamaelia-threaded-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        }
    }
}
