package org.kamaelia.http.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kamaelia.http.component.ProducerFinished;
import org.kamaelia.http.component.ShutdownRequested;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.TlsSessionInfo;

/** {@link TlsEngine} on the harness, against a client {@code SSLEngine} driven by the test. */
class TlsEngineTest {
    private static final String HOST = "www.example.test";

    private static TlsPeer client(String protocol) {
        return new TlsPeer(TestPki.INSTANCE.clientContext(false), protocol, HOST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void completesTheHandshakeAndReportsTheSession(String protocol) throws SSLException {
        TlsFixture fixture = new TlsFixture(TlsFixture.settings().build());
        TlsPeer peer = client(protocol);

        fixture.handshake(peer);

        TlsSessionInfo session = fixture.tls.session().orElseThrow();
        assertThat(session.protocol()).isEqualTo(protocol);
        assertThat(session.cipherSuite()).isEqualTo(peer.engine.getSession().getCipherSuite());
        assertThat(session.serverName()).contains(HOST);
        assertThat(session.peerCertificates()).isEmpty();
        assertThat(fixture.listener.handshakes).containsExactly(session);
        assertThat(fixture.tls.outcome()).isEmpty();
        assertThat(fixture.toConnection.signals()).isEmpty();
        assertThat(fixture.toConnection.drain()).isEmpty();
        assertThat(fixture.toProtocol.drain()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void carriesApplicationDataBothWays(String protocol) throws SSLException {
        TlsFixture fixture = new TlsFixture(TlsFixture.settings().build());
        TlsPeer peer = client(protocol);
        fixture.handshake(peer);

        byte[] request = "GET / HTTP/1.1\r\nHost: www.example.test\r\n\r\n".getBytes(US_ASCII);
        assertThat(fixture.clientSends(peer, request)).isEqualTo(request);

        byte[] response = "HTTP/1.1 204 No Content\r\n\r\n".getBytes(US_ASCII);
        assertThat(fixture.protocolSends(peer, response)).isEqualTo(response);
        assertThat(fixture.tls.outcome()).isEmpty();
    }

    @Test
    void takesTheHandshakeOneByteAtATime() throws SSLException {
        TlsFixture fixture = new TlsFixture(TlsFixture.settings().build());
        TlsPeer peer = client("TLSv1.3");
        for (int round = 0;
                round < 20 && !(peer.handshakeDone() && fixture.tls.session().isPresent());
                round++) {
            for (ByteChunk chunk : peer.produce()) {
                for (int i = 0; i < chunk.length(); i++) {
                    fixture.receive(chunk.slice(i, i + 1));
                }
            }
            peer.consume(fixture.records.drain());
        }
        assertThat(fixture.tls.session()).isPresent();
        assertThat(peer.handshakeDone()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void unwrapsARecordSplitAtEveryByteBoundary(String protocol) throws SSLException {
        TlsFixture fixture = new TlsFixture(TlsFixture.settings().build());
        TlsPeer peer = client(protocol);
        fixture.handshake(peer);
        byte[] message = "POST /x HTTP/1.1\r\nContent-Length: 0\r\n\r\n".getBytes(US_ASCII);
        peer.write(message);
        ByteChunk first = single(peer.produce());
        int recordLength = first.length();
        fixture.receive(first);
        assertThat(fixture.plainBytes()).isEqualTo(message);

        for (int split = 1; split < recordLength; split++) {
            peer.write(message);
            ByteChunk record = single(peer.produce());
            assertThat(record.length()).isEqualTo(recordLength);

            fixture.receive(record.slice(0, split));
            assertThat(fixture.plainBytes())
                    .as("after %d of %d bytes", split, recordLength)
                    .isEmpty();
            assertThat(fixture.tls.heldCipherBytes()).isEqualTo(split);
            fixture.receive(record.slice(split, recordLength));
            assertThat(fixture.plainBytes()).as("split at %d", split).isEqualTo(message);
            assertThat(fixture.tls.heldCipherBytes()).isZero();
        }
    }

    @Test
    void unwrapsManyRecordsArrivingInOneRead() throws SSLException {
        TlsFixture fixture = new TlsFixture(TlsFixture.settings().build());
        TlsPeer peer = client("TLSv1.3");
        fixture.handshake(peer);
        ByteArrayOutputStream cipher = new ByteArrayOutputStream();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < 50; i++) {
            byte[] message = ("request " + i + "\n").getBytes(US_ASCII);
            expected.writeBytes(message);
            peer.write(message);
            cipher.writeBytes(single(peer.produce()).toArray());
        }

        fixture.receive(ByteChunk.wrap(cipher.toByteArray()));

        List<ByteChunk> received = fixture.plain.drain();
        assertThat(received).hasSize(50); // one chunk per record
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        received.forEach(chunk -> joined.writeBytes(chunk.toArray()));
        assertThat(joined.toByteArray()).isEqualTo(expected.toByteArray());
        assertThat(fixture.tls.heldCipherBytes()).isZero();
    }

    private static ByteChunk single(List<ByteChunk> records) {
        assertThat(records).hasSize(1);
        return records.get(0);
    }

    @Test
    void answersPlainHttpWithA400InClearTextAndCloses() {
        TlsFixture fixture = new TlsFixture(TlsFixture.settings().build());

        fixture.receive(ByteChunk.ascii("GET / HTTP/1.1\r\nHost: example.test\r\n\r\n"));

        List<ByteChunk> written = fixture.records.drain();
        assertThat(written).hasSize(1);
        String answer = written.get(0).utf8();
        assertThat(answer).startsWith("HTTP/1.1 400 Bad Request\r\n");
        assertThat(answer).contains("\r\nConnection: close\r\n");
        assertThat(answer).contains("\r\nContent-Length: " + PlainHttpAnswer.BODY.length() + "\r\n");
        assertThat(answer).endsWith("\r\n\r\n" + PlainHttpAnswer.BODY);
        assertThat(fixture.toConnection.drain()).containsExactly(ProducerFinished.INSTANCE);
        assertThat(fixture.toProtocol.drain())
                .containsExactly(new ShutdownRequested(ShutdownRequested.Reason.PEER_GONE));
        assertThat(fixture.tls.outcome()).contains(TlsOutcome.PLAIN_HTTP);
        assertThat(fixture.listener.outcomes).containsExactly(TlsOutcome.PLAIN_HTTP);
        assertThat(fixture.plain.drain()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x05, 0x15, 0x17, 0x80, 'g', '\r'})
    void closesAConnectionWhoseFirstByteCannotStartTls(int first) {
        TlsFixture fixture = new TlsFixture(TlsFixture.settings().build());

        fixture.receive(ByteChunk.wrap(new byte[] {(byte) first, 3, 1, 0, 1, 0}));

        assertThat(fixture.records.drain()).isEmpty();
        assertThat(fixture.toConnection.drain()).containsExactly(ProducerFinished.INSTANCE);
        assertThat(fixture.tls.outcome()).contains(TlsOutcome.NOT_TLS);
    }

    @Test
    void failsAGarbageHandshakeWithAnAlert() {
        TlsFixture fixture = new TlsFixture(TlsFixture.settings().build());
        byte[] garbage = new byte[64];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) (i * 37 + 11);
        }
        // A handshake record header claiming 59 bytes of body, then noise.
        byte[] header = {0x16, 0x03, 0x01, 0x00, 59};
        System.arraycopy(header, 0, garbage, 0, header.length);

        fixture.receive(ByteChunk.wrap(garbage));

        assertThat(fixture.tls.outcome()).contains(TlsOutcome.HANDSHAKE_FAILED);
        List<ByteChunk> written = fixture.records.drain();
        assertThat(written).isNotEmpty();
        assertThat(written.get(0).byteAt(0)).as("an alert record").isEqualTo((byte) 0x15);
        assertThat(fixture.toConnection.drain()).containsExactly(ProducerFinished.INSTANCE);
        assertThat(fixture.toProtocol.drain())
                .containsExactly(new ShutdownRequested(ShutdownRequested.Reason.PEER_GONE));
        assertThat(fixture.listener.outcomes).containsExactly(TlsOutcome.HANDSHAKE_FAILED);
    }

    @Test
    void abortsAHandshakeThatTakesTooLong() throws SSLException {
        TlsFixture fixture = new TlsFixture(
                TlsFixture.settings().handshakeTimeout(Duration.ofSeconds(3)).build());
        TlsPeer peer = client("TLSv1.3");
        ByteChunk hello = peer.produce().get(0);
        fixture.receive(hello.slice(0, 10)); // a client that stalls in its ClientHello

        fixture.advance(Duration.ofMillis(2999));
        assertThat(fixture.tls.outcome()).isEmpty();
        fixture.advance(Duration.ofMillis(1));

        assertThat(fixture.tls.outcome()).contains(TlsOutcome.HANDSHAKE_TIMEOUT);
        ShutdownRequested timeout = new ShutdownRequested(ShutdownRequested.Reason.TIMEOUT);
        assertThat(fixture.toConnection.drain()).containsExactly(timeout);
        assertThat(fixture.toProtocol.drain()).containsExactly(timeout);
        assertThat(fixture.records.drain()).isEmpty();
    }

    @Test
    void theDeadlineNoLongerAppliesOnceTheHandshakeIsDone() throws SSLException {
        TlsFixture fixture = new TlsFixture(
                TlsFixture.settings().handshakeTimeout(Duration.ofSeconds(3)).build());
        TlsPeer peer = client("TLSv1.3");
        fixture.handshake(peer);

        fixture.advance(Duration.ofMinutes(5));

        assertThat(fixture.tls.outcome()).isEmpty();
        assertThat(fixture.clientSends(peer, new byte[] {'x'})).containsExactly('x');
    }

    @Test
    void reportsAPeerThatClosesDuringTheHandshake() throws SSLException {
        TlsFixture fixture = new TlsFixture(TlsFixture.settings().build());
        TlsPeer peer = client("TLSv1.2");
        fixture.receive(peer.produce().get(0).slice(0, 20));

        fixture.connectionSignals.outbox.send(ProducerFinished.INSTANCE);
        fixture.harness.runUntilIdle();

        assertThat(fixture.tls.outcome()).contains(TlsOutcome.PEER_CLOSED_DURING_HANDSHAKE);
        assertThat(fixture.toConnection.drain()).containsExactly(ProducerFinished.INSTANCE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void sendsCloseNotifyAfterTheProtocolFinishes(String protocol) throws SSLException {
        TlsFixture fixture = new TlsFixture(TlsFixture.settings().build());
        TlsPeer peer = client(protocol);
        fixture.handshake(peer);

        fixture.fromProtocol.outbox.send(ByteChunk.ascii("last words"));
        fixture.protocolSignals.outbox.send(ProducerFinished.INSTANCE);
        fixture.harness.runUntilIdle();

        peer.consume(fixture.records.drain());
        assertThat(new String(peer.takePlain(), US_ASCII)).isEqualTo("last words");
        assertThat(peer.closedByServer()).as("close_notify received").isTrue();
        assertThat(fixture.toConnection.drain()).containsExactly(ProducerFinished.INSTANCE);
        assertThat(fixture.tls.outcome()).contains(TlsOutcome.CLOSED);
    }

    @Test
    void passesThePeersCloseNotifyOnAsEndOfInputAndStillAnswersInTls13() throws SSLException {
        TlsFixture fixture = new TlsFixture(TlsFixture.settings().build());
        TlsPeer peer = client("TLSv1.3");
        fixture.handshake(peer);
        peer.write("request".getBytes(US_ASCII));
        List<ByteChunk> cipher = new ArrayList<>(peer.produce());
        peer.engine.closeOutbound();
        cipher.addAll(peer.produce());

        fixture.receive(cipher);

        assertThat(fixture.plainBytes()).isEqualTo("request".getBytes(US_ASCII));
        assertThat(fixture.toProtocol.drain()).containsExactly(ProducerFinished.INSTANCE);
        assertThat(fixture.tls.outcome()).isEmpty();
        // TLS 1.3 closes each direction alone (RFC 8446 section 6.1): the response still goes out.
        assertThat(new String(fixture.protocolSends(peer, "response".getBytes(US_ASCII)), US_ASCII))
                .isEqualTo("response");
        fixture.protocolSignals.outbox.send(ProducerFinished.INSTANCE);
        fixture.harness.runUntilIdle();
        peer.consume(fixture.records.drain());
        assertThat(peer.closedByServer()).isTrue();
        assertThat(fixture.tls.outcome()).contains(TlsOutcome.CLOSED);
        assertThat(fixture.toConnection.drain()).containsExactly(ProducerFinished.INSTANCE);
    }

    @Test
    void answersThePeersCloseNotifyWithItsOwnInTls12() throws SSLException {
        TlsFixture fixture = new TlsFixture(TlsFixture.settings().build());
        TlsPeer peer = client("TLSv1.2");
        fixture.handshake(peer);
        peer.engine.closeOutbound();

        fixture.receive(peer.produce());

        assertThat(fixture.toProtocol.drain()).containsExactly(ProducerFinished.INSTANCE);
        // TLS 1.2 closes both directions at once: the engine answers close_notify and the connection closes.
        peer.consume(fixture.records.drain());
        assertThat(peer.closedByServer()).isTrue();
        assertThat(fixture.toConnection.drain()).containsExactly(ProducerFinished.INSTANCE);
        assertThat(fixture.tls.outcome()).contains(TlsOutcome.CLOSED);
    }

    @Test
    void passesATcpEndWithoutCloseNotifyOnAndReportsTheTruncation() throws SSLException {
        TlsFixture fixture = new TlsFixture(TlsFixture.settings().build());
        TlsPeer peer = client("TLSv1.3");
        fixture.handshake(peer);
        peer.write("partial".getBytes(US_ASCII));
        ByteChunk record = single(peer.produce());
        fixture.receive(record);
        fixture.receive(record.slice(0, 3)); // not a record: the beginning of a copy, never completed

        fixture.connectionSignals.outbox.send(ProducerFinished.INSTANCE);
        fixture.harness.runUntilIdle();

        assertThat(fixture.plainBytes()).isEqualTo("partial".getBytes(US_ASCII));
        assertThat(fixture.toProtocol.drain()).containsExactly(ProducerFinished.INSTANCE);
        assertThat(fixture.tls.outcome()).isEmpty();
        fixture.protocolSignals.outbox.send(ProducerFinished.INSTANCE);
        fixture.harness.runUntilIdle();
        assertThat(fixture.tls.outcome()).contains(TlsOutcome.TRUNCATED);
        assertThat(fixture.toConnection.drain()).containsExactly(ProducerFinished.INSTANCE);
    }

    @Test
    void abortsWithoutCloseNotifyWhenTheProtocolAborts() throws SSLException {
        TlsFixture fixture = new TlsFixture(TlsFixture.settings().build());
        TlsPeer peer = client("TLSv1.3");
        fixture.handshake(peer);

        ShutdownRequested abort = new ShutdownRequested(ShutdownRequested.Reason.FAILURE);
        fixture.protocolSignals.outbox.send(abort);
        fixture.harness.runUntilIdle();

        assertThat(fixture.records.drain())
                .as("no close_notify: a cut response must look cut")
                .isEmpty();
        assertThat(fixture.toConnection.drain()).containsExactly(abort);
        assertThat(fixture.tls.outcome()).contains(TlsOutcome.ABORTED);
    }

    @Test
    void passesAConnectionShutdownAndADrainOnToTheProtocol() throws SSLException {
        TlsFixture fixture = new TlsFixture(TlsFixture.settings().build());
        TlsPeer peer = client("TLSv1.3");
        fixture.handshake(peer);

        fixture.connectionSignals.outbox.send(ProducerFinished.DRAIN);
        fixture.harness.runUntilIdle();
        assertThat(fixture.toProtocol.drain()).containsExactly(ProducerFinished.DRAIN);
        assertThat(fixture.tls.outcome()).isEmpty();

        fixture.connectionSignals.outbox.send(ShutdownRequested.stopped());
        fixture.harness.runUntilIdle();
        assertThat(fixture.toProtocol.drain()).containsExactly(ShutdownRequested.stopped());
        assertThat(fixture.tls.outcome()).contains(TlsOutcome.ABORTED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void failsTheHandshakeWhenACertificateIsNeededAndNoneIsSent(String protocol) throws SSLException {
        TlsFixture fixture =
                new TlsFixture(TlsFixture.settings().clientAuth(ClientAuth.NEED).build());
        TlsPeer peer = client(protocol);

        assertThatThrownBy(() -> fixture.handshake(peer)).isInstanceOfAny(AssertionError.class, SSLException.class);

        assertThat(fixture.tls.outcome()).contains(TlsOutcome.HANDSHAKE_FAILED);
        assertThat(fixture.tls.session()).isEmpty();
        assertThat(fixture.toConnection.drain()).containsExactly(ProducerFinished.INSTANCE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void completesTheHandshakeWhenACertificateIsWantedAndNoneIsSent(String protocol) throws SSLException {
        TlsFixture fixture =
                new TlsFixture(TlsFixture.settings().clientAuth(ClientAuth.WANT).build());
        TlsPeer peer = client(protocol);

        fixture.handshake(peer);

        assertThat(fixture.tls.session().orElseThrow().peerCertificates()).isEmpty();
        assertThat(fixture.tls.session().orElseThrow().peerCertificate()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"NEED", "WANT"})
    void exposesTheClientsCertificateChain(ClientAuth mode) throws SSLException {
        TlsFixture fixture =
                new TlsFixture(TlsFixture.settings().clientAuth(mode).build());
        TlsPeer peer = new TlsPeer(TestPki.INSTANCE.clientContext(true), "TLSv1.3", HOST);

        fixture.handshake(peer);

        TlsSessionInfo session = fixture.tls.session().orElseThrow();
        assertThat(session.peerCertificate()).contains(TestPki.INSTANCE.client);
        assertThat(session.peerCertificates()).containsExactly(TestPki.INSTANCE.client, TestPki.INSTANCE.ca);
        assertThat(session.peerCertificate()
                        .orElseThrow()
                        .getSubjectX500Principal()
                        .getName())
                .isEqualTo("CN=test-client");
    }

    @Test
    void usesTheConfiguredProtocolAndCipherSuite() throws SSLException {
        String suite = "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";
        TlsFixture fixture = new TlsFixture(
                TlsFixture.settings().protocols("TLSv1.2").cipherSuites(suite).build());
        TlsPeer peer = client("TLSv1.2");

        fixture.handshake(peer);

        assertThat(fixture.tls.session().orElseThrow().cipherSuite()).isEqualTo(suite);
    }

    @Test
    void refusesAClientThatOffersOnlyAProtocolNotConfigured() throws SSLException {
        TlsFixture fixture =
                new TlsFixture(TlsFixture.settings().protocols("TLSv1.3").build());
        TlsPeer peer = client("TLSv1.2");

        assertThatThrownBy(() -> fixture.handshake(peer)).isInstanceOfAny(AssertionError.class, SSLException.class);

        assertThat(fixture.tls.outcome()).contains(TlsOutcome.HANDSHAKE_FAILED);
    }

    @Test
    void failsOnACorruptRecordAfterTheHandshake() throws SSLException {
        TlsFixture fixture = new TlsFixture(TlsFixture.settings().build());
        TlsPeer peer = client("TLSv1.3");
        fixture.handshake(peer);
        peer.write("tampered".getBytes(US_ASCII));
        byte[] record = single(peer.produce()).toArray();
        record[record.length - 1] ^= 1; // the authentication tag no longer matches

        fixture.receive(ByteChunk.wrap(record));

        assertThat(fixture.plainBytes()).isEmpty();
        assertThat(fixture.tls.outcome()).contains(TlsOutcome.FAILED);
        assertThat(fixture.records.drain()).as("an alert goes out").isNotEmpty();
        assertThat(fixture.toConnection.drain()).containsExactly(ProducerFinished.INSTANCE);
        assertThat(fixture.toProtocol.drain())
                .containsExactly(new ShutdownRequested(ShutdownRequested.Reason.PEER_GONE));
        assertThat(fixture.listener.outcomes).containsExactly(TlsOutcome.FAILED);
    }

    @Test
    void passesTheEndOfInputOnOnlyAfterEveryRecordReachedASlowProtocol() throws SSLException {
        TlsFixture fixture = new TlsFixture(TlsFixture.settings().build(), 1, 100_000);
        TlsPeer peer = client("TLSv1.3");
        fixture.handshake(peer);
        List<ByteChunk> cipher = new ArrayList<>();
        for (String word : List.of("one", "two", "three")) {
            peer.write(word.getBytes(US_ASCII));
            cipher.addAll(peer.produce());
        }
        fixture.receive(cipher);
        fixture.connectionSignals.outbox.send(ProducerFinished.INSTANCE);
        fixture.harness.runUntilIdle();

        // The end of input follows the last record into the protocol's boxes, never overtakes it.
        StringBuilder read = new StringBuilder();
        for (String expected : List.of("one", "two")) {
            assertThat(fixture.toProtocol.drain())
                    .as("while %s waits", expected)
                    .isEmpty();
            List<ByteChunk> taken = fixture.plain.take(1);
            assertThat(taken).hasSize(1);
            read.append(taken.get(0).utf8());
            fixture.harness.runUntilIdle();
        }
        assertThat(fixture.plain.inbox.peek().utf8()).isEqualTo("three");
        assertThat(read).hasToString("onetwo");
        assertThat(fixture.toProtocol.drain()).containsExactly(ProducerFinished.INSTANCE);
    }

    @Test
    void takesAPlainHttpRequestThatArrivesAByteAtATime() {
        TlsFixture fixture = new TlsFixture(TlsFixture.settings().build());

        fixture.receive(ByteChunk.ascii("G"));

        assertThat(fixture.tls.outcome()).contains(TlsOutcome.PLAIN_HTTP);
        assertThat(fixture.records.drain().get(0).utf8()).startsWith("HTTP/1.1 400 ");
    }
}
