package org.kamaelia.http.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.List;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.kamaelia.http.message.ByteChunk;

/**
 * A large transfer each way with the receiving side stalled: the engine must stop unwrapping (or wrapping) when its
 * receiver is full, stop taking input in turn, and hold no more than its bounds while it waits.
 */
class TlsEngineBackpressureTest {
    private static final int TOTAL = 2 * 1024 * 1024; // 128 full records, far beyond every bound
    private static final int READ_SIZE = 10_000; // not a multiple of the record size, so reads cut records
    private static final int RECEIVER_CHUNKS = 4;

    private static byte[] pattern(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + (i >>> 10));
        }
        return bytes;
    }

    private static ByteChunk join(List<ByteChunk> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunks.forEach(chunk -> out.writeBytes(chunk.toArray()));
        return ByteChunk.wrap(out.toByteArray());
    }

    @Test
    void aStalledProtocolStopsTheUnwrappingAndThenTheInput() throws SSLException {
        TlsFixture fixture = new TlsFixture(TlsFixture.settings().build(), RECEIVER_CHUNKS, 100_000);
        TlsPeer peer = new TlsPeer(TestPki.INSTANCE.clientContext(false), "TLSv1.3", "www.example.test");
        fixture.handshake(peer);
        byte[] payload = pattern(TOTAL);
        peer.write(payload);
        ByteChunk stream = join(peer.produce());
        int packetSize = fixture.tls.sessionPacketSize();

        ByteArrayOutputStream received = new ByteArrayOutputStream();
        int sent = 0;
        long mostInInbox = 0;
        int mostHeld = 0;
        int mostWaitingForProtocol = 0;
        boolean sawTheStall = false;
        for (int round = 0; received.size() < TOTAL; round++) {
            assertThat(round).as("rounds").isLessThan(100_000);
            // Feed as the connection does: a read whenever the engine's inbox has room, until it has none.
            while (sent < stream.length() && fixture.toTls.outbox.hasRoom()) {
                int n = Math.min(READ_SIZE, stream.length() - sent);
                fixture.toTls.outbox.send(stream.slice(sent, sent + n));
                sent += n;
                fixture.harness.runUntilIdle();
                mostInInbox = Math.max(mostInInbox, fixture.tls.inbox.weight());
                mostHeld = Math.max(mostHeld, fixture.tls.heldCipherBytes());
            }
            fixture.harness.runUntilIdle(); // the engine may have been woken by the protocol's last take
            mostInInbox = Math.max(mostInInbox, fixture.tls.inbox.weight());
            mostHeld = Math.max(mostHeld, fixture.tls.heldCipherBytes());
            mostWaitingForProtocol = Math.max(mostWaitingForProtocol, fixture.plain.inbox.size());
            if (round == 0) {
                // Nothing taken yet: the protocol's box is full, the engine's inbox is full, the "socket" waits.
                assertThat(fixture.plain.inbox.size()).isEqualTo(RECEIVER_CHUNKS);
                assertThat(fixture.tls.inbox.isFull()).isTrue();
                assertThat(sent).isLessThan(stream.length());
                sawTheStall = true;
            }
            // The stalled protocol takes one chunk per round.
            fixture.plain.take(1).forEach(chunk -> received.writeBytes(chunk.toArray()));
        }

        assertThat(sawTheStall).isTrue();
        assertThat(received.toByteArray()).isEqualTo(payload);
        assertThat(mostWaitingForProtocol).isLessThanOrEqualTo(RECEIVER_CHUNKS);
        assertThat(mostInInbox).isLessThanOrEqualTo(TlsEngine.CIPHER_HIGH_WATERMARK + READ_SIZE);
        assertThat(mostHeld).isLessThanOrEqualTo(packetSize);
        assertThat(fixture.tls.outcome()).isEmpty();
    }

    @Test
    void aStalledConnectionStopsTheWrappingAndThenTheProtocol() throws SSLException {
        TlsFixture fixture = new TlsFixture(TlsFixture.settings().build(), 100_000, RECEIVER_CHUNKS);
        TlsPeer peer = new TlsPeer(TestPki.INSTANCE.clientContext(false), "TLSv1.2", "www.example.test");
        fixture.handshake(peer);
        byte[] payload = pattern(TOTAL);

        int sent = 0;
        long mostInPlainInbox = 0;
        int mostWaitingForConnection = 0;
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        for (int round = 0; received.size() < TOTAL; round++) {
            assertThat(round).as("rounds").isLessThan(100_000);
            // Produce as a protocol does: whenever the engine's plain inbox has room, until it has none.
            while (sent < TOTAL && fixture.fromProtocol.outbox.hasRoom()) {
                int n = Math.min(READ_SIZE, TOTAL - sent);
                fixture.fromProtocol.outbox.send(ByteChunk.wrap(payload, sent, n));
                sent += n;
                fixture.harness.runUntilIdle();
                mostInPlainInbox = Math.max(mostInPlainInbox, fixture.tls.plainInbox.weight());
            }
            fixture.harness.runUntilIdle(); // the engine may have been woken by the client's last take
            mostInPlainInbox = Math.max(mostInPlainInbox, fixture.tls.plainInbox.weight());
            mostWaitingForConnection = Math.max(mostWaitingForConnection, fixture.records.inbox.size());
            if (round == 0) {
                assertThat(fixture.records.inbox.size()).isEqualTo(RECEIVER_CHUNKS);
                assertThat(fixture.tls.plainInbox.isFull()).isTrue();
                assertThat(sent).isLessThan(TOTAL);
            }
            // The slow client takes one record per round.
            peer.consume(fixture.records.take(1));
            received.writeBytes(peer.takePlain());
        }

        assertThat(received.toByteArray()).isEqualTo(payload);
        assertThat(mostWaitingForConnection).isLessThanOrEqualTo(RECEIVER_CHUNKS);
        assertThat(mostInPlainInbox).isLessThanOrEqualTo(TlsEngine.PLAIN_HIGH_WATERMARK + READ_SIZE);
    }
}
