package org.kamaelia.http.component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Hosts one component or a small graph on an event loop driven by the test thread, with a clock the test
 * moves: the role Netty's EmbeddedChannel plays. {@link #send} feeds an inbox, {@link #runUntilIdle()} runs
 * everything that is ready, {@link #collect} captures what an outbox sends.
 */
public final class ComponentHarness {
    private long now = 1_000_000_000L;
    private final EventLoop loop = new EventLoop("harness", Thread.currentThread(), () -> now);

    /** Starts {@code component} on the harness loop and runs until idle. */
    public <C extends Component> C start(C component) {
        loop.activate(component);
        runUntilIdle();
        return component;
    }

    /** Runs tasks, due timers and ready components until nothing is left to do. */
    public int runUntilIdle() {
        return loop.runUntilIdle();
    }

    /** Moves the clock on by {@code delay}, firing due timers, and runs until idle. */
    public void advance(Duration delay) {
        long target = now + delay.toNanos();
        while (true) {
            java.util.OptionalLong next = loop.nextTimerDeadline();
            if (next.isEmpty() || next.getAsLong() - target > 0) {
                break;
            }
            now = Math.max(now, next.getAsLong());
            runUntilIdle();
        }
        now = target;
        runUntilIdle();
    }

    /** The harness clock in nanoseconds. */
    public long nanoTime() {
        return now;
    }

    /** The loop the harness drives. */
    public EventLoop loop() {
        return loop;
    }

    /** A sender linked to {@code inbox}, started on the harness loop. */
    public <T> Sender<T> senderTo(Inbox<? super T> inbox) {
        Sender<T> sender = new Sender<>();
        Component.link(sender.outbox, inbox);
        start(sender);
        return sender;
    }

    /** Sends one message to {@code inbox} and runs until idle. */
    public <T> void send(Inbox<T> inbox, T message) {
        Sender<T> sender = senderTo(inbox);
        sender.outbox.send(message);
        runUntilIdle();
        sender.stop();
    }

    /** A collector that receives everything {@code outbox} sends, with room for {@code capacity} messages. */
    public <T> Collector<T> collect(Outbox<T> outbox, int capacity) {
        Collector<T> collector = new Collector<>(capacity);
        Component.link(outbox, collector.inbox);
        start(collector);
        return collector;
    }

    /** A collector with room for 100,000 messages. */
    public <T> Collector<T> collect(Outbox<T> outbox) {
        return collect(outbox, 100_000);
    }

    /** A component whose only job is to send what the test gives it. */
    public static final class Sender<T> extends Component {
        /** Messages from the test. */
        public final Outbox<T> outbox = newOutbox("outbox", "messages from the test");

        @Override
        protected void react() {
            control.clear();
        }
    }

    /** A component that keeps what it receives until the test takes it. */
    public static final class Collector<T> extends Component {
        /** Messages for the test. */
        public final Inbox<T> inbox;

        Collector(int capacity) {
            inbox = newInbox("inbox", "messages for the test", capacity);
        }

        @Override
        protected void react() {}

        /** Takes everything received so far. */
        public List<T> drain() {
            List<T> out = new ArrayList<>();
            for (T m; (m = inbox.poll()) != null; ) {
                out.add(m);
            }
            return out;
        }

        /** Takes up to {@code n} messages. */
        public List<T> take(int n) {
            List<T> out = new ArrayList<>();
            for (T m; out.size() < n && (m = inbox.poll()) != null; ) {
                out.add(m);
            }
            return out;
        }

        /** Takes the signals that arrived on this collector's control box. */
        public List<Signal> signals() {
            List<Signal> out = new ArrayList<>();
            for (Signal s; (s = control.poll()) != null; ) {
                out.add(s);
            }
            return out;
        }
    }
}
