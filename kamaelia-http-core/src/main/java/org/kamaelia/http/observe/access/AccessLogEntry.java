package org.kamaelia.http.observe.access;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.kamaelia.http.message.Framing;
import org.kamaelia.http.message.HttpVersion;
import org.kamaelia.http.message.RequestTarget;
import org.kamaelia.http.observe.RequestLog;

/**
 * What one access-log line says about one exchange: the values of the report of its end and of its request's head
 * that a line can write, copied on the event loop while they are in its cache, and handed, immutable, to the writer
 * thread that formats them. The target, version and header fields come from the request's head, so they are absent
 * only when the bytes were not a request.
 *
 * <p>Immutable and safe to share between threads.
 */
public final class AccessLogEntry {
    private final RequestLog request;
    private final long startMillis;
    private final long durationNanos;
    private final long bytesOut;
    private final long bytesIn;
    private final long connectionId;
    private final int status;
    private final boolean completed;
    private final boolean parsed;
    private final InetSocketAddress client;
    private final String method;
    private final String route;
    private final Framing framing;
    // null when not known (see the class comment); kept nullable inside, Optional outside
    private final RequestTarget target;
    private final HttpVersion version;
    private final List<String> headerNames;
    private final String[] headerValues; // the first value of each of headerNames, in order; null entries: absent
    private final String traceId;

    /** An entry with every value given; {@code request} is what {@link #request()} answers and is not read. */
    AccessLogEntry(
            RequestLog request,
            long startMillis,
            long durationNanos,
            long bytesOut,
            long bytesIn,
            long connectionId,
            int status,
            boolean completed,
            InetSocketAddress client,
            String method,
            String route,
            Framing framing,
            boolean parsed,
            RequestTarget target,
            HttpVersion version,
            List<String> headerNames,
            String[] headerValues,
            String traceId) {
        this.request = request;
        this.startMillis = startMillis;
        this.durationNanos = durationNanos;
        this.bytesOut = bytesOut;
        this.bytesIn = bytesIn;
        this.connectionId = connectionId;
        this.status = status;
        this.completed = completed;
        this.client = client;
        this.method = method;
        this.route = route;
        this.framing = framing;
        this.parsed = parsed;
        this.target = target;
        this.version = version;
        this.headerNames = headerNames;
        this.headerValues = headerValues;
        this.traceId = traceId;
    }

    /**
     * The entry for {@code request}, its target and version read from its head (if any), with {@code headerValues}
     * for the format's {@code headerNames} (for formats tried on values no request can carry).
     */
    static AccessLogEntry of(
            RequestLog request,
            long startMillis,
            boolean parsed,
            RequestTarget target,
            HttpVersion version,
            List<String> headerNames,
            String[] headerValues,
            String traceId) {
        return new AccessLogEntry(
                request,
                startMillis,
                request.durationNanos(),
                request.bytesOut(),
                request.bytesIn(),
                request.connection().id(),
                request.status(),
                request.completed(),
                request.origin().remote(),
                request.method(),
                request.route(),
                request.framing(),
                parsed,
                target,
                version,
                headerNames,
                headerValues,
                traceId);
    }

    /** What the server reported about the exchange (status, framing, bytes, duration, route, connection). */
    public RequestLog request() {
        return request;
    }

    /** The client's address: the request's origin, after a PROXY header or trusted forwarding fields. */
    public InetSocketAddress client() {
        return client;
    }

    /** When the request's head arrived (the time Apache and Tomcat log). */
    public Instant time() {
        return Instant.ofEpochMilli(startMillis);
    }

    long startMillis() {
        return startMillis;
    }

    /** The request method; empty when the bytes were not a request. */
    public Optional<String> method() {
        return Optional.ofNullable(methodOrNull());
    }

    String methodOrNull() {
        return parsed ? method : null;
    }

    /** The request target as sent, if known. */
    public Optional<RequestTarget> target() {
        return Optional.ofNullable(target);
    }

    RequestTarget targetOrNull() {
        return target;
    }

    /** The request's protocol version, if known. */
    public Optional<HttpVersion> version() {
        return Optional.ofNullable(version);
    }

    HttpVersion versionOrNull() {
        return version;
    }

    /** The response status (499 when the client left before any response head was sent). */
    public int status() {
        return status;
    }

    /** The bytes written for the response, head and chunk framing included (0 when nothing was sent). */
    public long bytesSent() {
        return bytesOut;
    }

    /** The request body bytes received. */
    public long bytesReceived() {
        return bytesIn;
    }

    /** From the request head to the end of the response. */
    public Duration duration() {
        return Duration.ofNanos(durationNanos);
    }

    long durationNanos() {
        return durationNanos;
    }

    /** The id of the connection the request came on. */
    public long connectionId() {
        return connectionId;
    }

    /** The route prefix that served the request, or {@code none}. */
    public String route() {
        return route;
    }

    /** Whether the response was sent whole (false when it was cut short). */
    public boolean completed() {
        return completed;
    }

    /** How the response body was delimited, if a response head was sent. */
    public Optional<Framing> framing() {
        return Optional.ofNullable(framingOrNull());
    }

    Framing framingOrNull() {
        return status == 0 || bytesOut == 0 ? null : framing;
    }

    /**
     * The first value of request header field {@code name}, if the request had one and the format asked for it
     * (an entry keeps only the fields its format writes).
     */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headerOrNull(name));
    }

    String headerOrNull(String name) {
        for (int i = 0; i < headerNames.size(); i++) {
            if (headerNames.get(i).equalsIgnoreCase(name)) {
                return headerAt(i);
            }
        }
        return null;
    }

    String headerAt(int index) {
        return index < headerValues.length ? headerValues[index] : null;
    }

    /** The request's trace id, if the access log's {@link AccessLogTraceIds} gave one. */
    public Optional<String> traceId() {
        return Optional.ofNullable(traceId);
    }

    String traceIdOrNull() {
        return traceId;
    }

    @Override
    public String toString() {
        return AccessLogFormat.common().format(this);
    }
}
