package org.kamaelia.http.spring.boot.metrics;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.kamaelia.http.net.CloseReason;
import org.kamaelia.http.net.ConnectionInfo;
import org.kamaelia.http.observe.HttpObserver;
import org.kamaelia.http.observe.RequestLog;

/**
 * Makes the standard {@code http.server.requests} observation of each request of one server (low-cardinality keys
 * {@code server}, {@code method}, {@code uri} = the route prefix, {@code status}, {@code outcome},
 * {@code exception}, {@code error}), so Spring Boot's dashboards and tracing handlers see Kamaelia's requests. It
 * counts nothing itself: the {@code kamaelia.http.*} meters read the server's
 * {@link org.kamaelia.http.observe.ServerStatistics} through {@link ServerStatisticsMeterBinder}.
 *
 * <p>Started when a request's head is accepted and stopped when its response ends; a request whose connection
 * went first is stopped with status 499. Thread-safe: called on event-loop threads.
 */
public final class HttpServerRequestsObserver implements HttpObserver {
    private static final String[] STATUS_TAGS = new String[600];

    static {
        for (int code = 100; code < STATUS_TAGS.length; code++) {
            STATUS_TAGS[code] = Integer.toString(code);
        }
    }

    private final ObservationRegistry observations;
    private final String serverName;
    private final Map<Long, Observation> inFlight = new ConcurrentHashMap<>();
    private final Map<String, String> contextualNames = new ConcurrentHashMap<>();

    /**
     * Observations of the server called {@code serverName} made in {@code observations} (Spring Boot's registry,
     * so that tracing handlers see them too).
     */
    public HttpServerRequestsObserver(ObservationRegistry observations, String serverName) {
        this.observations = observations;
        this.serverName = serverName;
    }

    static String statusTag(int status) {
        return status >= 100 && status < STATUS_TAGS.length ? STATUS_TAGS[status] : Integer.toString(status);
    }

    @Override
    public void requestStarted(ConnectionInfo connection, String method, String route) {
        // A connection serves one request at a time, so its id pairs this start with the completion.
        KamaeliaRequestObservationContext context = new KamaeliaRequestObservationContext(serverName, method, route);
        Observation observation = Observation.createNotStarted("http.server.requests", () -> context, observations)
                .contextualName(contextualNames.computeIfAbsent(method, m -> "http " + m.toLowerCase(Locale.ROOT)))
                .lowCardinalityKeyValue("server", serverName)
                .lowCardinalityKeyValue("method", method)
                .lowCardinalityKeyValue("uri", route)
                .start();
        Observation previous = inFlight.put(connection.id(), observation);
        if (previous != null) {
            stopUnanswered(previous);
        }
    }

    @Override
    public void requestCompleted(RequestLog request) {
        Observation observation = inFlight.remove(request.connection().id());
        if (observation == null) {
            return;
        }
        if (observation.getContext() instanceof KamaeliaRequestObservationContext context) {
            context.status(request.status());
        }
        observation
                .lowCardinalityKeyValue("status", statusTag(request.status()))
                .lowCardinalityKeyValue("outcome", request.outcome())
                .lowCardinalityKeyValue("exception", "none")
                .lowCardinalityKeyValue("error", "none")
                .stop();
    }

    @Override
    public void connectionClosed(ConnectionInfo connection, CloseReason reason, long bytesIn, long bytesOut) {
        Observation orphan = inFlight.remove(connection.id());
        if (orphan != null) {
            stopUnanswered(orphan);
        }
    }

    /** Requests started and not yet stopped; for tests and diagnostics. */
    public int inFlight() {
        return inFlight.size();
    }

    /**
     * Stops the observation of a request whose completion was never reported (its connection went first) with the
     * same keys as every other stop: a timer with fewer tags than its siblings is refused by Prometheus, which
     * wants one tag set per meter name. 499 is nginx's status for a client that went away before the answer.
     */
    private static void stopUnanswered(Observation observation) {
        if (observation.getContext() instanceof KamaeliaRequestObservationContext context) {
            context.status(499);
        }
        observation
                .lowCardinalityKeyValue("status", statusTag(499))
                .lowCardinalityKeyValue("outcome", "CLIENT_ERROR")
                .lowCardinalityKeyValue("exception", "none")
                .lowCardinalityKeyValue("error", "none")
                .stop();
    }
}
