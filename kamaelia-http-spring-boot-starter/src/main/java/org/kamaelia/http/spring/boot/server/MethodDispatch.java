package org.kamaelia.http.spring.boot.server;

import java.util.Map;
import org.kamaelia.http.handler.HandlerComponent;
import org.kamaelia.http.handler.Handlers;
import org.kamaelia.http.handler.RequestHandlerFactory;
import org.kamaelia.http.message.RequestHead;

/**
 * The one route that annotations sharing a path become when their methods do not overlap: the core's router
 * holds one route per prefix, and answers methods outside all of them with 405 before this is asked.
 */
final class MethodDispatch implements RequestHandlerFactory {
    private final Map<String, RequestHandlerFactory> byMethod;

    MethodDispatch(Map<String, RequestHandlerFactory> byMethod) {
        this.byMethod = Map.copyOf(byMethod);
    }

    @Override
    public HandlerComponent create(RequestHead head) {
        RequestHandlerFactory factory = byMethod.get(head.method());
        // the router only lets through the methods of the merged route, which are exactly the keys
        return factory != null ? factory.create(head) : Handlers.error(405, "Method not allowed.");
    }
}
