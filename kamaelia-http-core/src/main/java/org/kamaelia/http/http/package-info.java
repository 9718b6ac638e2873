/**
 * HTTP/1.1 as values: versions, status codes, header fields, the request head and the sealed families of
 * request parts ({@link org.kamaelia.http.http.RequestHead}, {@link org.kamaelia.http.http.BodyChunk},
 * {@link org.kamaelia.http.http.EndOfRequest}, {@link org.kamaelia.http.http.BadRequest}) and response parts
 * ({@link org.kamaelia.http.http.ResponseHead}, {@link org.kamaelia.http.http.BodyChunk},
 * {@link org.kamaelia.http.http.EndOfResponse}) that travel between components.
 *
 * <p>Depends on the JDK alone: no component runtime, no networking.
 */
package org.kamaelia.http.http;
