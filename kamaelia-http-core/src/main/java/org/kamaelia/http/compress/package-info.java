/**
 * On-the-fly response compression (gzip and deflate from {@code java.util.zip}), as components on an exchange's
 * response path: {@link org.kamaelia.http.compress.Compression#applyTo} wraps a
 * {@link org.kamaelia.http.handler.RequestHandlerFactory} so that each request's handler is made together with a
 * compressor, linked in a small composite (handler outbox → compressor → out). The connection's response
 * generator then frames whatever comes out, so the protocol package knows nothing of compression.
 *
 * <p>Depends on the component runtime, the message values and the handler API only (ArchitectureTest).
 */
package org.kamaelia.http.compress;
