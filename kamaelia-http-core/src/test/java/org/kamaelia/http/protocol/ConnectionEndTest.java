package org.kamaelia.http.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.kamaelia.http.component.ComponentHarness;
import org.kamaelia.http.component.ProducerFinished;
import org.kamaelia.http.component.ShutdownRequested;
import org.kamaelia.http.component.Signal;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.EndOfRequest;
import org.kamaelia.http.message.RequestPart;
import org.kamaelia.http.net.ConnectionInfo;

class ConnectionEndTest {
    private static final Duration IDLE = Duration.ofSeconds(60);
    private static final ShutdownRequested TIMED_OUT = new ShutdownRequested(ShutdownRequested.Reason.TIMEOUT);

    private final ComponentHarness harness = new ComponentHarness();
    private final FakeLoopTime time = new FakeLoopTime();
    private final RecordingObserver observer = new RecordingObserver();
    private final ComponentHarness.Sender<Signal> owner = new ComponentHarness.Sender<>();
    private final ComponentHarness.Collector<Signal> connection = harness.collect(owner.outbox);
    private final ComponentHarness.Sender<Signal> parserSignals = new ComponentHarness.Sender<>();
    private final ComponentHarness.Collector<Signal> control = harness.collect(parserSignals.outbox);
    private final ComponentHarness.Sender<RequestPart> parser = new ComponentHarness.Sender<>();
    private final ComponentHarness.Collector<RequestPart> requests = harness.collect(parser.outbox);
    private boolean quiet = true;
    private final ConnectionEnd end = new ConnectionEnd(
            owner.outbox,
            new ConnectionReports(observer, new ConnectionInfo(1, null, null, Instant.EPOCH)),
            IDLE,
            time,
            () -> quiet);

    ConnectionEndTest() {
        harness.start(owner);
        harness.start(parserSignals);
        harness.start(parser);
    }

    private void signalFromUpstream(Signal s) {
        parserSignals.outbox.send(s);
        harness.runUntilIdle();
    }

    @Test
    void anIdleConnectionClosesAsATimeoutWhenTheIdleDeadlinePasses() {
        assertThat(end.nextRequestPart(requests.inbox)).isNull();
        time.advance(IDLE.minusNanos(1));
        harness.runUntilIdle();
        assertThat(connection.drain()).isEmpty();
        time.advance(Duration.ofNanos(1));
        harness.runUntilIdle();
        assertThat(connection.drain()).containsExactly(TIMED_OUT);
        assertThat(observer.calls).containsExactly("timeout idle");
        assertThat(end.closing()).isTrue();
    }

    @Test
    void theIdleDeadlineClosesNothingIfARequestIsInHandOrWaitingWhenItPasses() {
        end.nextRequestPart(requests.inbox);
        quiet = false;
        time.advance(IDLE);
        harness.runUntilIdle();
        assertThat(connection.drain()).isEmpty();
        assertThat(end.closing()).isFalse();
    }

    @Test
    void aRequestPartTakenStopsTheIdleDeadline() {
        end.nextRequestPart(requests.inbox);
        time.advance(Duration.ofSeconds(30));
        parser.outbox.send(EndOfRequest.INSTANCE);
        harness.runUntilIdle();
        assertThat(end.nextRequestPart(requests.inbox)).isEqualTo(EndOfRequest.INSTANCE);
        time.advance(Duration.ofSeconds(120));
        harness.runUntilIdle();
        assertThat(connection.drain()).isEmpty();
        assertThat(observer.calls).isEmpty();
    }

    @Test
    void theClientsEndOfInputClosesGracefullyOnceNothingIsLeftAndOnlyOnce() {
        signalFromUpstream(ProducerFinished.INSTANCE);
        assertThat(end.takeSignals(control.inbox)).isFalse();
        assertThat(end.inputEnded()).isTrue();
        assertThat(end.nextRequestPart(requests.inbox)).isNull();
        assertThat(end.nextRequestPart(requests.inbox)).isNull();
        end.closeGracefully();
        harness.runUntilIdle();
        assertThat(connection.drain()).containsExactly(ProducerFinished.INSTANCE);
        assertThat(time.made).isZero(); // no idle deadline for a connection that can carry no further request
    }

    @Test
    void aTimeoutFromTheParserIsTheHeadDeadlinesAndEndsTheConnectionAtOnce() {
        signalFromUpstream(TIMED_OUT);
        assertThat(end.takeSignals(control.inbox)).isTrue();
        harness.runUntilIdle();
        assertThat(connection.drain()).containsExactly(TIMED_OUT);
        assertThat(observer.calls).containsExactly("timeout header");
    }

    @Test
    void anyOtherShutdownEndsTheConnectionWithItsOwnReasonAndNoTimeout() {
        signalFromUpstream(new ShutdownRequested(ShutdownRequested.Reason.FAILURE));
        assertThat(end.takeSignals(control.inbox)).isTrue();
        harness.runUntilIdle();
        assertThat(connection.drain()).containsExactly(new ShutdownRequested(ShutdownRequested.Reason.FAILURE));
        assertThat(observer.calls).isEmpty();
    }

    @Test
    void aClosingConnectionTakesNoFurtherPartAndDropsWhatWaits() {
        end.closeNow(ShutdownRequested.Reason.FAILURE);
        parser.outbox.send(ByteChunk.utf8("left over"));
        harness.runUntilIdle();
        assertThat(end.nextRequestPart(requests.inbox)).isNull();
        assertThat(requests.inbox.isEmpty()).isTrue();
        end.closeGracefully(); // already closing: says nothing more
        harness.runUntilIdle();
        assertThat(connection.drain()).containsExactly(new ShutdownRequested(ShutdownRequested.Reason.FAILURE));
    }

    @Test
    void aCutReportsTheExchangeInHandAsNotWhole() {
        Exchange ex = new Exchange(KeepAlivePolicyTest.V11_FOR_TESTS, 0, ExchangePhase.RELAYING);
        var generator = new org.kamaelia.http.codec.response.ResponseGenerator(
                new org.kamaelia.http.codec.response.ResponseEncoder(
                        org.kamaelia.http.codec.response.DateCache.system(), java.util.Optional.empty()),
                chunk -> {});
        generator.reset(ex.head);
        end.cut("a test", ex, generator, 10);
        end.cut("a test", null, generator, 10);
        harness.runUntilIdle();
        assertThat(observer.calls).containsExactly("started GET none", "completed 500 cut");
        assertThat(connection.drain()).hasSize(2).allMatch(s -> s instanceof ShutdownRequested);
    }

    @Test
    void cancellingCallsTheIdleTimerOff() {
        end.nextRequestPart(requests.inbox);
        assertThat(time.armed()).isEqualTo(1);
        end.cancel();
        assertThat(time.armed()).isZero();
    }
}
