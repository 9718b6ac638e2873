package org.kamaelia.http.message;

/** The HTTP versions this server speaks; any 1.x above 1.1 is treated as 1.1 (RFC 9110 section 6.2). */
public enum HttpVersion {
    /** HTTP/1.0: no chunked coding, close unless keep-alive is asked for. */
    HTTP_1_0("HTTP/1.0"),
    /** HTTP/1.1: persistent by default, chunked coding allowed. */
    HTTP_1_1("HTTP/1.1");

    private final String text;

    HttpVersion(String text) {
        this.text = text;
    }

    /** The version as it appears on the wire, such as {@code HTTP/1.1}. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
