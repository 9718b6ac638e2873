package org.kamaelia.http.protocol;

import java.time.Duration;
import org.kamaelia.http.component.Cancellable;

/**
 * A deadline {@code limit} after the moment it was last started, kept with one timer at a time: starting it again
 * only moves the moment, and the timer, when it fires, re-arms for what is left or reports the deadline passed.
 *
 * <p>A keep-alive connection starts its idle and head deadlines once per request; cancelling and making a timer
 * each time would cost an allocation and a heap operation per request, a re-check every {@code limit} costs
 * neither. Runs on its component's loop only.
 *
 * <p>The deadline is itself its timer's action ({@link #run()} is the check), so an idle connection's two deadlines
 * hold no lambda objects besides what they report to: every connection keeps them for its whole life.
 */
final class MovingDeadline implements Runnable {
    private final long limitNanos;
    private final LoopTime time;
    private final Runnable passed;
    private Cancellable timer;
    private boolean running;
    private long since;

    /** A deadline of {@code limit}, timed by {@code time}, that runs {@code passed} when it passes. */
    MovingDeadline(Duration limit, LoopTime time, Runnable passed) {
        this.limitNanos = limit.toNanos();
        this.time = time;
        this.passed = passed;
    }

    /** Runs the deadline from now (again, if it was running); arms a timer only if none is armed. */
    void start() {
        since = time.now();
        running = true;
        if (timer == null) {
            timer = time.after(Duration.ofNanos(limitNanos), this);
        }
    }

    /** Stops the deadline; its timer, if armed, finds it stopped when it fires and is not re-armed. */
    void stop() {
        running = false;
    }

    /** Whether the deadline is running: started, and neither stopped, cancelled nor passed since. */
    boolean running() {
        return running;
    }

    /** Stops the deadline and calls its timer off, for a component that ends; cancelling twice has no effect. */
    void cancel() {
        running = false;
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    /** The timer's check: re-arms for what is left, or reports the deadline passed. Not for callers. */
    @Override
    public void run() {
        timer = null;
        if (!running) {
            return;
        }
        long left = limitNanos - (time.now() - since);
        if (left > 0) {
            timer = time.after(Duration.ofNanos(left), this);
        } else {
            running = false;
            passed.run();
        }
    }
}
