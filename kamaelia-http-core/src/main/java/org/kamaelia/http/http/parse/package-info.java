/**
 * Request parsing: the pure {@link org.kamaelia.http.http.parse.RequestDecoder} and the
 * {@link org.kamaelia.http.http.parse.HttpParser} component that wraps it.
 *
 * <p>The decoder depends on {@code org.kamaelia.http.http} only; the parser component also on the runtime and
 * on {@code org.kamaelia.http.net} for the byte chunks it reads.
 */
package org.kamaelia.http.http.parse;
