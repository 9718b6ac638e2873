package org.kamaelia.http.spring.boot.actuate;

import org.kamaelia.http.message.RequestHead;

/**
 * Where a request was sent, as the client saw it: the scheme and authority that Actuator's self links start with.
 * Both come from the request head as the core delivers it: the scheme is the connection's ({@code https} on a TLS
 * server), and on a server with {@code forwarded: native} a trusted proxy's {@code Forwarded} / {@code X-Forwarded-*}
 * fields have already replaced the scheme and the authority (an absolute-form target's, else the {@code Host}
 * field).
 *
 * @param scheme {@code http} or {@code https}
 * @param authority host and optional port, never empty
 */
record RequestOrigin(String scheme, String authority) {

    /**
     * Used when a request names no host at all (HTTP/1.0 without {@code Host}); the links are then only right for
     * a client on this machine, which is also what such a client can expect.
     */
    static final String NO_AUTHORITY = "localhost";

    /** The origin of {@code head}. */
    static RequestOrigin of(RequestHead head) {
        String authority = head.authority().isEmpty() ? NO_AUTHORITY : head.authority();
        return new RequestOrigin(head.origin().scheme(), authority);
    }

    /** The absolute URL of {@code path} (which starts with {@code /}, or is empty) at this origin. */
    String url(String path) {
        return scheme + "://" + authority + path;
    }
}
