package org.kamaelia.http.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SchedulerTest {
    private final Scheduler scheduler = Scheduler.start("test", 2);

    @AfterEach
    void close() {
        scheduler.close();
    }

    /** Counts how many threads are inside it at once; any overlap is a broken guarantee. */
    static final class Guarded extends Component {
        final Inbox<Integer> inbox = newInbox("inbox", "numbers from many threads", 1_000_000);
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger maxInside = new AtomicInteger();
        final AtomicLong received = new AtomicLong();
        long plainCounter;

        @Override
        protected void onStart() {
            tick();
        }

        private void tick() {
            enter();
            try {
                plainCounter++;
            } finally {
                inside.decrementAndGet();
            }
            runAfter(Duration.ofMillis(1), this::tick);
        }

        private void enter() {
            int now = inside.incrementAndGet();
            maxInside.accumulateAndGet(now, Math::max);
        }

        @Override
        protected void react() {
            enter();
            try {
                for (Integer i; (i = inbox.poll()) != null; ) {
                    plainCounter++;
                    received.incrementAndGet();
                    if (i % 64 == 0) {
                        Thread.yield(); // widen any window for a second thread to enter
                    }
                }
            } finally {
                inside.decrementAndGet();
            }
        }
    }

    @Test
    void aComponentIsNeverRunByTwoThreadsAtOnceAndCrossThreadDeliveryLosesNothing() throws Exception {
        Guarded guarded = scheduler.activate(new Guarded());
        int threads = 8;
        int perThread = 20_000;
        List<Thread> senders = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            ComponentHarness.Sender<Integer> sender = new ComponentHarness.Sender<>();
            Component.link(sender.outbox, guarded.inbox);
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    sender.outbox.send(i);
                    if (i % 1000 == 0) {
                        guarded.wake(); // extra wake-ups from foreign threads must not cause overlap
                    }
                }
            });
            senders.add(thread);
            thread.start();
        }
        go.countDown();
        for (Thread thread : senders) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }

        Conditions.await("all messages received", () -> guarded.received.get() == (long) threads * perThread);
        assertThat(guarded.maxInside.get()).isEqualTo(1);
    }

    static final class Failing extends Component {
        final Inbox<String> inbox = newInbox("inbox", "'boom' throws");

        @Override
        protected void react() {
            if ("boom".equals(inbox.poll())) {
                throw new IllegalStateException("boom");
            }
        }
    }

    static final class Echo extends Component {
        final Inbox<String> inbox = newInbox("inbox", "text");
        final List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        protected void react() {
            for (String s; (s = inbox.poll()) != null; ) {
                seen.add(s);
            }
        }
    }

    @Test
    void aFailingComponentDoesNotStopItsLoop() {
        EventLoop loop = scheduler.loops().get(0);
        Failing failing = new Failing();
        Echo echo = new Echo();
        loop.activate(failing);
        loop.activate(echo);
        ComponentHarness.Sender<String> toFailing = new ComponentHarness.Sender<>();
        ComponentHarness.Sender<String> toEcho = new ComponentHarness.Sender<>();
        Component.link(toFailing.outbox, failing.inbox);
        Component.link(toEcho.outbox, echo.inbox);

        toFailing.outbox.send("boom");
        Conditions.await("failing component ended", () -> failing.state() == ComponentState.FINISHED);
        toEcho.outbox.send("after");

        Conditions.await("loop still serves others", () -> echo.seen.contains("after"));
        assertThat(failing.failure()).hasMessage("boom");
    }

    static final class BlockingDoubler extends ThreadedComponent {
        final Inbox<Integer> inbox = newInbox("inbox", "numbers to double", 4);
        final Outbox<Integer> outbox = newOutbox("outbox", "doubled numbers");
        final AtomicInteger doubled = new AtomicInteger();

        @Override
        protected void body() throws Exception {
            while (true) {
                Optional<Integer> next = receive(inbox, Duration.ofSeconds(20));
                if (next.isEmpty() || next.get() < 0) {
                    return;
                }
                put(outbox, next.get() * 2);
                doubled.incrementAndGet();
            }
        }
    }

    static final class SlowSink extends Component {
        final Inbox<Integer> inbox = newInbox("inbox", "numbers, taken when the test allows", 2);
        final List<Integer> taken = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile int allowance;

        @Override
        protected void react() {
            while (allowance > 0 && !inbox.isEmpty()) {
                taken.add(inbox.poll());
                allowance--;
            }
        }

        void allow(int n) {
            runOnLoop(() -> {
                allowance += n;
                react();
            });
        }
    }

    @Test
    void aThreadedComponentBlocksOnAFullDestinationAndFinishesWhenItsBodyReturns() {
        EventLoop loop = scheduler.loops().get(1);
        BlockingDoubler doubler = new BlockingDoubler();
        SlowSink sink = new SlowSink();
        ComponentHarness.Sender<Integer> source = new ComponentHarness.Sender<>();
        Component.link(source.outbox, doubler.inbox);
        Component.link(doubler.outbox, sink.inbox);
        loop.activate(source);
        loop.activate(sink);
        loop.activate(doubler);

        loop.execute(() -> {
            for (int i = 1; i <= 4; i++) {
                source.outbox.send(i);
            }
        });
        // The sink takes nothing yet: the doubler fills it (2) and then blocks in put().
        Conditions.await("doubler blocked on the full sink", () -> doubler.doubled.get() == 2);
        assertThat(sink.taken).isEmpty();

        sink.allow(10);
        Conditions.await("all doubled", () -> sink.taken.size() == 4);
        assertThat(sink.taken).containsExactly(2, 4, 6, 8);

        loop.execute(() -> source.outbox.send(-1));
        Conditions.await("body returned, component finished", () -> doubler.state() == ComponentState.FINISHED);
    }

    @Test
    void stoppingAThreadedComponentReleasesItsBlockedBody() {
        BlockingDoubler doubler = scheduler.activate(new BlockingDoubler());
        Conditions.await("started", () -> doubler.state() == ComponentState.RUNNING);
        doubler.stop();
        Conditions.await("finished", () -> doubler.state() == ComponentState.FINISHED);
        assertThat(doubler.failure()).isNull();
    }

    @Test
    void describesLiveComponentsAcrossLoops() {
        Echo a = scheduler.activate(new Echo());
        Echo b = scheduler.activate(new Echo());
        Conditions.await("running", () -> a.state() == ComponentState.RUNNING && b.state() == ComponentState.RUNNING);
        GraphDescription graph = scheduler.describe();
        assertThat(graph.components()).extracting(ComponentDescription::id).contains(a.id(), b.id());
    }

    @Test
    void anIdleLoopDoesNotWakeUp() {
        Echo idle = scheduler.activate(new Echo());
        Conditions.await("running", () -> idle.state() == ComponentState.RUNNING);
        List<EventLoop> loops = scheduler.loops();
        LoopWakeUps wakeUps = LoopWakeUps.afterSettling(loops);
        CountDownLatch pause = new CountDownLatch(1);
        try {
            pause.await(300, TimeUnit.MILLISECONDS); // an observation window, not a synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (int i = 0; i < loops.size(); i++) {
            assertThat(wakeUps.since(i)).as("loop %d woke while idle", i).isZero();
        }
    }
}
