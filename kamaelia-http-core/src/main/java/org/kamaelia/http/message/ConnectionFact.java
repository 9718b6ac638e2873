package org.kamaelia.http.message;

/**
 * Something a layer below HTTP learned about the connection (a TLS handshake's result, the addresses a PROXY
 * protocol header named), sent towards the protocol so that every request after it carries it in its
 * {@link ClientOrigin}.
 */
public interface ConnectionFact {}
