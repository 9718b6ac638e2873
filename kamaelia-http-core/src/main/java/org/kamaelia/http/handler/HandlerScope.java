package org.kamaelia.http.handler;

/**
 * What surrounds the code a handler runs for its request, such as a tracing scope that puts the request's trace id
 * in the log context: opened on the thread that runs the code just before it runs, and closed on that thread just
 * after. A handler component's factory sets it with {@link HandlerComponent#scope(HandlerScope)}; by default it is
 * {@link #NONE}, which opens nothing.
 *
 * <p>The function and blocking handlers ({@link Handlers#function}, {@link Handlers#blocking}) open it around each
 * call of the user's function, on the event loop or on the blocking handler's own thread, and tell it when that
 * call throws. A streaming {@link HandlerComponent} opens it itself where it runs request code:
 *
 * <pre>{@code
 * protected void react() {
 *     try (HandlerScope.Opened opened = scope().open()) {
 *         // log lines written here carry the request's trace id
 *     }
 * }
 * }</pre>
 *
 * <p>Implementations must be cheap and must not block: {@link #open()} runs on the event loop for every activation
 * that opens it.
 */
public interface HandlerScope {
    /** A scope that opens nothing and ignores failures: what a handler has unless its factory set another. */
    HandlerScope NONE = () -> Opened.NOTHING;

    /** Opens the scope on the calling thread; the caller closes what it returns on the same thread. */
    Opened open();

    /** The request code run inside this scope threw {@code failure} (called before the scope is closed). */
    default void failed(Throwable failure) {}

    /** An open scope: closing it restores what the thread had before. */
    @FunctionalInterface
    interface Opened extends AutoCloseable {
        /** An open scope that holds nothing. */
        Opened NOTHING = () -> {};

        /** Closes the scope on the thread that opened it; never throws. */
        @Override
        void close();
    }
}
