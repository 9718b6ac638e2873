/**
 * Response framing: {@link org.kamaelia.http.codec.response.ResponseEncoder} turns response parts into bytes and
 * owns the choice between the three framings of {@link org.kamaelia.http.message.Framing}.
 *
 * <p>Depends on {@code org.kamaelia.http.message} and the JDK only.
 */
package org.kamaelia.http.codec.response;
