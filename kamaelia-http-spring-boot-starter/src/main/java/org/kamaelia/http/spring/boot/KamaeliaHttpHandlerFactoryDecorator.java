package org.kamaelia.http.spring.boot;

import org.kamaelia.http.handler.RequestHandlerFactory;

/**
 * Wraps the handler factory of every route of every configured server, from properties and from
 * {@link KamaeliaHttpRoute} beans alike; beans of this type are applied in order when the servers are defined. The
 * starter's observation support is one: it gives each handler the {@link org.kamaelia.http.handler.HandlerScope}
 * that opens its request's observation scope.
 *
 * <p>The wrapped factory is called on an event loop for every request, so it must be cheap and must not block.
 */
@FunctionalInterface
public interface KamaeliaHttpHandlerFactoryDecorator {
    /**
     * The factory to use for the route under {@code prefix} of the server called {@code serverName} instead of
     * {@code factory}.
     */
    RequestHandlerFactory decorate(String serverName, String prefix, RequestHandlerFactory factory);
}
