/**
 * The public entry point: {@link org.kamaelia.http.server.HttpServer} and its builder, which assemble TCP servers,
 * the per-connection protocol graph, handlers and observers.
 *
 * <p>The top layer: may depend on everything else in core.
 */
package org.kamaelia.http.server;
