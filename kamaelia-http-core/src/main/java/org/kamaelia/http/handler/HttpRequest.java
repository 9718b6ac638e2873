package org.kamaelia.http.handler;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.kamaelia.http.message.ClientOrigin;
import org.kamaelia.http.message.HttpHeaders;
import org.kamaelia.http.message.RequestHead;

/**
 * A whole request, body included: what a function-level {@link HttpHandler} receives.
 *
 * @param head the request line and fields
 * @param body the body bytes (empty for none); do not change the array
 */
public record HttpRequest(RequestHead head, byte[] body) {

    /** The method. */
    public String method() {
        return head.method();
    }

    /** The decoded, normalised path. */
    public String path() {
        return head.path();
    }

    /** Who sent the request: client address, local address, scheme and TLS session. */
    public ClientOrigin origin() {
        return head.origin();
    }

    /** The header fields. */
    public HttpHeaders headers() {
        return head.headers();
    }

    /** The first value of header {@code name}. */
    public Optional<String> header(String name) {
        return head.headers().first(name);
    }

    /** The first value of query parameter {@code name}. */
    public Optional<String> queryParameter(String name) {
        return head.target().queryParameter(name);
    }

    /** The body decoded as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
