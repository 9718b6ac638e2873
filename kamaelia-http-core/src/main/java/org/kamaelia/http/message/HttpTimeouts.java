package org.kamaelia.http.message;

import java.time.Duration;
import java.util.Objects;

/**
 * The deadlines of an HTTP connection; each close they cause records {@code timeout} as its reason.
 *
 * @param header how long a client may take to send a whole request head, from its first byte (and, for the
 *     first request, from the connection's opening); a client that trickles its head is cut off
 * @param idle how long a keep-alive connection may wait for its next request
 * @param body how long a request body may stall (no bytes while the server is ready for more)
 * @param write how long queued output may make no progress because the client does not read
 */
public record HttpTimeouts(Duration header, Duration idle, Duration body, Duration write) {

    /** Validates the values. */
    public HttpTimeouts {
        for (Duration d : new Duration[] {header, idle, body, write}) {
            Objects.requireNonNull(d, "timeout");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive, got " + d);
            }
        }
    }

    /** 10 s for the head, 60 s idle, 30 s body stall, 30 s write stall. */
    public static HttpTimeouts defaults() {
        return new HttpTimeouts(
                Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(30));
    }

    /** A copy with another header deadline. */
    public HttpTimeouts withHeader(Duration d) {
        return new HttpTimeouts(d, idle, body, write);
    }

    /** A copy with another idle deadline. */
    public HttpTimeouts withIdle(Duration d) {
        return new HttpTimeouts(header, d, body, write);
    }

    /** A copy with another body-stall deadline. */
    public HttpTimeouts withBody(Duration d) {
        return new HttpTimeouts(header, idle, d, write);
    }

    /** A copy with another write-stall deadline. */
    public HttpTimeouts withWrite(Duration d) {
        return new HttpTimeouts(header, idle, body, d);
    }
}
