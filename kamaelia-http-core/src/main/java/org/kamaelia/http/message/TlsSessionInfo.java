package org.kamaelia.http.message;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a completed TLS handshake agreed: the protocol version, the cipher suite, the peer's certificate chain (empty
 * when the client sent none) and the host name the client asked for with SNI. An immutable value, safe to hand to
 * handlers on any thread; the TLS component sends it towards the protocol once the handshake completes.
 */
public final class TlsSessionInfo implements ConnectionFact {
    private final String protocol;
    private final String cipherSuite;
    private final List<X509Certificate> peerCertificates;
    private final String serverName; // null when the client sent no SNI host name

    /**
     * Creates the value.
     *
     * @param protocol the protocol version, such as {@code TLSv1.3}
     * @param cipherSuite the cipher suite's standard name
     * @param peerCertificates the peer's chain, its own certificate first; empty if it sent none
     * @param serverName the SNI host name, if the client sent one
     */
    public TlsSessionInfo(
            String protocol, String cipherSuite, List<X509Certificate> peerCertificates, Optional<String> serverName) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.cipherSuite = Objects.requireNonNull(cipherSuite, "cipherSuite");
        this.peerCertificates = List.copyOf(peerCertificates);
        this.serverName = serverName.orElse(null);
    }

    /** The protocol version, such as {@code TLSv1.2} or {@code TLSv1.3}. */
    public String protocol() {
        return protocol;
    }

    /** The cipher suite's standard name, such as {@code TLS_AES_128_GCM_SHA256}. */
    public String cipherSuite() {
        return cipherSuite;
    }

    /** The peer's certificate chain, its own certificate first; empty when it sent none. */
    public List<X509Certificate> peerCertificates() {
        return peerCertificates;
    }

    /** The peer's own certificate, if it sent one. */
    public Optional<X509Certificate> peerCertificate() {
        return peerCertificates.isEmpty() ? Optional.empty() : Optional.of(peerCertificates.get(0));
    }

    /** The host name the client asked for with SNI (RFC 6066 section 3), if it sent one. */
    public Optional<String> serverName() {
        return Optional.ofNullable(serverName);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TlsSessionInfo that
                && protocol.equals(that.protocol)
                && cipherSuite.equals(that.cipherSuite)
                && peerCertificates.equals(that.peerCertificates)
                && Objects.equals(serverName, that.serverName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(protocol, cipherSuite, peerCertificates, serverName);
    }

    @Override
    public String toString() {
        return "TlsSessionInfo[" + protocol + ", " + cipherSuite + ", " + peerCertificates.size()
                + " peer certificates, sni=" + serverName + "]";
    }
}
