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
 * What one access-log line says about one exchange, gathered on the event loop and handed, immutable, to the
 * writer thread that formats it. The fields the observer events do not carry (target, version, header fields,
 * trace id) are absent when the bytes were not a request, or when the server answered before choosing a handler
 * (an unsupported transfer coding, an unmet expectation, {@code OPTIONS *}).
 *
 * <p>Immutable and safe to share between threads.
 */
public final class AccessLogEntry {
    private final RequestLog request;
    private final long startMillis;
    private final boolean parsed;
    // null when not known (see the class comment); kept nullable inside, Optional outside
    private final RequestTarget target;
    private final HttpVersion version;
    private final List<String> headerNames;
    private final String[] headerValues;
    private final String traceId;

    AccessLogEntry(
            RequestLog request,
            long startMillis,
            boolean parsed,
            RequestTarget target,
            HttpVersion version,
            List<String> headerNames,
            String[] headerValues,
            String traceId) {
        this.request = request;
        this.startMillis = startMillis;
        this.parsed = parsed;
        this.target = target;
        this.version = version;
        this.headerNames = headerNames;
        this.headerValues = headerValues;
        this.traceId = traceId;
    }

    /** What the server reported about the exchange (status, framing, bytes, duration, route, connection). */
    public RequestLog request() {
        return request;
    }

    /** The client's address: the request's origin, after a PROXY header or trusted forwarding fields. */
    public InetSocketAddress client() {
        return request.origin().remote();
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
        return parsed ? request.method() : null;
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
        return request.status();
    }

    /** The bytes written for the response, head and chunk framing included (0 when nothing was sent). */
    public long bytesSent() {
        return request.bytesOut();
    }

    /** The request body bytes received. */
    public long bytesReceived() {
        return request.bytesIn();
    }

    /** From the request head to the end of the response. */
    public Duration duration() {
        return Duration.ofNanos(request.durationNanos());
    }

    /** How the response body was delimited, if a response head was sent. */
    public Optional<Framing> framing() {
        return Optional.ofNullable(framingOrNull());
    }

    Framing framingOrNull() {
        return request.status() == 0 || request.bytesOut() == 0 ? null : request.framing();
    }

    /**
     * The first value of request header field {@code name}, if the request had one and the format asked for it
     * (an entry keeps only the fields its format writes).
     */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headerOrNull(name));
    }

    String headerOrNull(String name) {
        for (int i = 0; i < headerValues.length; i++) {
            if (headerNames.get(i).equalsIgnoreCase(name)) {
                return headerValues[i];
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
