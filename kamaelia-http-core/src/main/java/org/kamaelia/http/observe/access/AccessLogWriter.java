package org.kamaelia.http.observe.access;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.net.ConnectionInfo;
import org.kamaelia.http.observe.HttpObserver;
import org.kamaelia.http.observe.RequestLog;

/**
 * The running access log of one server: an {@link HttpObserver} that turns each completed exchange into an
 * {@link AccessLogEntry}, and the one background thread that formats the entries and writes the lines to the
 * {@link AccessLogSink}. {@code HttpServer.Builder.accessLog} makes one; the server stops it.
 *
 * <pre>
 *   event loops --requestCompleted--> bounded lock-free queue of end reports --> writer thread
 *                                     (full: dropped, counted)                    entry, format, sink.write
 * </pre>
 *
 * <p>The report of a request's end carries its head (immutable), so the line's target, version and header
 * fields are read from it on the writer thread; only a trace id, when asked for, is read as the request starts.
 *
 * <p>Threading: the observer methods run on event loops, never block, never format and allocate nothing (the loop
 * puts the end report in a slot of a lock-free queue made when the log starts); the writer parks when the queue
 * is empty, so that the loops never have to wake it. {@link #close()} writes what is queued, flushes the sink and stops the thread.
 */
public final class AccessLogWriter implements HttpObserver, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AccessLogWriter.class.getName());
    // At most this many lines per pass of the writer, between its checks for drops and closing.
    private static final int BATCH = 256;
    // How long the writer rests once it has caught up (a loop never wakes it): long enough that waking costs little
    // (each wake-up is a context switch on a core the loops may share), short enough that lines arriving at the
    // rate of the last rest fill at most a quarter of the queue meanwhile.
    private static final long LONGEST_REST_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long SHORTEST_REST_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
    private static final long DROP_WARNING_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final AccessLog settings;
    private final EndReportQueue queue;
    // Keyed by connection id (a connection serves one request at a time); used only when trace ids are asked for.
    private final ConcurrentHashMap<Long, String> traceIds = new ConcurrentHashMap<>();
    private final LongAdder dropped = new LongAdder();
    private final Thread thread;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean closing;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();

    private AccessLogWriter(AccessLog settings, String threadName) {
        this.settings = settings;
        this.queue =
                new EndReportQueue(settings.queueCapacity(), settings.format().headerNames());
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true); // the server's stop ends it; it must not keep a JVM alive on its own
    }

    /** Starts the writer thread of an access log with {@code settings}, naming the thread {@code threadName}. */
    public static AccessLogWriter start(AccessLog settings, String threadName) {
        AccessLogWriter writer =
                new AccessLogWriter(Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(threadName));
        writer.thread.start();
        return writer;
    }

    /** The settings it writes with. */
    public AccessLog settings() {
        return settings;
    }

    /** Lines dropped because the queue was full (or arrived after {@link #close()}). */
    public long dropped() {
        return dropped.sum();
    }

    /** Lines handed to the sink. */
    public long written() {
        return written.get();
    }

    /** Lines the sink or the format threw on (each logged once a minute at most, as a warning). */
    public long failed() {
        return failed.get();
    }

    /** Lines waiting for the writer. */
    public int queued() {
        return queue.size();
    }

    @Override
    public void requestStarted(ConnectionInfo connection, RequestHead head, String route) {
        // Only a trace id has to be read now, while the request's observation is current; the rest of the line
        // comes from the report of its end, head included.
        if (settings.traceIds() != AccessLogTraceIds.NONE) {
            Optional<String> found = settings.traceIds().traceId(connection, head);
            String traceId = found == null ? null : found.orElse(null);
            if (traceId != null) {
                traceIds.put(connection.id(), traceId);
            }
        }
    }

    @Override
    public void requestCompleted(RequestLog request) {
        String traceId =
                traceIds.isEmpty() ? null : traceIds.remove(request.connection().id());
        long startMillis = System.currentTimeMillis() - request.durationNanos() / 1_000_000;
        // Lock-free and allocation-free: a loop never waits for the writer, even when the writer was preempted
        // mid-drain on a busy core; the entry is made on the writer thread.
        if (!queue.offer(request, startMillis, traceId)) { // full, or closed
            dropped.increment();
        }
    }

    /**
     * Writes the lines still queued, flushes the sink and stops the writer thread, waiting for it (up to ten
     * seconds). Lines that arrive later are dropped. Closing a closed log has no effect.
     */
    @Override
    public void close() {
        CompletableFuture<Void> done = closeAsync();
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            done.get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.WARNING, () -> thread.getName() + ": the access log did not finish writing in " + CLOSE_WAIT);
        }
    }

    /**
     * Starts closing and returns at once, without blocking the caller (an event loop, say): the future completes
     * on the writer thread once the queued lines are written and the sink flushed. Calling it again returns the
     * same future.
     */
    public CompletableFuture<Void> closeAsync() {
        closing = true;
        LockSupport.unpark(thread);
        return finished;
    }

    private void run() {
        try {
            writeUntilClosed();
        } finally {
            // What a loop offered after the last pass will never be written. Closing the queue counts every such
            // line, published or still being filled, and refuses the later ones (which requestCompleted counts).
            dropped.add(queue.close());
            long lost = dropped.sum();
            if (lost > 0) {
                LOG.log(
                        Level.WARNING,
                        () -> thread.getName() + ": " + lost + " access log lines were dropped in all"
                                + " (the queue of " + settings.queueCapacity()
                                + " was full, or they came as it closed)");
            }
            finished.complete(null);
        }
    }

    private void writeUntilClosed() {
        List<AccessLogEntry> batch = new ArrayList<>(BATCH);
        StringBuilder line = new StringBuilder(256);
        AccessLogFormat.WriterTexts time = new AccessLogFormat.WriterTexts(ZoneId.systemDefault());
        AccessLogFormat format = settings.format();
        AccessLogSink sink = settings.sink();
        long droppedWarned = 0;
        long lastWarning = System.nanoTime() - DROP_WARNING_INTERVAL_NANOS;
        long lastFailureWarning = lastWarning;
        boolean flushed = true;
        long wokeAt = System.nanoTime();
        long linesSinceWake = 0;
        while (true) {
            // Read before draining, so that every line queued before close() was called is written.
            boolean last = closing;
            int taken = 0;
            for (AccessLogEntry next; taken < BATCH && (next = queue.poll()) != null; taken++) {
                batch.add(next);
            }
            for (int i = 0; i < taken; i++) {
                line.setLength(0);
                try {
                    format.formatTo(batch.get(i), line, time);
                    sink.write(line.toString());
                    written.incrementAndGet();
                } catch (RuntimeException e) {
                    failed.incrementAndGet();
                    long now = System.nanoTime();
                    if (now - lastFailureWarning >= DROP_WARNING_INTERVAL_NANOS) {
                        lastFailureWarning = now;
                        LOG.log(Level.WARNING, thread.getName() + ": could not write an access log line", e);
                    }
                }
            }
            batch.clear();
            linesSinceWake += taken;
            if (taken > 0) {
                flushed = false;
            }
            long lost = dropped.sum();
            if (lost > droppedWarned && System.nanoTime() - lastWarning >= DROP_WARNING_INTERVAL_NANOS) {
                long since = lost - droppedWarned;
                droppedWarned = lost;
                lastWarning = System.nanoTime();
                LOG.log(
                        Level.WARNING,
                        () -> thread.getName() + ": dropped " + since + " access log lines: the queue of "
                                + settings.queueCapacity() + " was full (lines come faster than the sink takes them)");
            }
            if (taken == BATCH) {
                continue;
            }
            if (taken == 0 && last) {
                break;
            }
            if (taken == 0 && !flushed) {
                flush(sink);
                flushed = true;
            }
            long now = System.nanoTime();
            LockSupport.parkNanos(this, restNanos(linesSinceWake, now - wokeAt, settings.queueCapacity()));
            wokeAt = now;
            linesSinceWake = 0;
        }
        flush(sink);
    }

    /**
     * How long to rest after {@code lines} came in {@code nanos}: at that rate a quarter of a queue of
     * {@code capacity} fills in the rest, within the shortest and longest rests.
     */
    static long restNanos(long lines, long nanos, int capacity) {
        if (lines <= 0) {
            return LONGEST_REST_NANOS;
        }
        double quarterFills = (double) nanos * Math.max(1, capacity / 4) / lines;
        return (long) Math.max(SHORTEST_REST_NANOS, Math.min(LONGEST_REST_NANOS, quarterFills));
    }

    private void flush(AccessLogSink sink) {
        try {
            sink.flush();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, thread.getName() + ": could not flush the access log", e);
        }
    }
}
