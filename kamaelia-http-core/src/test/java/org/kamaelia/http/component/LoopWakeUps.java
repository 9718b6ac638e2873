package org.kamaelia.http.component;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** Counts event-loop wake-ups from a settled baseline, for tests that prove idle loops stay asleep. */
public final class LoopWakeUps {
    private final List<EventLoop> loops;
    private final long[] baseline;

    private LoopWakeUps(List<EventLoop> loops, long[] baseline) {
        this.loops = loops;
        this.baseline = baseline;
    }

    /**
     * How long the counters must stay still before they are the baseline: longer than a loop needs to finish a
     * wake-up it has begun, so that a late one is not taken for a wake-up while idle.
     */
    private static final long STILL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /**
     * Waits until every loop has run at least once (its thread started and reached its selector) and the wake-up
     * counters have not moved for 50 ms, and takes them as the baseline. A loop thread that had
     * not started yet would otherwise count its first pass as a wake-up.
     */
    public static LoopWakeUps afterSettling(List<EventLoop> loops) {
        long[] last = new long[loops.size()];
        long[] stillSince = {System.nanoTime()};
        Conditions.await("loops settle", () -> {
            boolean same = true;
            boolean allStarted = true;
            for (int i = 0; i < loops.size(); i++) {
                long now = loops.get(i).iterations();
                same &= now == last[i];
                allStarted &= now > 0;
                last[i] = now;
            }
            long at = System.nanoTime();
            if (!same || !allStarted) {
                stillSince[0] = at;
                return false;
            }
            return at - stillSince[0] >= STILL_NANOS;
        });
        return new LoopWakeUps(loops, last);
    }

    /** Wake-ups of loop {@code index} since the baseline. */
    public long since(int index) {
        return loops.get(index).iterations() - baseline[index];
    }

    /** Wake-ups of all the loops since the baseline. */
    public long since() {
        long total = 0;
        for (int i = 0; i < loops.size(); i++) {
            total += since(i);
        }
        return total;
    }
}
