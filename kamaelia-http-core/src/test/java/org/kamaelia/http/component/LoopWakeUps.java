package org.kamaelia.http.component;

import java.util.List;

/** Counts event-loop wake-ups from a settled baseline, for tests that prove idle loops stay asleep. */
public final class LoopWakeUps {
    private final List<EventLoop> loops;
    private final long[] baseline;

    private LoopWakeUps(List<EventLoop> loops, long[] baseline) {
        this.loops = loops;
        this.baseline = baseline;
    }

    /** Waits until the loops' wake-up counters stop moving between two reads, and takes them as the baseline. */
    public static LoopWakeUps afterSettling(List<EventLoop> loops) {
        long[] last = new long[loops.size()];
        Conditions.await("loops settle", () -> {
            boolean same = true;
            for (int i = 0; i < loops.size(); i++) {
                long now = loops.get(i).iterations();
                same &= now == last[i];
                last[i] = now;
            }
            return same;
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
