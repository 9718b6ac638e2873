/**
 * Response framing: {@link org.kamaelia.http.http.frame.ResponseEncoder} turns response parts into bytes and
 * owns the choice between the three framings of {@link org.kamaelia.http.http.frame.Framing}.
 *
 * <p>Depends on {@code org.kamaelia.http.http} and the JDK only.
 */
package org.kamaelia.http.http.frame;
