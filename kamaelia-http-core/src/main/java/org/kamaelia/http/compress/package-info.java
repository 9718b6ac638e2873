/**
 * On-the-fly response compression (gzip and deflate from {@code java.util.zip}; zstd, when asked for, from the
 * optional {@code com.github.luben:zstd-jni}), as components on an exchange's
 * response path: {@link org.kamaelia.http.compress.Compression#applyTo} wraps a
 * {@link org.kamaelia.http.handler.RequestHandlerFactory} so that each request's handler is made together with a
 * compressor, linked in a small composite (handler outbox → compressor → out). The connection's response
 * generator then frames whatever comes out, so the protocol package knows nothing of compression.
 *
 * <p>Depends on the component runtime, the message values and the handler API only, and {@code ZstdBodyEncoder}
 * alone on zstd-jni, loaded only once {@code ZstdSupport} has found it (ArchitectureTest).
 */
package org.kamaelia.http.compress;
