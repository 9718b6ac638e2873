/**
 * Ready-made handlers: static files (MIME types, index files, validators, conditional requests, byte ranges,
 * precompressed variants, Cache-Control) and server-sent event streams.
 *
 * <p>Depends on {@code org.kamaelia.http.handler} and the HTTP value packages.
 */
package org.kamaelia.http.resource;
