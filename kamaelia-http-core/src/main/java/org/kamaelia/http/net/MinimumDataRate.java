package org.kamaelia.http.net;

import java.time.Duration;
import java.util.Objects;

/**
 * The slowest a peer may move data while the server waits on it: a request body the server is ready to read, or
 * response bytes queued for a client that does not take them. A peer below the rate over a whole grace period is
 * disconnected, so a trickle of one byte every few seconds cannot hold a connection for ever (the stall deadlines
 * alone only catch a peer that moves nothing at all).
 *
 * @param bytesPerSecond the least average rate over each grace period; 0 turns the check off
 * @param gracePeriod how long a peer may be below the rate before it is disconnected, and the length of each
 *     period over which the rate is measured
 */
public record MinimumDataRate(long bytesPerSecond, Duration gracePeriod) {
    /** Kestrel's defaults for both directions: {@value #DEFAULT_BYTES_PER_SECOND} bytes/s after a 5 s grace. */
    public static final long DEFAULT_BYTES_PER_SECOND = 240;

    /** No minimum: only the stall deadlines apply. */
    public static final MinimumDataRate NONE = new MinimumDataRate(0, Duration.ofSeconds(5));

    /** Validates the values. */
    public MinimumDataRate {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("bytesPerSecond must not be negative, got " + bytesPerSecond);
        }
        Objects.requireNonNull(gracePeriod, "gracePeriod");
        if (gracePeriod.isNegative() || gracePeriod.isZero()) {
            throw new IllegalArgumentException("gracePeriod must be positive, got " + gracePeriod);
        }
    }

    /** {@value #DEFAULT_BYTES_PER_SECOND} bytes/s after a 5 s grace period. */
    public static MinimumDataRate defaults() {
        return new MinimumDataRate(DEFAULT_BYTES_PER_SECOND, Duration.ofSeconds(5));
    }

    /** Whether the rate is checked at all. */
    public boolean enabled() {
        return bytesPerSecond > 0;
    }
}
