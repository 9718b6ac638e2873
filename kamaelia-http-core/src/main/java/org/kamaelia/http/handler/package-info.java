/**
 * The handler API: the {@link org.kamaelia.http.handler.HandlerComponent} that answers one request, the
 * {@link org.kamaelia.http.handler.RequestHandlerFactory} that makes one per request, the three levels of handler
 * API, routing by path prefix, and error pages.
 *
 * <p>Depends on the component runtime and the message values only (ArchitectureTest): a handler never sees the
 * wire.
 */
package org.kamaelia.http.handler;
