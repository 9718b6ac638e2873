/**
 * HTTP/1.1 as values, the messages that travel through boxes: versions, status codes, header fields, the one byte
 * type {@link org.kamaelia.http.message.ByteChunk}, and the sealed families of request parts
 * ({@link org.kamaelia.http.message.RequestHead}, {@code ByteChunk}, {@link org.kamaelia.http.message.EndOfRequest},
 * {@link org.kamaelia.http.message.BadRequest}) and response parts ({@link org.kamaelia.http.message.ResponseHead},
 * {@code ByteChunk}, {@link org.kamaelia.http.message.EndOfResponse}).
 *
 * <p>Depends on the JDK alone (ArchitectureTest).
 */
package org.kamaelia.http.message;
