package org.kamaelia.http.spring.boot.autoconfigure.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.kamaelia.http.message.BadRequest;
import org.kamaelia.http.message.Framing;
import org.kamaelia.http.net.AcceptProblem;
import org.kamaelia.http.net.CloseReason;
import org.kamaelia.http.net.ConnectionInfo;
import org.kamaelia.http.observe.HttpObserver;
import org.kamaelia.http.observe.RequestLog;
import org.kamaelia.http.observe.TimeoutKind;

/**
 * Turns one server's observer events into {@code kamaelia.http.*} meters tagged with {@code server}, and the
 * standard {@code http.server.requests} observation (low-cardinality keys {@code method}, {@code status},
 * {@code outcome}, {@code uri} = the route prefix, {@code exception}, {@code error}) so existing Spring Boot
 * dashboards work. Every meter is listed in docs/metrics.md.
 */
public final class MicrometerHttpObserver implements HttpObserver {
    private final MeterRegistry registry;
    private final ObservationRegistry observations;
    private final String serverName;
    private final Map<Long, Observation> inFlight = new ConcurrentHashMap<>();
    private final Map<RequestKey, Timer> requestTimers = new ConcurrentHashMap<>();
    // Indexed by framing and whether the response was completed: found without building a key per request.
    private final Counter[] responseCounters = new Counter[Framing.values().length * 2];
    private static final String[] STATUS_TAGS = new String[600];

    static {
        for (int code = 100; code < STATUS_TAGS.length; code++) {
            STATUS_TAGS[code] = Integer.toString(code);
        }
    }

    private static String statusTag(int status) {
        return status >= 100 && status < STATUS_TAGS.length ? STATUS_TAGS[status] : Integer.toString(status);
    }

    private final Map<CloseReason, Counter> closedCounters = new ConcurrentHashMap<>();
    private final Map<String, String> contextualNames = new ConcurrentHashMap<>();

    /** The tag values of one request timer (the outcome follows from the status). */
    private record RequestKey(String method, int status, org.kamaelia.http.message.Framing framing) {}

    private final Tags server;
    private final AtomicLong active = new AtomicLong();
    private final Counter opened;
    private final Counter bytesReceived;
    private final Counter bytesSent;
    private final Counter pauses;
    private final Timer paused;
    private final Timer connectionDuration;

    /**
     * Meters for the server called {@code serverName} in {@code registry}; {@code http.server.requests} goes through
     * {@code observations} when given (Spring Boot's registry, so tracing handlers see it too), otherwise through
     * an observation registry that only records the timer.
     */
    public MicrometerHttpObserver(MeterRegistry registry, ObservationRegistry observations, String serverName) {
        this.registry = registry;
        this.serverName = serverName;
        this.observations = observations;
        this.server = Tags.of("server", serverName);
        Gauge.builder("kamaelia.http.connections.active", active, AtomicLong::get)
                .tags(server)
                .description("Connections open now")
                .register(registry);
        this.opened = Counter.builder("kamaelia.http.connections.opened")
                .tags(server)
                .description("Connections accepted")
                .register(registry);
        this.connectionDuration = Timer.builder("kamaelia.http.connections.duration")
                .tags(server)
                .description("How long connections stayed open")
                .register(registry);
        this.bytesReceived = Counter.builder("kamaelia.http.bytes.received")
                .tags(server)
                .baseUnit("bytes")
                .description("Bytes read from clients")
                .register(registry);
        this.bytesSent = Counter.builder("kamaelia.http.bytes.sent")
                .tags(server)
                .baseUnit("bytes")
                .description("Bytes written to clients")
                .register(registry);
        this.pauses = Counter.builder("kamaelia.http.backpressure.pauses")
                .tags(server)
                .description("Times reading from a client paused because the server could take no more")
                .register(registry);
        this.paused = Timer.builder("kamaelia.http.backpressure.paused")
                .tags(server)
                .description("Time reading stayed paused")
                .register(registry);
    }

    @Override
    public void connectionOpened(ConnectionInfo connection) {
        active.incrementAndGet();
        opened.increment();
    }

    @Override
    public void connectionClosed(ConnectionInfo connection, CloseReason reason, long bytesIn, long bytesOut) {
        active.decrementAndGet();
        Observation orphan = inFlight.remove(connection.id());
        if (orphan != null) {
            stopUnanswered(orphan);
        }
        closedCounters
                .computeIfAbsent(
                        reason,
                        r -> Counter.builder("kamaelia.http.connections.closed")
                                .tags(server.and("reason", r.tag()))
                                .description("Connections closed, by reason")
                                .register(registry))
                .increment();
        connectionDuration.record(Duration.between(connection.opened(), Instant.now()));
        bytesReceived.increment(bytesIn);
        bytesSent.increment(bytesOut);
    }

    @Override
    public void requestCompleted(RequestLog request) {
        String status = statusTag(request.status());
        // Meters are looked up once per combination of tag values, not built and registered per request.
        requestTimers
                .computeIfAbsent(
                        new RequestKey(request.method(), request.status(), request.framing()),
                        key -> Timer.builder("kamaelia.http.requests")
                                .tags(server.and(
                                        "method", key.method(),
                                        "status", statusTag(key.status()),
                                        "outcome", request.outcome(),
                                        "framing", key.framing().tag()))
                                .description("Requests, by method, status, outcome and response framing")
                                .register(registry))
                .record(request.durationNanos(), TimeUnit.NANOSECONDS);
        int responseSlot = request.framing().ordinal() * 2 + (request.completed() ? 1 : 0);
        Counter responses = responseCounters[responseSlot];
        if (responses == null) {
            responses = Counter.builder("kamaelia.http.responses")
                    .tags(server.and(
                            "framing", request.framing().tag(), "completed", Boolean.toString(request.completed())))
                    .description("Responses by framing: content-length, chunked or close")
                    .register(registry);
            // Loops racing here register the same meter id and get the one meter back: harmless.
            responseCounters[responseSlot] = responses;
        }
        responses.increment();
        Observation observation = inFlight.remove(request.connection().id());
        if (observation != null) {
            if (observation.getContext() instanceof KamaeliaRequestObservationContext context) {
                context.status(request.status());
            }
            observation
                    .lowCardinalityKeyValue("status", status)
                    .lowCardinalityKeyValue("outcome", request.outcome())
                    .lowCardinalityKeyValue("exception", "none")
                    .lowCardinalityKeyValue("error", "none")
                    .stop();
        }
    }

    @Override
    public void requestStarted(ConnectionInfo connection, String method, String route) {
        if (observations == null) {
            return;
        }
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

    @Override
    public void parseError(ConnectionInfo connection, BadRequest error) {
        Counter.builder("kamaelia.http.parse.errors")
                .tags(server.and("reason", reasonTag(error.reason()), "status", Integer.toString(error.status())))
                .description("Requests refused while parsing, by reason")
                .register(registry)
                .increment();
    }

    @Override
    public void backpressurePaused(ConnectionInfo connection) {
        pauses.increment();
    }

    @Override
    public void backpressureResumed(ConnectionInfo connection, long pausedNanos) {
        paused.record(pausedNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void timeout(ConnectionInfo connection, TimeoutKind kind) {
        Counter.builder("kamaelia.http.timeouts")
                .tags(server.and("kind", kind.tag()))
                .description("Connections closed because a deadline passed, by kind")
                .register(registry)
                .increment();
    }

    @Override
    public void acceptProblem(AcceptProblem problem) {
        Counter.builder("kamaelia.http.accept.problems")
                .tags(server.and("reason", problem.tag()))
                .description("Times a waiting connection could not be accepted: out of file descriptors, at"
                        + " max-connections, or another error")
                .register(registry)
                .increment();
    }

    /** Parse-error reasons are fixed texts in core; as a tag they become lower-case words joined by dashes. */
    static String reasonTag(String reason) {
        return reason.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
