package org.kamaelia.http.spring.boot.metrics;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.kamaelia.http.handler.HandlerComponent;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.net.CloseReason;
import org.kamaelia.http.net.ConnectionInfo;
import org.kamaelia.http.observe.HttpObserver;
import org.kamaelia.http.observe.RequestLog;

/**
 * Makes the {@code http.server.requests} observation of each request of one server, named and keyed by a
 * {@link KamaeliaServerRequestObservationConvention} (by default
 * {@link DefaultKamaeliaServerRequestObservationConvention}: {@code server}, {@code method}, {@code uri} = the route
 * prefix, {@code status}, {@code outcome}, {@code exception}; {@code http.url}), on a
 * {@link KamaeliaServerRequestObservationContext} whose carrier is the request's head, so that Spring Boot's meter
 * and tracing handlers both see Kamaelia's requests and an incoming {@code traceparent} is continued. It counts
 * nothing itself: the {@code kamaelia.http.*} meters read the server's
 * {@link org.kamaelia.http.observe.ServerStatistics} through {@link ServerStatisticsMeterBinder}.
 *
 * <p>Started when a request's head is accepted and stopped when its response ends; a request whose connection went
 * first is stopped with status 499. The error is what the handler threw: told by the handler's scope for function
 * and blocking handlers, else the failure that ended the handler component. Thread-safe: called on event-loop
 * threads.
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
    private final KamaeliaServerRequestObservationConvention convention;
    private final boolean defaultKeyValues;
    private final @Nullable ObservedRequestHandlers handlers;
    private final Map<Long, Observation> inFlight = new ConcurrentHashMap<>();

    /**
     * Observations of the server called {@code serverName} made in {@code observations} with the default
     * convention and without the request heads.
     */
    public HttpServerRequestsObserver(ObservationRegistry observations, String serverName) {
        this(observations, serverName, new DefaultKamaeliaServerRequestObservationConvention(), null);
    }

    /**
     * Observations of the server called {@code serverName} made in {@code observations} (Spring Boot's registry, so
     * that tracing handlers see them too), named and keyed by {@code convention}, learning each request's head and
     * handler from {@code handlers} when given (the decorator of the server's route factories).
     */
    public HttpServerRequestsObserver(
            ObservationRegistry observations,
            String serverName,
            KamaeliaServerRequestObservationConvention convention,
            @Nullable ObservedRequestHandlers handlers) {
        this.observations = observations;
        this.serverName = serverName;
        this.convention = convention;
        this.defaultKeyValues = convention.getClass() == DefaultKamaeliaServerRequestObservationConvention.class;
        this.handlers = handlers;
    }

    static String statusTag(int status) {
        return status >= 100 && status < STATUS_TAGS.length ? STATUS_TAGS[status] : Integer.toString(status);
    }

    @Override
    public void requestStarted(ConnectionInfo connection, String method, String route) {
        start(connection, method, null, route);
    }

    @Override
    public void requestStarted(ConnectionInfo connection, RequestHead head, String route) {
        start(connection, head.method(), head, route);
    }

    private void start(ConnectionInfo connection, String method, @Nullable RequestHead head, String route) {
        ObservedRequestHandlers.Request request = handlers == null ? null : handlers.take(method, route);
        // A request no route's factory saw (the router's 404 or 405, a refusal) still has its head as the carrier,
        // so its span continues the client's trace too.
        KamaeliaServerRequestObservationContext context = new KamaeliaServerRequestObservationContext(
                serverName,
                method,
                route,
                request == null ? head : request.head,
                request == null ? null : request.handler);
        context.defaultKeyValues(defaultKeyValues);
        Observation observation = Observation.createNotStarted(null, convention, () -> context, observations)
                .start();
        if (request != null) {
            request.observation(observation);
        }
        // A connection serves one request at a time, so its id pairs this start with the completion.
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
        if (observation.getContext() instanceof KamaeliaServerRequestObservationContext context) {
            context.status(request.status());
            context.setResponse(request);
            recordFailure(observation, context, request.failure());
            context.ending(true);
        }
        observation.stop();
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
     * What failed the request's handler (what its request code threw, else what ended it: {@link
     * HandlerComponent#requestFailure()}), when no scope reported it already.
     */
    private static void recordFailure(
            Observation observation, KamaeliaServerRequestObservationContext context, Throwable failure) {
        if (context.getError() == null && failure != null) {
            observation.error(failure);
        }
    }

    /**
     * Stops the observation of a request whose completion was never reported (its connection went first) with the
     * same keys as every other stop: a timer with fewer tags than its siblings is refused by Prometheus, which wants
     * one tag set per meter name. 499 is nginx's status for a client that went away before the answer.
     */
    private static void stopUnanswered(Observation observation) {
        if (observation.getContext() instanceof KamaeliaServerRequestObservationContext context) {
            context.status(499);
            HandlerComponent handler = context.handler();
            recordFailure(observation, context, handler == null ? null : handler.requestFailure());
            context.ending(true);
        }
        observation.stop();
    }
}
