/**
 * TLS as a component: {@link org.kamaelia.http.tls.TlsEngine} sits between a connection and its protocol,
 * turning TLS records from the peer into plain bytes for the protocol and the protocol's plain bytes into TLS
 * records, with the JDK's {@link javax.net.ssl.SSLEngine} doing the cryptography.
 *
 * <p>{@link org.kamaelia.http.tls.TlsSettings} says what the server offers (its {@code SSLContext}, protocols,
 * cipher suites, client authentication and handshake deadline); {@link org.kamaelia.http.message.TlsSessionInfo} is
 * what a handshake agreed, peer certificates included; {@link org.kamaelia.http.tls.TlsOutcome} says how a TLS
 * connection ended, for counting. See docs/tls.md.
 *
 * <p>Depends only on the runtime ({@code component}), {@link org.kamaelia.http.message.ByteChunk} and the JDK
 * (ArchitectureTest): it knows nothing of TCP or HTTP, so it can be spliced between any connection and any
 * protocol.
 */
package org.kamaelia.http.tls;
