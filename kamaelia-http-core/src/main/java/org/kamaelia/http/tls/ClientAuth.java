package org.kamaelia.http.tls;

/** Whether the server asks TLS clients for a certificate. */
public enum ClientAuth {
    /** The server does not ask for a client certificate. */
    NONE,
    /** The server asks for a certificate but completes the handshake without one. */
    WANT,
    /** The server asks for a certificate and fails the handshake without a valid one. */
    NEED
}
