package org.kamaelia.http.observe.access;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.kamaelia.http.observe.RequestLog;

/**
 * The bounded queue between the event loops and the access log's writer thread: many producers, one consumer,
 * and nothing allocated per line. Each slot holds a request's end report, the wall-clock time its head arrived
 * and its trace id, in parallel arrays.
 *
 * <p>A producer claims an index with one compare-and-set, fills the slot's time and trace id, then publishes the
 * report with a release store; the consumer reads the report with an acquire load, so the other two are visible
 * to it, and clears the slot before it gives the index back. A claimed slot whose report is not published yet
 * reads as empty: the writer comes back to it on its next pass.
 */
final class EndReportQueue {
    private final int capacity;
    private final int mask;
    private final AtomicReferenceArray<RequestLog> reports;
    private final long[] startMillis;
    private final String[] traceIds;
    private final List<String> headerNames; // what each entry keeps of its head's fields
    private final AtomicLong claimed = new AtomicLong(); // next index a producer takes
    private final AtomicLong consumed = new AtomicLong(); // next index the consumer reads; only it writes this

    EndReportQueue(int capacity, List<String> headerNames) {
        this.capacity = capacity;
        int size = Integer.highestOneBit(Math.max(1, capacity - 1)) << 1;
        this.mask = size - 1;
        this.reports = new AtomicReferenceArray<>(size);
        this.startMillis = new long[size];
        this.traceIds = new String[size];
        this.headerNames = headerNames;
    }

    /** Queues one line's facts; false, queuing nothing, when {@code capacity} lines are already waiting. */
    boolean offer(RequestLog report, long startMillis, String traceId) {
        long index;
        do {
            index = claimed.get();
            if (index - consumed.get() >= capacity) {
                return false;
            }
        } while (!claimed.compareAndSet(index, index + 1));
        int slot = (int) index & mask;
        this.startMillis[slot] = startMillis;
        traceIds[slot] = traceId;
        reports.lazySet(slot, report); // publishes the two plain writes above with it
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
        AccessLogEntry entry = new AccessLogEntry(report, startMillis[slot], headerNames, traceIds[slot]);
        traceIds[slot] = null;
        reports.lazySet(slot, null);
        consumed.lazySet(index + 1); // after the slot is cleared: a producer may reuse it from here on
        return entry;
    }

    /** Lines waiting, published or about to be. */
    int size() {
        return (int) Math.max(0, claimed.get() - consumed.get());
    }
}
