package org.kamaelia.http.tls;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;
import org.kamaelia.http.component.ComponentHarness;
import org.kamaelia.http.component.ComponentHarness.Collector;
import org.kamaelia.http.component.ComponentHarness.Sender;
import org.kamaelia.http.component.Signal;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.TlsSessionInfo;

/**
 * One {@link TlsEngine} on a {@link ComponentHarness}, with the connection side and the protocol side played by
 * senders and collectors: {@code toTls}/{@code records} stand for the connection, {@code fromProtocol}/{@code plain}
 * for the protocol, and the four signal boxes each have their sender or collector.
 */
final class TlsFixture {
    final ComponentHarness harness = new ComponentHarness();
    final RecordingListener listener = new RecordingListener();
    final TlsEngine tls;
    final Collector<ByteChunk> records;
    final Collector<ByteChunk> plain;
    final Collector<Signal> toConnection;
    final Collector<Signal> toProtocol;
    final Sender<ByteChunk> toTls;
    final Sender<ByteChunk> fromProtocol;
    final Sender<Signal> connectionSignals;
    final Sender<Signal> protocolSignals;

    TlsFixture(TlsSettings settings) {
        this(settings, 100_000, 100_000);
    }

    /** A fixture whose plain and record receivers hold at most the given number of chunks. */
    TlsFixture(TlsSettings settings, int plainCapacity, int recordCapacity) {
        tls = new TlsEngine(settings, listener);
        records = harness.collect(tls.outbox, recordCapacity);
        plain = harness.collect(tls.plainOutbox, plainCapacity);
        toConnection = harness.collect(tls.signal);
        toProtocol = harness.collect(tls.plainSignal);
        harness.start(tls);
        toTls = harness.senderTo(tls.inbox);
        fromProtocol = harness.senderTo(tls.plainInbox);
        connectionSignals = harness.senderTo(tls.control);
        protocolSignals = harness.senderTo(tls.plainControl);
    }

    static TlsSettings.Builder settings() {
        return TlsSettings.builder(TestPki.INSTANCE.serverContext()).delegatedTasks(Runnable::run);
    }

    /** Sends cipher bytes as the connection would, then runs until idle. */
    void receive(ByteChunk cipher) {
        toTls.outbox.send(cipher);
        harness.runUntilIdle();
    }

    /** Sends every chunk, running until idle after each. */
    void receive(List<ByteChunk> cipher) {
        for (ByteChunk chunk : cipher) {
            receive(chunk);
        }
    }

    /** Moves records both ways until both ends finished the handshake; fails if that takes more than 20 rounds. */
    void handshake(TlsPeer peer) throws SSLException {
        for (int round = 0; round < 20; round++) {
            receive(peer.produce());
            peer.consume(records.drain());
            if (peer.handshakeDone() && tls.session().isPresent() && records.inbox.isEmpty()) {
                // TLS 1.3 tickets may follow the server's Finished: let the client read them too.
                peer.consume(records.drain());
                return;
            }
        }
        throw new AssertionError("no handshake after 20 rounds; outcome " + tls.outcome());
    }

    /** The client sends {@code bytes}; returns what reached the protocol. */
    byte[] clientSends(TlsPeer peer, byte[] bytes) throws SSLException {
        peer.write(bytes);
        receive(peer.produce());
        return plainBytes();
    }

    /** Everything the protocol has received so far, taken. */
    byte[] plainBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteChunk chunk : plain.drain()) {
            out.writeBytes(chunk.toArray());
        }
        return out.toByteArray();
    }

    /** The protocol sends {@code bytes}; returns what the client read. */
    byte[] protocolSends(TlsPeer peer, byte[] bytes) throws SSLException {
        fromProtocol.outbox.send(ByteChunk.copyOf(bytes));
        harness.runUntilIdle();
        peer.consume(records.drain());
        return peer.takePlain();
    }

    void advance(Duration time) {
        harness.advance(time);
    }

    /** Remembers what the engine reported. */
    static final class RecordingListener implements TlsListener {
        final List<TlsSessionInfo> handshakes = new ArrayList<>();
        final List<TlsOutcome> outcomes = new ArrayList<>();

        @Override
        public void handshakeCompleted(TlsSessionInfo session, Duration took) {
            handshakes.add(session);
        }

        @Override
        public void ended(TlsOutcome outcome) {
            outcomes.add(outcome);
        }
    }
}
