package org.kamaelia.http.tls;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.kamaelia.http.message.TlsSessionInfo;

/** Reads a completed {@link SSLSession} into the {@link TlsSessionInfo} value that travels towards the protocol. */
final class TlsSessions {
    private TlsSessions() {}

    /** Reads what {@code session} agreed; call once its handshake has completed. */
    static TlsSessionInfo describe(SSLSession session) {
        return new TlsSessionInfo(
                session.getProtocol(), session.getCipherSuite(), peerChain(session), requestedHostName(session));
    }

    private static List<X509Certificate> peerChain(SSLSession session) {
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException noCertificate) {
            return List.of(); // client authentication was not asked for, or "want" and the client sent none
        }
        List<X509Certificate> x509 = new ArrayList<>(chain.length);
        for (Certificate each : chain) {
            if (each instanceof X509Certificate certificate) {
                x509.add(certificate);
            }
        }
        return x509;
    }

    private static Optional<String> requestedHostName(SSLSession session) {
        if (session instanceof ExtendedSSLSession extended) {
            for (SNIServerName name : extended.getRequestedServerNames()) {
                if (name instanceof SNIHostName host) {
                    return Optional.of(host.getAsciiName());
                }
            }
        }
        return Optional.empty();
    }
}
