/**
 * The public entry point: {@link org.kamaelia.http.server.HttpServer} and its builder, and
 * {@link org.kamaelia.http.server.HttpProtocol}, the per-connection graph of parser and request handler (the
 * original's HTTPServer prefab).
 *
 * <p>May depend on everything else in core.
 */
package org.kamaelia.http.server;
