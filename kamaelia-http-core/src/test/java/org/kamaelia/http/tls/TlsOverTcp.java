package org.kamaelia.http.tls;

import org.kamaelia.http.net.ProtocolComponent;

/**
 * A test-only protocol that puts a {@link TlsEngine} in front of another protocol, so that the unchanged
 * {@code TcpServer} can serve TLS: the splice docs/tls.md describes, made inside one composite instead of in the
 * connection graph.
 */
final class TlsOverTcp extends ProtocolComponent {
    final TlsEngine tls;

    TlsOverTcp(TlsSettings settings, ProtocolComponent inner) {
        tls = addChild(new TlsEngine(settings));
        addChild(inner);
        // connection side: this composite's boxes are the engine's
        passThrough(inbox, tls.inbox);
        passThrough(control, tls.control);
        passThrough(tls.outbox, outbox);
        passThrough(tls.signal, signal);
        // protocol side
        link(tls.plainOutbox, inner.inbox);
        link(inner.outbox, tls.plainInbox);
        link(tls.plainSignal, inner.control);
        link(inner.signal, tls.plainControl);
    }

    @Override
    protected void react() {}
}
