package org.kamaelia.http.message;

/**
 * The bytes received cannot be (the rest of) a valid request: the error as a value, never an exception
 * thrown across components. After a bad request the connection's framing can no longer be trusted, so it is
 * answered and then closed.
 *
 * @param status the status to answer with (400, 408, 413, 414, 431, 501, 505...)
 * @param reason a short, fixed description, safe to show and to use as a metrics tag
 */
public record BadRequest(int status, String reason) implements RequestPart {
    /** The request head did not arrive within the header deadline. */
    public static final BadRequest HEAD_TIMEOUT = new BadRequest(408, "request head timeout");

    /** The request body stopped arriving for the body deadline. */
    public static final BadRequest BODY_TIMEOUT = new BadRequest(408, "request body timeout");

    /** The request body arrived more slowly than the minimum data rate. */
    public static final BadRequest BODY_TOO_SLOW = new BadRequest(408, "request body below the minimum data rate");
}
