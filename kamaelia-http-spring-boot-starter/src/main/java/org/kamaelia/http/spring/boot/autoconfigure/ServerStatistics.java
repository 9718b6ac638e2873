package org.kamaelia.http.spring.boot.autoconfigure;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.kamaelia.http.message.Framing;
import org.kamaelia.http.net.CloseReason;
import org.kamaelia.http.net.ConnectionInfo;
import org.kamaelia.http.observe.HttpObserver;
import org.kamaelia.http.observe.RequestLog;

/** Counts what one server did, for the actuator endpoint and the dashboard; needs no Micrometer. */
public final class ServerStatistics implements HttpObserver {
    private final Map<Framing, LongAdder> responsesByFraming = new EnumMap<>(Framing.class);
    private final LongAdder requests = new LongAdder();
    private final LongAdder connectionsOpened = new LongAdder();
    private final AtomicLong activeConnections = new AtomicLong();

    /** Statistics starting from zero. */
    public ServerStatistics() {
        for (Framing framing : Framing.values()) {
            responsesByFraming.put(framing, new LongAdder());
        }
    }

    @Override
    public void connectionOpened(ConnectionInfo connection) {
        connectionsOpened.increment();
        activeConnections.incrementAndGet();
    }

    @Override
    public void connectionClosed(ConnectionInfo connection, CloseReason reason, long bytesIn, long bytesOut) {
        activeConnections.decrementAndGet();
    }

    @Override
    public void requestCompleted(RequestLog request) {
        requests.increment();
        responsesByFraming.get(request.framing()).increment();
    }

    /** Responses sent so far, by framing tag ({@code content-length}, {@code chunked}, {@code close}). */
    public Map<String, Long> responsesByFraming() {
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        for (Map.Entry<Framing, LongAdder> entry : responsesByFraming.entrySet()) {
            counts.put(entry.getKey().tag(), entry.getValue().sum());
        }
        return counts;
    }

    /** Requests completed so far. */
    public long requests() {
        return requests.sum();
    }

    /** Connections accepted so far. */
    public long connectionsOpened() {
        return connectionsOpened.sum();
    }

    /** Connections open now. */
    public long activeConnections() {
        return activeConnections.get();
    }
}
