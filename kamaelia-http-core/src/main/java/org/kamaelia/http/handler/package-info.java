/**
 * Serving requests: the per-connection {@link org.kamaelia.http.handler.HttpRequestHandler} component, the
 * {@link org.kamaelia.http.handler.HandlerComponent} that answers one request, the factory that makes it, the
 * three levels of handler API, routing by path prefix, and error pages.
 *
 * <p>Depends on the HTTP value, parse and frame packages, the runtime, {@code net} and {@code observe}.
 */
package org.kamaelia.http.handler;
