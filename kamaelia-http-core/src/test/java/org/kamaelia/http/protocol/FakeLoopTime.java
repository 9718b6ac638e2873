package org.kamaelia.http.protocol;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.kamaelia.http.component.Cancellable;

/** A loop clock the test moves by hand, with timers that fire only when it does; counts the timers made. */
final class FakeLoopTime implements LoopTime {
    private long now = 5_000_000_000L;
    private final List<Timer> timers = new ArrayList<>();
    int made;

    private static final class Timer implements Cancellable {
        final long due;
        final Runnable action;
        boolean cancelled;

        Timer(long due, Runnable action) {
            this.due = due;
            this.action = action;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    @Override
    public long now() {
        return now;
    }

    @Override
    public Cancellable after(Duration delay, Runnable action) {
        made++;
        Timer timer = new Timer(now + delay.toNanos(), action);
        timers.add(timer);
        return timer;
    }

    /** Moves the clock on by {@code delay}, running every timer that falls due on the way, in order. */
    void advance(Duration delay) {
        long target = now + delay.toNanos();
        while (true) {
            Timer next = null;
            for (Timer t : timers) {
                if (!t.cancelled && t.due <= target && (next == null || t.due < next.due)) {
                    next = t;
                }
            }
            if (next == null) {
                break;
            }
            timers.remove(next);
            now = Math.max(now, next.due);
            next.action.run();
        }
        now = target;
    }

    /** How many timers are armed and not cancelled. */
    long armed() {
        return timers.stream().filter(t -> !t.cancelled).count();
    }
}
