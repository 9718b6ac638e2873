package org.kamaelia.http.codec.response;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.kamaelia.http.message.HttpDates;

/**
 * The {@code Date} header line (RFC 9110 section 6.6.1), formatted at most once per second and shared by all
 * threads.
 */
public final class DateCache {
    private final Clock clock;
    private volatile Entry current = new Entry(Long.MIN_VALUE, new byte[0]);

    private record Entry(long second, byte[] line) {}

    /** A cache reading {@code clock}. */
    public DateCache(Clock clock) {
        this.clock = clock;
    }

    /** A cache reading the system clock in UTC. */
    public static DateCache system() {
        return new DateCache(Clock.systemUTC());
    }

    /** {@code Date: <IMF-fixdate>\r\n} for the current second, as bytes; callers must not change them. */
    public byte[] line() {
        long now = clock.millis() / 1000;
        Entry entry = current;
        if (entry.second != now) {
            String text = "Date: " + HttpDates.formatEpochSecond(now) + "\r\n";
            entry = new Entry(now, text.getBytes(StandardCharsets.US_ASCII));
            current = entry;
        }
        return entry.line;
    }
}
