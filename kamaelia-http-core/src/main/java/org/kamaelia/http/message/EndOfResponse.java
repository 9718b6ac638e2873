package org.kamaelia.http.message;

/**
 * The response is complete.
 *
 * @param trailers trailer fields, sent when the response is chunked (dropped otherwise)
 */
public record EndOfResponse(HttpHeaders trailers) implements ResponsePart {
    /** The end of a response without trailers. */
    public static final EndOfResponse INSTANCE = new EndOfResponse(HttpHeaders.EMPTY);
}
