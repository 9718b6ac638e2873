package org.kamaelia.http.observe.access;

import java.util.Objects;

/**
 * The settings of a server's access log: the format of its lines, where they go, how many may wait to be
 * written, and where trace ids come from. Immutable; each {@code with} method returns a changed copy.
 *
 * <pre>{@code
 * HttpServer server = HttpServer.builder()
 *         .accessLog(AccessLog.combined())                          // or common(), json(), pattern("...")
 *         .route("/hello", hello)
 *         .start();
 *
 * AccessLog.pattern("%h %t \"%r\" %s %b %D").withSink(line -> audit.info(line)).withQueueCapacity(65_536);
 * }</pre>
 *
 * <p>See {@link AccessLogFormat} for the formats and pattern codes, and docs/access-log.md.
 *
 * @param format how each line is written
 * @param sink where lines go; {@link AccessLogSink#systemLogger()} by default
 * @param queueCapacity how many lines may wait for the writer thread; more are dropped and counted (default
 *     {@value #DEFAULT_QUEUE_CAPACITY})
 * @param traceIds where each request's trace id comes from; {@link AccessLogTraceIds#NONE} by default
 */
public record AccessLog(AccessLogFormat format, AccessLogSink sink, int queueCapacity, AccessLogTraceIds traceIds) {
    /** Lines that may wait for the writer by default: over 50 ms of requests at 100,000 a second. */
    public static final int DEFAULT_QUEUE_CAPACITY = 8192;

    /**
     * The largest queue: its slots are made when the log starts (80 bytes each, and 4 more per header field the
     * format writes), so that no line allocates any on an event loop.
     */
    public static final int MAX_QUEUE_CAPACITY = 1 << 20;

    /** Checks the settings. */
    public AccessLog {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(traceIds, "traceIds");
        if (queueCapacity < 1 || queueCapacity > MAX_QUEUE_CAPACITY) {
            throw new IllegalArgumentException(
                    "queueCapacity must be between 1 and " + MAX_QUEUE_CAPACITY + ": " + queueCapacity);
        }
    }

    /** An access log in {@code format}, with the default sink, queue and no trace ids. */
    public static AccessLog of(AccessLogFormat format) {
        return new AccessLog(format, AccessLogSink.systemLogger(), DEFAULT_QUEUE_CAPACITY, AccessLogTraceIds.NONE);
    }

    /** The Common Log Format: {@code %h %l %u %t "%r" %s %b}. */
    public static AccessLog common() {
        return of(AccessLogFormat.common());
    }

    /** The Combined Log Format: the Common one with {@code "%{Referer}i" "%{User-Agent}i"}. */
    public static AccessLog combined() {
        return of(AccessLogFormat.combined());
    }

    /** One JSON object per line (see {@link AccessLogFormat#json()}). */
    public static AccessLog json() {
        return of(AccessLogFormat.json());
    }

    /**
     * Lines in {@code pattern} (see {@link AccessLogFormat#pattern(String)}).
     *
     * @throws IllegalArgumentException if the pattern has an unknown code
     */
    public static AccessLog pattern(String pattern) {
        return of(AccessLogFormat.pattern(pattern));
    }

    /** The same log writing to {@code value}. */
    public AccessLog withSink(AccessLogSink value) {
        return new AccessLog(format, value, queueCapacity, traceIds);
    }

    /** The same log with room for {@code value} lines waiting for the writer. */
    public AccessLog withQueueCapacity(int value) {
        return new AccessLog(format, sink, value, traceIds);
    }

    /** The same log taking trace ids from {@code value}. */
    public AccessLog withTraceIds(AccessLogTraceIds value) {
        return new AccessLog(format, sink, queueCapacity, value);
    }
}
