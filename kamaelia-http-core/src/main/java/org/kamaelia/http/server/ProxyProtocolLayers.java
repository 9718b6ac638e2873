package org.kamaelia.http.server;

import java.time.Duration;
import java.util.Objects;
import org.kamaelia.http.net.ConnectionInfo;
import org.kamaelia.http.net.ConnectionLayer;
import org.kamaelia.http.net.LayerFactory;
import org.kamaelia.http.net.StreamEnd;
import org.kamaelia.http.observe.HttpObserver;
import org.kamaelia.http.proxy.ProxyProtocolDecoder;
import org.kamaelia.http.proxy.ProxyProtocolListener;
import org.kamaelia.http.proxy.ProxyProtocolRejection;

/**
 * Makes the PROXY protocol layer of each connection of a server behind a proxy that sends the header
 * ({@link HttpServer.Builder#proxyProtocol}): a {@link ProxyProtocolDecoder} directly on the connection, below TLS
 * when there is TLS, whose addresses go to the protocol's facts and whose refusals are told to the server's
 * observer.
 */
final class ProxyProtocolLayers implements LayerFactory {
    private final Duration deadline;
    private final HttpObserver observer;

    ProxyProtocolLayers(Duration deadline, HttpObserver observer) {
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    @Override
    public ConnectionLayer create(ConnectionInfo connection) {
        ProxyProtocolDecoder decoder = new ProxyProtocolDecoder(deadline, new Reporting(connection, observer));
        return ConnectionLayer.of(
                        decoder,
                        StreamEnd.of(decoder.downOutbox, decoder.inbox, decoder.downSignal, decoder.control),
                        StreamEnd.of(decoder.outbox, decoder.downInbox, decoder.signal, decoder.downControl))
                .withFacts(decoder.facts);
    }

    /** Tells the server's observer that one connection's header was refused. */
    private record Reporting(ConnectionInfo connection, HttpObserver observer) implements ProxyProtocolListener {
        @Override
        public void rejected(ProxyProtocolRejection reason) {
            observer.proxyHeaderRejected(connection, reason);
        }
    }
}
