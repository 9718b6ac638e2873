package org.kamaelia.http.protocol;

import java.lang.System.Logger.Level;
import org.kamaelia.http.component.Component;
import org.kamaelia.http.component.ComponentState;
import org.kamaelia.http.handler.HandlerComponent;
import org.kamaelia.http.handler.RequestHandlerFactory;
import org.kamaelia.http.message.RequestHead;

/**
 * Gets the handler component of one request from the factory: a new one, or the connection's persistent handler
 * idle between requests. Anything else (the factory throws, makes none, or hands back a handler that is running
 * elsewhere or has ended) leaves the 500 to answer instead, in {@link #refusal()}. One per connection.
 */
final class HandlerSupply {
    private static final System.Logger LOG = System.getLogger(HttpRequestHandler.class.getName());

    static final RequestScreen FACTORY_FAILED = new RequestScreen(500, "The server could not handle this request.");
    static final RequestScreen NONE_MADE = new RequestScreen(500, "No handler for this request.");
    static final RequestScreen UNAVAILABLE = new RequestScreen(500, "Handler unavailable.");

    private final RequestHandlerFactory factory;
    private final Component owner;
    private RequestScreen refusal = UNAVAILABLE;

    /** Handlers for the requests of {@code owner}, the request handler that will host them, made by {@code factory}. */
    HandlerSupply(RequestHandlerFactory factory, Component owner) {
        this.factory = factory;
        this.owner = owner;
    }

    /**
     * The handler that will serve {@code ex}, whose route it records; {@code null} if there is none that can, with
     * {@link #refusal()} saying why. A handler returned is either {@link ComponentState#CREATED} (to be started as
     * the owner's child) or a persistent child of the owner's, running.
     */
    HandlerComponent handlerFor(Exchange ex) {
        RequestHead head = ex.head;
        HandlerComponent handler;
        try {
            handler = factory.create(head);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, () -> "handler factory failed for " + head.method() + " " + head.path(), e);
            refusal = FACTORY_FAILED;
            return null;
        }
        if (handler == null) {
            refusal = NONE_MADE;
            return null;
        }
        ex.route = handler.route();
        ComponentState state = handler.state();
        if (state == ComponentState.CREATED || (state == ComponentState.RUNNING && handler.parent() == owner)) {
            return handler;
        }
        refusal = UNAVAILABLE;
        return null;
    }

    /** The answer to the last request {@link #handlerFor} found no handler for. */
    RequestScreen refusal() {
        return refusal;
    }
}
