package org.kamaelia.http.http;

/**
 * The bytes received cannot be (the rest of) a valid request: the error as a value, never an exception
 * thrown across components. After a bad request the connection's framing can no longer be trusted, so it is
 * answered and then closed.
 *
 * @param status the status to answer with (400, 408, 413, 414, 431, 501, 505...)
 * @param reason a short, fixed description, safe to show and to use as a metrics tag
 */
public record BadRequest(int status, String reason) implements RequestPart {}
