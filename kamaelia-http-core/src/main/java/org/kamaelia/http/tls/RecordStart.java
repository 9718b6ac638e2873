package org.kamaelia.http.tls;

/**
 * Judges a connection's first byte: a TLS client's first record is a handshake record (RFC 8446 section 5.1,
 * content type 22), while an HTTP/1.1 request starts with a method token, and every registered method starts with
 * an upper-case letter (RFC 9110 section 9.1). Anything else is neither.
 */
enum RecordStart {
    /** Content type 22: a handshake record, which the engine then reads. */
    TLS_HANDSHAKE,
    /** An upper-case ASCII letter: a plain HTTP request line. */
    PLAIN_HTTP,
    /** Neither: no reply is possible in any protocol the peer might speak. */
    NOT_TLS;

    private static final int HANDSHAKE_CONTENT_TYPE = 22;

    static RecordStart of(byte first) {
        if (first == HANDSHAKE_CONTENT_TYPE) {
            return TLS_HANDSHAKE;
        }
        if (first >= 'A' && first <= 'Z') {
            return PLAIN_HTTP;
        }
        return NOT_TLS;
    }
}
