package org.kamaelia.http.observe.access;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.kamaelia.http.message.Framing;
import org.kamaelia.http.message.HttpVersion;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.RequestTarget;
import org.kamaelia.http.observe.RequestLog;

/**
 * The bounded queue between the event loops and the access log's writer thread: many producers, one consumer,
 * and nothing allocated per line. A slot holds what a line can write of one exchange, copied out of the report of
 * its end on the event loop: numbers in one array, references in another, each slot's values side by side, so
 * that the writer reads a few consecutive cache lines per line instead of following the report to its head,
 * target, header fields and client address, which have left its cache by the time it runs.
 *
 * <p>A producer claims an index with one compare-and-set, fills the slot, then publishes the report with a release
 * store; the consumer reads the report with an acquire load, so the slot's values are visible to it, and clears
 * the slot before it gives the index back. A claimed slot whose report is not published yet reads as empty: the
 * writer comes back to it on its next pass.
 *
 * <p>{@link #close()} sets a bit in the claim counter with the same atomic step producers claim with, so every
 * line is either claimed before it (and accounted for by what {@code close} returns) or refused after it.
 */
final class EndReportQueue {
    // numbers per slot: start, duration, bytes out, bytes in, connection id, status and flags
    private static final int NUMBERS = 6;
    private static final long COMPLETED = 1L << 32;
    private static final long PARSED = 1L << 33;
    // references per slot before the header values: client, method, route, framing, trace id, target, version
    private static final int REFERENCES = 7;
    // set in the claim counter once the queue is closed: no index can be claimed after it
    private static final long CLOSED = 1L << 62;

    private final int capacity;
    private final int mask;
    private final AtomicReferenceArray<RequestLog> reports;
    private final long[] numbers;
    private final Object[] references;
    private final int referencesPerSlot;
    private final List<String> headerNames; // what each entry keeps of its head's fields
    private final String[] names; // the same, for the loop's lookups without a list's indirection
    private final AtomicLong claimed = new AtomicLong(); // next index a producer takes
    private final AtomicLong consumed = new AtomicLong(); // next index the consumer reads; only it writes this

    EndReportQueue(int capacity, List<String> headerNames) {
        this.capacity = capacity;
        int size = Integer.highestOneBit(Math.max(1, capacity - 1)) << 1;
        this.mask = size - 1;
        this.reports = new AtomicReferenceArray<>(size);
        this.numbers = new long[size * NUMBERS];
        this.headerNames = headerNames;
        this.names = headerNames.toArray(new String[0]);
        this.referencesPerSlot = REFERENCES + names.length;
        this.references = new Object[size * referencesPerSlot];
    }

    /**
     * Queues one line's facts; false, queuing nothing, when {@code capacity} lines are already waiting or the queue
     * is closed.
     */
    boolean offer(RequestLog report, long startMillis, String traceId) {
        long index;
        do {
            index = claimed.get();
            if ((index & CLOSED) != 0 || index - consumed.get() >= capacity) {
                return false;
            }
        } while (!claimed.compareAndSet(index, index + 1));
        int slot = (int) index & mask;
        RequestHead head = report.head();
        int n = slot * NUMBERS;
        numbers[n] = startMillis;
        numbers[n + 1] = report.durationNanos();
        numbers[n + 2] = report.bytesOut();
        numbers[n + 3] = report.bytesIn();
        numbers[n + 4] = report.connection().id();
        numbers[n + 5] =
                (report.status() & 0xffff_ffffL) | (report.completed() ? COMPLETED : 0) | (head != null ? PARSED : 0);
        int r = slot * referencesPerSlot;
        Object[] refs = references;
        refs[r] = report.origin().remote();
        refs[r + 1] = report.method();
        refs[r + 2] = report.route();
        refs[r + 3] = report.framing();
        refs[r + 4] = traceId;
        if (head != null) {
            refs[r + 5] = head.target();
            refs[r + 6] = head.version();
            for (int h = 0; h < names.length; h++) {
                refs[r + REFERENCES + h] = head.headers().firstOr(names[h], null);
            }
        }
        reports.lazySet(slot, report); // publishes the plain writes above with it
        return true;
    }

    /** The entry at the head, removed, or null when there is none ready. */
    AccessLogEntry poll() {
        long index = consumed.get();
        int slot = (int) index & mask;
        RequestLog report = reports.get(slot);
        if (report == null) {
            return null;
        }
        int n = slot * NUMBERS;
        int r = slot * referencesPerSlot;
        Object[] refs = references;
        long flags = numbers[n + 5];
        String[] headerValues = new String[names.length];
        for (int h = 0; h < headerValues.length; h++) {
            headerValues[h] = (String) refs[r + REFERENCES + h];
        }
        AccessLogEntry entry = new AccessLogEntry(
                report,
                numbers[n],
                numbers[n + 1],
                numbers[n + 2],
                numbers[n + 3],
                numbers[n + 4],
                (int) flags,
                (flags & COMPLETED) != 0,
                (InetSocketAddress) refs[r],
                (String) refs[r + 1],
                (String) refs[r + 2],
                (Framing) refs[r + 3],
                (flags & PARSED) != 0,
                (RequestTarget) refs[r + 5],
                (HttpVersion) refs[r + 6],
                headerNames,
                headerValues,
                (String) refs[r + 4]);
        // what the slot points to must not outlive the line (the arrays are old; their references would keep
        // the request's objects alive through collections)
        Arrays.fill(refs, r, r + referencesPerSlot, null);
        reports.lazySet(slot, null);
        consumed.lazySet(index + 1); // after the slot is cleared: a producer may reuse it from here on
        return entry;
    }

    /** Lines waiting, published or about to be. */
    int size() {
        return (int) Math.max(0, (claimed.get() & ~CLOSED) - consumed.get());
    }

    /**
     * Refuses every later offer and returns how many lines were claimed before and not taken by {@link #poll()}
     * yet, published or not: what will never be written once the consumer stops. For the consumer's thread.
     */
    long close() {
        long claimedBefore = claimed.getAndUpdate(index -> index | CLOSED) & ~CLOSED;
        return claimedBefore - consumed.get();
    }
}
