package org.kamaelia.http.message;

/** How the end of a response body is shown to the client: the original's three ways (RFC 9112 section 6). */
public enum Framing {
    /** A {@code Content-Length} field gives the body's length; the connection can be kept. */
    CONTENT_LENGTH("content-length"),
    /** {@code Transfer-Encoding: chunked}: the length is not known in advance; HTTP/1.1 only; the connection can be kept. */
    CHUNKED("chunked"),
    /** The body ends when the server closes the connection ({@code Connection: close}). */
    CLOSE_DELIMITED("close");

    private final String tag;

    Framing(String tag) {
        this.tag = tag;
    }

    /** The lower-case name used in metrics tags and logs: {@code content-length}, {@code chunked}, {@code close}. */
    public String tag() {
        return tag;
    }
}
