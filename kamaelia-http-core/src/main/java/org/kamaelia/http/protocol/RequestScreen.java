package org.kamaelia.http.protocol;

import java.util.Set;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.ResponseHead;

/**
 * The requests answered before any handler is made, because no handler could serve them: unknown methods,
 * expectations other than {@code 100-continue}, CONNECT, and {@code OPTIONS *}. A record so that the answers given
 * when no handler can be had ({@link HandlerSupply}) are values of the same kind.
 *
 * @param status the status of the answer
 * @param message the text of its error page
 */
record RequestScreen(int status, String message) {
    /** The answer to {@code OPTIONS *}: what the server as a whole allows (RFC 9110 section 9.3.7). */
    static final ResponseHead SERVER_OPTIONS = ResponseHead.status(200)
            .header("Allow", "GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH")
            .contentLength(0)
            .build();

    private static final Set<String> KNOWN_METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");
    private static final RequestScreen UNKNOWN_METHOD = new RequestScreen(501, "Method not implemented.");
    private static final RequestScreen UNMET_EXPECTATION =
            new RequestScreen(417, "Only the expectation 100-continue is supported.");
    private static final RequestScreen CONNECT = new RequestScreen(501, "CONNECT is not supported.");

    /** The answer {@code head} gets without a handler, or {@code null} when a handler should serve it. */
    static RequestScreen refusal(RequestHead head) {
        if (!KNOWN_METHODS.contains(head.method())) {
            return UNKNOWN_METHOD; // RFC 9110 section 9.1
        }
        if (head.hasUnmetExpectation()) {
            return UNMET_EXPECTATION; // RFC 9110 section 10.1.1
        }
        if (head.method().equals("CONNECT")) {
            return CONNECT;
        }
        return null;
    }
}
