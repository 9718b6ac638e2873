package org.kamaelia.http.proxy;

/** Why a {@link ProxyProtocolDecoder} closed a connection before any of its bytes reached the protocol. */
public enum ProxyProtocolRejection {
    /** The first bytes are neither a version 1 line nor a version 2 signature: no header was sent. */
    MISSING("missing"),
    /** A header that breaks the specification: a bad address, port, command, family or line ending. */
    MALFORMED("malformed"),
    /** A version 1 line without its CRLF in 107 bytes, or a version 2 block longer than the limit. */
    TOO_LONG("too-long"),
    /** The peer ended its input before the header was complete. */
    TRUNCATED("truncated"),
    /** The header was not complete within the deadline. */
    TIMEOUT("timeout");

    private final String tag;

    ProxyProtocolRejection(String tag) {
        this.tag = tag;
    }

    /** A short lower-case name for logs and metric tags. */
    public String tag() {
        return tag;
    }
}
