package org.kamaelia.http.spring.boot.metrics;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.kamaelia.http.handler.HandlerComponent;
import org.kamaelia.http.handler.HandlerScope;
import org.kamaelia.http.handler.RequestHandlerFactory;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.spring.boot.KamaeliaHttpHandlerFactoryDecorator;

/**
 * Wraps every route's handler factory so that the {@code http.server.requests} observation of a request learns the
 * request's head (the carrier a tracing propagator reads {@code traceparent} from) and its handler (whose failure
 * becomes the observation's error), and so that the handler runs its request code inside the observation's scope
 * (which puts the trace id in the log MDC).
 *
 * <p>How the two meet: core calls a route's factory on the connection's event loop and, on that same thread, tells
 * the observers {@code requestStarted} at once when the factory returned a handler (the order documented on
 * {@link org.kamaelia.http.observe.HttpObserver#requestStarted}). The wrapped factory leaves the head and handler in
 * a slot of the calling thread; {@link HttpServerRequestsObserver#requestStarted} takes them from it, checking that
 * method and route agree, and hands the started observation back, so the handler's {@link HandlerScope} opens it.
 * A request no route's factory saw (a 404 of the router, a refusal) finds the slot empty and is observed without a
 * carrier.
 *
 * <p>Costs one small object per request, and only when an observation registry is present.
 */
public final class ObservedRequestHandlers implements KamaeliaHttpHandlerFactoryDecorator {
    private final ThreadLocal<Request> made = new ThreadLocal<>();
    private final boolean observing;
    private final @Nullable ObservationShortcut shortcut;

    /** Wraps factories for observations made in {@code observations}; a no-op registry leaves them as they are. */
    public ObservedRequestHandlers(ObservationRegistry observations) {
        this(observations, null);
    }

    /**
     * Wraps factories for observations made in {@code observations}, unless the registry is a no-op one or
     * {@code shortcut} applies (requests are then timed without observations, which need no head and no scope).
     */
    public ObservedRequestHandlers(ObservationRegistry observations, @Nullable ObservationShortcut shortcut) {
        this.observing = !observations.isNoop();
        this.shortcut = shortcut;
    }

    /** One request a route's factory saw: its head, its handler, and the observation once started. */
    static final class Request implements HandlerScope {
        final RequestHead head;
        final HandlerComponent handler;
        // set on the event loop before the head reaches the handler; read there or, for a blocking handler, on
        // its thread after the head arrived through the handler's inbox
        private volatile @Nullable Observation observation;

        Request(RequestHead head, HandlerComponent handler) {
            this.head = head;
            this.handler = handler;
        }

        void observation(Observation value) {
            this.observation = value;
        }

        @Override
        public Opened open() {
            Observation current = observation;
            if (current == null) {
                return Opened.NOTHING;
            }
            Observation.Scope scope = current.openScope();
            return scope::close;
        }

        @Override
        public void failed(Throwable failure) {
            Observation current = observation;
            if (current != null) {
                current.error(failure);
            }
        }
    }

    @Override
    public RequestHandlerFactory decorate(String serverName, String prefix, RequestHandlerFactory factory) {
        if (!observing || (shortcut != null && shortcut.applies())) {
            return factory;
        }
        return head -> {
            made.set(null); // set, not remove: the thread's entry is kept, so nothing is made for it per request
            HandlerComponent handler = factory.create(head);
            if (handler != null) {
                Request request = new Request(head, handler);
                handler.scope(request);
                made.set(request);
            }
            return handler;
        };
    }

    /**
     * The request whose factory just ran on this thread, if its method and route are {@code method} and
     * {@code route}; the slot is emptied either way.
     */
    @Nullable
    Request take(String method, String route) {
        Request request = made.get();
        if (request == null) {
            return null;
        }
        made.set(null);
        return request.head.method().equals(method) && request.handler.route().equals(route) ? request : null;
    }
}
