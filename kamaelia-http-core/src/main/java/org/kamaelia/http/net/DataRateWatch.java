package org.kamaelia.http.net;

/**
 * Measures, one grace period at a time, how fast a peer moves data while the server is waiting on it, and says
 * when it moved less than a {@link MinimumDataRate} allows. Time is passed in (nanoseconds of any monotonic
 * clock), so the owner decides when to check and tests need no clock.
 *
 * <p>Only time spent waiting on the peer counts: the owner calls {@link #waiting} when it starts to wait (nothing
 * left to decode of a body, or bytes queued that the socket would not take) and {@link #notWaiting} when it stops
 * for a reason of its own (the body ended, its reader is backed up, the queue drained). A period in which waiting
 * stopped does not count, so a slow application never gets its client disconnected.
 */
public final class DataRateWatch {
    /** What {@link #check} answers when the peer was too slow. */
    public static final long TOO_SLOW = 0;

    /** What {@link #check} answers when nothing is being waited on: no further check is needed. */
    public static final long IDLE = -1;

    private final long bytesPerSecond;
    private final long periodNanos;
    private boolean waiting;
    private long periodStart;
    private long bytesInPeriod;

    /** A watch enforcing {@code rate}, which must be {@link MinimumDataRate#enabled() enabled}. */
    public DataRateWatch(MinimumDataRate rate) {
        if (!rate.enabled()) {
            throw new IllegalArgumentException("the rate is turned off");
        }
        this.bytesPerSecond = rate.bytesPerSecond();
        this.periodNanos = rate.gracePeriod().toNanos();
    }

    /**
     * The server is waiting on the peer from {@code now}, if it was not already.
     *
     * @return whether this started a wait (the owner then schedules a {@link #check} after {@link #periodNanos()})
     */
    public boolean waiting(long now) {
        if (waiting) {
            return false;
        }
        waiting = true;
        periodStart = now;
        bytesInPeriod = 0;
        return true;
    }

    /** The server stopped waiting on the peer, for a reason of its own: the current period does not count. */
    public void notWaiting() {
        waiting = false;
    }

    /** Whether a wait is in progress. */
    public boolean isWaiting() {
        return waiting;
    }

    /** The peer moved {@code bytes}. */
    public void moved(long bytes) {
        bytesInPeriod += bytes;
    }

    /** The length of one period, in nanoseconds. */
    public long periodNanos() {
        return periodNanos;
    }

    /**
     * Checks the period that ends at {@code now}.
     *
     * @return {@link #TOO_SLOW} if the peer was waited on for a whole period and moved less than the rate in it;
     *     {@link #IDLE} if nothing is waited on; otherwise the nanoseconds until the next check
     */
    public long check(long now) {
        if (!waiting) {
            return IDLE;
        }
        long elapsed = now - periodStart;
        if (elapsed < periodNanos) {
            return periodNanos - elapsed;
        }
        double expected = (double) bytesPerSecond * elapsed / 1_000_000_000d;
        if (bytesInPeriod < expected) {
            return TOO_SLOW;
        }
        periodStart = now;
        bytesInPeriod = 0;
        return periodNanos;
    }
}
