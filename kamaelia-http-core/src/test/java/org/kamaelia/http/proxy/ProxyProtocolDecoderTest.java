package org.kamaelia.http.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kamaelia.http.proxy.ProxyHeaders.join;
import static org.kamaelia.http.proxy.ProxyHeaders.v1;
import static org.kamaelia.http.proxy.ProxyHeaders.v2;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kamaelia.http.component.ComponentHarness;
import org.kamaelia.http.component.ComponentState;
import org.kamaelia.http.component.ProducerFinished;
import org.kamaelia.http.component.ShutdownRequested;
import org.kamaelia.http.component.Signal;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.ConnectionFact;
import org.kamaelia.http.message.ProxiedAddresses;

/**
 * The PROXY protocol component on an event loop driven by the test: what goes up, what goes down, when, and at
 * what pace.
 */
class ProxyProtocolDecoderTest {
    private static final byte[] HEADER = v1("PROXY TCP4 203.0.113.7 192.0.2.1 56324 443\r\n");
    private static final ProxiedAddresses NAMED = new ProxiedAddresses(
            new InetSocketAddress(AddressLiterals.address(AddressLiterals.ipv4("203.0.113.7")), 56324),
            new InetSocketAddress(AddressLiterals.address(AddressLiterals.ipv4("192.0.2.1")), 443));
    private static final byte[] REQUEST = "GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ComponentHarness harness = new ComponentHarness();
    private final RecordingListener listener = new RecordingListener();

    /** The decoder and the boxes around it. */
    private final class Rig {
        final ProxyProtocolDecoder decoder;
        final ComponentHarness.Sender<ByteChunk> connection;
        final ComponentHarness.Sender<Signal> connectionEvents;
        final ComponentHarness.Collector<ByteChunk> above;
        final ComponentHarness.Collector<ConnectionFact> facts;
        final ComponentHarness.Collector<Signal> signalsUp;
        final ComponentHarness.Collector<Signal> signalsDown;

        Rig(int aboveCapacity) {
            decoder = new ProxyProtocolDecoder(Duration.ofSeconds(5), listener);
            above = harness.collect(decoder.outbox, aboveCapacity);
            facts = harness.collect(decoder.facts);
            signalsUp = harness.collect(decoder.signal);
            signalsDown = harness.collect(decoder.downSignal);
            harness.start(decoder);
            connection = harness.senderTo(decoder.inbox);
            connectionEvents = harness.senderTo(decoder.control);
        }

        void read(byte[] bytes) {
            connection.outbox.send(ByteChunk.wrap(bytes));
            harness.runUntilIdle();
        }

        void event(Signal signal) {
            connectionEvents.outbox.send(signal);
            harness.runUntilIdle();
        }

        byte[] bytesAbove() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            above.drain().forEach(chunk -> out.writeBytes(chunk.toArray()));
            return out.toByteArray();
        }
    }

    private static final class RecordingListener implements ProxyProtocolListener {
        final List<ProxyHeader> accepted = new ArrayList<>();
        final List<ProxyProtocolRejection> rejected = new ArrayList<>();

        @Override
        public void accepted(ProxyHeader header) {
            accepted.add(header);
        }

        @Override
        public void rejected(ProxyProtocolRejection reason) {
            rejected.add(reason);
        }
    }

    @Test
    void sendsTheAddressesUpThenTheBytesAfterTheHeaderIntact() {
        Rig rig = new Rig(100);
        rig.read(join(HEADER, REQUEST));

        assertThat(rig.facts.drain()).containsExactly(NAMED);
        assertThat(rig.bytesAbove()).isEqualTo(REQUEST);
        assertThat(listener.accepted)
                .singleElement()
                .satisfies(h -> assertThat(h.version()).isEqualTo(1));
        assertThat(listener.rejected).isEmpty();
        assertThat(rig.signalsDown.drain()).isEmpty();
        assertThat(rig.decoder.header()).isPresent();
    }

    @Test
    void sendsTheFactBeforeAnyByteEvenWhenTheHeaderEndsAChunk() {
        Rig rig = new Rig(100);
        rig.read(HEADER);
        assertThat(rig.facts.drain()).containsExactly(NAMED);
        assertThat(rig.above.drain()).isEmpty(); // no empty chunk goes up
        rig.read(REQUEST);
        assertThat(rig.bytesAbove()).isEqualTo(REQUEST);
    }

    @Test
    void holdsEverythingBackUntilAHeaderArrivingByteByByteIsComplete() {
        Rig rig = new Rig(100);
        for (int i = 0; i < HEADER.length - 1; i++) {
            rig.read(new byte[] {HEADER[i]});
            assertThat(rig.facts.drain()).isEmpty();
            assertThat(rig.above.drain()).isEmpty();
        }
        rig.read(join(new byte[] {HEADER[HEADER.length - 1]}, REQUEST));
        assertThat(rig.facts.drain()).containsExactly(NAMED);
        assertThat(rig.bytesAbove()).isEqualTo(REQUEST);
    }

    @Test
    void passesTheBytesUpIntactWhereverTheChunksSplitTheStream() {
        byte[] stream = join(HEADER, REQUEST);
        for (int split = 1; split < stream.length; split++) {
            Rig rig = new Rig(100);
            rig.read(Arrays.copyOfRange(stream, 0, split));
            rig.read(Arrays.copyOfRange(stream, split, stream.length));
            assertThat(rig.facts.drain()).as("split at %d", split).containsExactly(NAMED);
            assertThat(rig.bytesAbove()).as("split at %d", split).isEqualTo(REQUEST);
        }
    }

    @Test
    void aLocalHeaderSendsNoFactAndTheBytesGoUp() {
        Rig rig = new Rig(100);
        rig.read(join(v2(0x20, 0x00, new byte[0]), REQUEST));

        assertThat(rig.facts.drain()).isEmpty();
        assertThat(rig.bytesAbove()).isEqualTo(REQUEST);
        assertThat(listener.accepted)
                .singleElement()
                .satisfies(h -> assertThat(h.addresses()).isEmpty());
    }

    @Test
    void aMalformedHeaderAbortsTheConnectionAndNothingGoesUp() {
        Rig rig = new Rig(100);
        rig.read(join(v1("PROXY TCP4 203.0.113.7 192.0.2.1 56324 0443\r\n"), REQUEST));

        assertThat(rig.signalsDown.drain()).containsExactly(new ShutdownRequested(ShutdownRequested.Reason.PEER_GONE));
        assertThat(rig.signalsUp.drain()).containsExactly(new ShutdownRequested(ShutdownRequested.Reason.PEER_GONE));
        assertThat(rig.facts.drain()).isEmpty();
        assertThat(rig.above.drain()).isEmpty();
        assertThat(listener.rejected).containsExactly(ProxyProtocolRejection.MALFORMED);
        assertThat(rig.decoder.state()).isEqualTo(ComponentState.FINISHED);
    }

    @Test
    void aConnectionWithoutAHeaderIsRefusedAtItsFirstByte() {
        Rig rig = new Rig(100);
        rig.read(REQUEST);

        assertThat(listener.rejected).containsExactly(ProxyProtocolRejection.MISSING);
        assertThat(rig.signalsDown.drain()).hasSize(1);
        assertThat(rig.above.drain()).isEmpty();
    }

    @Test
    void aHeaderNotCompleteByTheDeadlineIsATimeout() {
        Rig rig = new Rig(100);
        rig.read(Arrays.copyOfRange(HEADER, 0, 10));
        harness.advance(Duration.ofSeconds(5).minusNanos(1));
        assertThat(rig.signalsDown.drain()).isEmpty();
        assertThat(listener.rejected).isEmpty();

        harness.advance(Duration.ofNanos(1));
        assertThat(rig.signalsDown.drain()).containsExactly(new ShutdownRequested(ShutdownRequested.Reason.TIMEOUT));
        assertThat(rig.signalsUp.drain()).containsExactly(new ShutdownRequested(ShutdownRequested.Reason.TIMEOUT));
        assertThat(listener.rejected).containsExactly(ProxyProtocolRejection.TIMEOUT);
    }

    @Test
    void aSilentConnectionTimesOutTooButAHeaderInTimeStopsTheClock() {
        Rig silent = new Rig(100);
        harness.advance(Duration.ofSeconds(5));
        assertThat(silent.signalsDown.drain()).hasSize(1);
        assertThat(listener.rejected).containsExactly(ProxyProtocolRejection.TIMEOUT);

        listener.rejected.clear();
        Rig prompt = new Rig(100);
        harness.advance(Duration.ofSeconds(4));
        prompt.read(HEADER);
        harness.advance(Duration.ofSeconds(60));
        assertThat(prompt.signalsDown.drain()).isEmpty();
        assertThat(listener.rejected).isEmpty();
        assertThat(prompt.decoder.state()).isEqualTo(ComponentState.RUNNING);
    }

    @Test
    void anEndOfInputInsideTheHeaderIsATruncation() {
        Rig rig = new Rig(100);
        rig.read(Arrays.copyOfRange(HEADER, 0, 20));
        rig.event(ProducerFinished.INSTANCE);

        assertThat(listener.rejected).containsExactly(ProxyProtocolRejection.TRUNCATED);
        assertThat(rig.signalsDown.drain()).hasSize(1);
    }

    @Test
    void aConnectionClosedBeforeItsFirstByteIsNoRejection() {
        Rig rig = new Rig(100);
        rig.event(ProducerFinished.INSTANCE);

        assertThat(rig.signalsUp.drain()).containsExactly(ProducerFinished.INSTANCE);
        harness.advance(Duration.ofSeconds(10)); // the deadline no longer matters
        assertThat(listener.rejected).isEmpty();
        assertThat(rig.signalsDown.drain()).isEmpty();
    }

    @Test
    void theEndOfInputGoesUpAfterTheBytesBeforeIt() {
        Rig rig = new Rig(1); // the box above takes one chunk at a time
        rig.read(join(HEADER, REQUEST));
        rig.read(REQUEST);
        rig.event(ProducerFinished.INSTANCE);
        assertThat(rig.signalsUp.drain()).isEmpty(); // the second chunk still waits

        assertThat(rig.above.take(1)).hasSize(1);
        harness.runUntilIdle();
        // The last chunk went up now, so the end follows it: above holds the chunk the end comes after.
        assertThat(rig.above.inbox.size()).isEqualTo(1);
        assertThat(rig.signalsUp.drain()).containsExactly(ProducerFinished.INSTANCE);
    }

    @Test
    void aDrainGoesUpAtOnceAndAShutdownEndsTheDecoder() {
        Rig rig = new Rig(100);
        rig.event(ProducerFinished.DRAIN);
        assertThat(rig.signalsUp.drain()).containsExactly(ProducerFinished.DRAIN);

        rig.event(new ShutdownRequested(ShutdownRequested.Reason.PEER_GONE));
        assertThat(rig.signalsUp.drain()).containsExactly(new ShutdownRequested(ShutdownRequested.Reason.PEER_GONE));
        assertThat(rig.decoder.state()).isEqualTo(ComponentState.FINISHED);
        assertThat(rig.signalsDown.drain()).isEmpty();
    }

    @Test
    void aStalledProtocolFillsTheDecoderAndThenStopsTheConnection() {
        int aboveCapacity = 2;
        Rig rig = new Rig(aboveCapacity);
        rig.read(HEADER);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        int chunks = 200;
        int sent = 0;
        boolean sawTheStall = false;
        for (int round = 0; received.size() < chunks * 100; round++) {
            assertThat(round).as("rounds").isLessThan(10_000);
            // Read as the connection does: while the decoder's inbox has room.
            while (sent < chunks && rig.connection.outbox.hasRoom()) {
                byte[] chunk = new byte[100];
                Arrays.fill(chunk, (byte) sent);
                expected.writeBytes(chunk);
                rig.connection.outbox.send(ByteChunk.wrap(chunk));
                sent++;
                harness.runUntilIdle();
                assertThat(rig.above.inbox.size()).isLessThanOrEqualTo(aboveCapacity);
                assertThat(rig.decoder.inbox.size()).isLessThanOrEqualTo(16);
            }
            if (round == 0) {
                assertThat(rig.above.inbox.size()).isEqualTo(aboveCapacity);
                assertThat(rig.decoder.inbox.isFull()).isTrue();
                assertThat(sent).isEqualTo(aboveCapacity + 16);
                sawTheStall = true;
            }
            rig.above.take(1).forEach(chunk -> received.writeBytes(chunk.toArray()));
            harness.runUntilIdle();
        }
        assertThat(sawTheStall).isTrue();
        assertThat(received.toByteArray()).isEqualTo(expected.toByteArray());
    }

    @Test
    void bytesAfterTheHeaderWaitWhenTheBoxAboveIsFull() {
        Rig rig = new Rig(1);
        rig.read(HEADER);
        rig.read(REQUEST); // fills the box above
        rig.read(REQUEST); // waits in the decoder
        assertThat(rig.above.inbox.size()).isEqualTo(1);
        assertThat(rig.decoder.inbox.size()).isEqualTo(1);
        assertThat(rig.above.take(1)).hasSize(1);
        harness.runUntilIdle();
        assertThat(rig.above.take(1))
                .singleElement()
                .satisfies(c -> assertThat(c.toArray()).isEqualTo(REQUEST));
    }
}
