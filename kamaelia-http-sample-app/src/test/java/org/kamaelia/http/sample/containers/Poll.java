package org.kamaelia.http.sample.containers;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits for a condition, probing it until it holds or a deadline passes: the container tests wait for states
 * (a probe answering, HAProxy reporting a server UP), never for a fixed time.
 */
final class Poll {
    /** Between two probes; short against every deadline, long enough not to burn the two shared cores. */
    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** A condition that may throw while it does not hold yet (a refused connection, say). */
    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    private Poll() {}

    /** Returns once {@code condition} holds; fails with {@code what} and the last probe's error after {@code timeout}. */
    static void until(String what, Duration timeout, Condition condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (true) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what, e);
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + timeout + ": " + what, last);
            }
            pause();
        }
    }

    /**
     * The gap between two probes of a polling loop. It only paces the loop: what the loop waits for is always a
     * condition it probes again after the pause.
     */
    static void pause() {
        LockSupport.parkNanos(PAUSE_NANOS);
    }
}
