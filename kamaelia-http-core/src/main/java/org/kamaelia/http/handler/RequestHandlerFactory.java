package org.kamaelia.http.handler;

import org.kamaelia.http.message.RequestHead;

/**
 * Creates the component that will answer exactly one request, given its head (the original's
 * {@code createRequestHandler}). Called on the connection's event loop: it must not block.
 *
 * <pre>{@code
 * RequestHandlerFactory hello = head -> Handlers.of(request -> HttpResponse.text(200, "Hello, World!"));
 * }</pre>
 *
 * <p>It may return a new component each time or, for a {@link HandlerComponent#persistent() persistent}
 * handler, the same one for successive requests on a connection. Throwing answers the request with 500.
 */
@FunctionalInterface
public interface RequestHandlerFactory {
    /** The component that will answer the request whose head is {@code head}. */
    HandlerComponent create(RequestHead head);
}
