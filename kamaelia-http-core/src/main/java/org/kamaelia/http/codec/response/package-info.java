/**
 * Response framing: {@link org.kamaelia.http.codec.response.ResponseGenerator} turns the parts of one response into
 * bytes through explicit states and owns the choice between the three framings of
 * {@link org.kamaelia.http.message.Framing}; {@link org.kamaelia.http.codec.response.ResponseEncoder} holds the byte
 * helpers it uses.
 *
 * <p>Depends on {@code org.kamaelia.http.message} and the JDK only.
 */
package org.kamaelia.http.codec.response;
