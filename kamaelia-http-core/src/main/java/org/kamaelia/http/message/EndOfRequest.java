package org.kamaelia.http.message;

/**
 * The request's body is complete.
 *
 * @param trailers trailer fields of a chunked body (empty otherwise)
 */
public record EndOfRequest(HttpHeaders trailers) implements RequestPart {
    /** The end of a request without trailers. */
    public static final EndOfRequest INSTANCE = new EndOfRequest(HttpHeaders.EMPTY);
}
