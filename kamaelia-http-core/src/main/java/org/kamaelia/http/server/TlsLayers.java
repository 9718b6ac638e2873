package org.kamaelia.http.server;

import java.time.Duration;
import java.util.Objects;
import org.kamaelia.http.message.TlsSessionInfo;
import org.kamaelia.http.net.ConnectionInfo;
import org.kamaelia.http.net.ConnectionLayer;
import org.kamaelia.http.net.LayerFactory;
import org.kamaelia.http.net.StreamEnd;
import org.kamaelia.http.observe.HttpObserver;
import org.kamaelia.http.tls.TlsEngine;
import org.kamaelia.http.tls.TlsListener;
import org.kamaelia.http.tls.TlsOutcome;
import org.kamaelia.http.tls.TlsSettings;

/**
 * Makes the TLS layer of each connection of a TLS server: a {@link TlsEngine} with the settings in force when the
 * connection was accepted, its cipher side facing the connection, its plain side the protocol, its session going to
 * the protocol's facts, and its handshake and outcome told to the server's observer.
 *
 * <p>Settings can be replaced while the server runs ({@link #update}): new connections get the new ones, open
 * connections keep the engine they have. Thread-safe.
 */
final class TlsLayers implements LayerFactory {
    private final HttpObserver observer;
    private volatile TlsSettings settings;

    TlsLayers(TlsSettings settings, HttpObserver observer) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    TlsSettings settings() {
        return settings;
    }

    void update(TlsSettings value) {
        this.settings = Objects.requireNonNull(value, "settings");
    }

    @Override
    public ConnectionLayer create(ConnectionInfo connection) {
        TlsEngine tls = new TlsEngine(settings, new Reporting(connection, observer));
        return ConnectionLayer.of(
                        tls,
                        StreamEnd.of(tls.outbox, tls.inbox, tls.signal, tls.control),
                        StreamEnd.of(tls.plainOutbox, tls.plainInbox, tls.plainSignal, tls.plainControl))
                .withFacts(tls.facts);
    }

    /** Tells the server's observer about one connection's handshake and end. */
    private record Reporting(ConnectionInfo connection, HttpObserver observer) implements TlsListener {
        @Override
        public void handshakeCompleted(TlsSessionInfo session, Duration took) {
            observer.tlsHandshakeCompleted(connection, session, took);
        }

        @Override
        public void ended(TlsOutcome outcome) {
            observer.tlsEnded(connection, outcome);
        }
    }
}
