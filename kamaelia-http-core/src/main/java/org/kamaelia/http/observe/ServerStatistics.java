package org.kamaelia.http.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.kamaelia.http.message.BadRequest;
import org.kamaelia.http.message.Framing;
import org.kamaelia.http.message.TlsSessionInfo;
import org.kamaelia.http.net.AcceptProblem;
import org.kamaelia.http.net.CloseReason;
import org.kamaelia.http.net.ConnectionInfo;
import org.kamaelia.http.proxy.ProxyProtocolRejection;
import org.kamaelia.http.tls.TlsOutcome;

/**
 * The one count of what a server did: connections by close reason, requests by method, status and framing,
 * responses by framing, bytes, parse errors, timeouts, accept problems, backpressure, and TLS handshakes and
 * outcomes. Every reader (metrics,
 * the Actuator endpoint, health, a dashboard) reads these numbers instead of counting again.
 *
 * <pre>{@code
 * HttpServer server = HttpServer.builder().port(0).route("/", handlers).start();
 * ServerStatistics statistics = server.statistics();
 * long served = statistics.requests();
 * statistics.onRequestClass(c -> registerTimer(c.method(), c.status(), c.framing(), c::count, c::totalNanos));
 * }</pre>
 *
 * <p>How it counts: each counter is a {@link LongAdder} (striped, so event loops counting at once do not contend
 * on one cache line), found by an array index from an enum ordinal or a status code. A request's class (method,
 * status, framing) is found in a per-status chain scanned without allocating; only the first request of a class
 * allocates its counters. The methods of RFC 9110 and PATCH are kept as they are; any other method is counted as
 * {@value #OTHER_METHOD}, so a client inventing methods cannot grow the table.
 *
 * <p>Thread-safe: called on event-loop threads, read from any thread. A read is not a snapshot: two counters read
 * one after the other may be a request apart.
 */
public final class ServerStatistics implements HttpObserver {
    /** The method recorded for requests whose method is not a standard one. */
    public static final String OTHER_METHOD = "UNKNOWN";

    private static final Set<String> KNOWN_METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");
    private static final int LOWEST_STATUS = 100;
    private static final int STATUSES = 500; // 100..599; anything else shares one slot per framing
    private static final Framing[] FRAMINGS = Framing.values();

    private final AtomicLong activeConnections = new AtomicLong();
    private final LongAdder connectionsOpened = new LongAdder();
    private final LongAdder[] connectionsClosed = adders(CloseReason.values().length);
    private final LongAdder connectionNanos = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder[] responses = adders(FRAMINGS.length * 2);
    private final LongAdder[] timeouts = adders(TimeoutKind.values().length);
    private final LongAdder[] acceptProblems = adders(AcceptProblem.values().length);
    private final LongAdder pauses = new LongAdder();
    private final LongAdder resumes = new LongAdder();
    private final LongAdder pausedNanos = new LongAdder();
    private final LongAdder tlsHandshakes = new LongAdder();
    private final LongAdder tlsHandshakeNanos = new LongAdder();
    private final LongAdder[] tlsOutcomes = adders(TlsOutcome.values().length);
    private final LongAdder[] proxyRejections = adders(ProxyProtocolRejection.values().length);

    // Indexed by framing and status; each slot is the head of a chain of classes (one per method, and per status
    // for the out-of-range slot), appended to under the lock and read without it.
    private final AtomicReferenceArray<RequestClass> requestClasses =
            new AtomicReferenceArray<>(FRAMINGS.length * (STATUSES + 1));
    private final List<RequestClass> allRequestClasses = new CopyOnWriteArrayList<>();
    private final List<Consumer<? super RequestClass>> requestClassListeners = new CopyOnWriteArrayList<>();

    private final Map<BadRequest, ParseErrorClass> parseErrors = new ConcurrentHashMap<>();
    private final List<ParseErrorClass> allParseErrorClasses = new CopyOnWriteArrayList<>();
    private final List<Consumer<? super ParseErrorClass>> parseErrorListeners = new CopyOnWriteArrayList<>();

    private final Object lock = new Object();

    /** Statistics starting from zero. */
    public ServerStatistics() {}

    private static LongAdder[] adders(int count) {
        LongAdder[] adders = new LongAdder[count];
        for (int i = 0; i < count; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }

    // ---- counting (the observer events) ----

    @Override
    public void connectionOpened(ConnectionInfo connection) {
        activeConnections.incrementAndGet();
        connectionsOpened.increment();
    }

    @Override
    public void connectionClosed(ConnectionInfo connection, CloseReason reason, long bytesIn, long bytesOut) {
        activeConnections.decrementAndGet();
        connectionsClosed[reason.ordinal()].increment();
        connectionNanos.add(
                Math.max(0, Duration.between(connection.opened(), Instant.now()).toNanos()));
        bytesReceived.add(bytesIn);
        bytesSent.add(bytesOut);
    }

    @Override
    public void requestCompleted(RequestLog request) {
        RequestClass counted = requestClass(request.method(), request.status(), request.framing());
        counted.count.increment();
        counted.nanos.add(request.durationNanos());
        responses[request.framing().ordinal() * 2 + (request.completed() ? 1 : 0)].increment();
    }

    @Override
    public void parseError(ConnectionInfo connection, BadRequest error) {
        ParseErrorClass counted = parseErrors.get(error);
        if (counted == null) {
            counted = newParseErrorClass(error);
        }
        counted.count.increment();
    }

    @Override
    public void backpressurePaused(ConnectionInfo connection) {
        pauses.increment();
    }

    @Override
    public void backpressureResumed(ConnectionInfo connection, long pausedNanos) {
        resumes.increment();
        this.pausedNanos.add(pausedNanos);
    }

    @Override
    public void timeout(ConnectionInfo connection, TimeoutKind kind) {
        timeouts[kind.ordinal()].increment();
    }

    @Override
    public void acceptProblem(AcceptProblem problem) {
        acceptProblems[problem.ordinal()].increment();
    }

    @Override
    public void tlsHandshakeCompleted(ConnectionInfo connection, TlsSessionInfo session, Duration took) {
        tlsHandshakes.increment();
        tlsHandshakeNanos.add(took.toNanos());
    }

    @Override
    public void proxyHeaderRejected(ConnectionInfo connection, ProxyProtocolRejection reason) {
        proxyRejections[reason.ordinal()].increment();
    }

    @Override
    public void tlsEnded(ConnectionInfo connection, TlsOutcome outcome) {
        tlsOutcomes[outcome.ordinal()].increment();
    }

    private RequestClass requestClass(String requestMethod, int status, Framing framing) {
        String method = KNOWN_METHODS.contains(requestMethod) ? requestMethod : OTHER_METHOD;
        boolean inRange = status >= LOWEST_STATUS && status < LOWEST_STATUS + STATUSES;
        int slot = framing.ordinal() * (STATUSES + 1) + (inRange ? status - LOWEST_STATUS : STATUSES);
        for (RequestClass c = requestClasses.get(slot); c != null; c = c.next) {
            if (c.status == status && c.method.equals(method)) {
                return c;
            }
        }
        return newRequestClass(slot, method, status, framing);
    }

    private RequestClass newRequestClass(int slot, String method, int status, Framing framing) {
        RequestClass made;
        synchronized (lock) {
            RequestClass last = null;
            for (RequestClass c = requestClasses.get(slot); c != null; c = c.next) {
                if (c.status == status && c.method.equals(method)) {
                    return c;
                }
                last = c;
            }
            made = new RequestClass(method, status, framing);
            if (last == null) {
                requestClasses.set(slot, made);
            } else {
                last.next = made;
            }
            allRequestClasses.add(made);
            for (Consumer<? super RequestClass> listener : requestClassListeners) {
                listener.accept(made);
            }
        }
        return made;
    }

    private ParseErrorClass newParseErrorClass(BadRequest error) {
        synchronized (lock) {
            ParseErrorClass existing = parseErrors.get(error);
            if (existing != null) {
                return existing;
            }
            ParseErrorClass made = new ParseErrorClass(error.status(), error.reason());
            parseErrors.put(error, made);
            allParseErrorClasses.add(made);
            for (Consumer<? super ParseErrorClass> listener : parseErrorListeners) {
                listener.accept(made);
            }
            return made;
        }
    }

    // ---- reading ----

    /** Connections open now. */
    public long activeConnections() {
        return activeConnections.get();
    }

    /** Connections accepted so far. */
    public long connectionsOpened() {
        return connectionsOpened.sum();
    }

    /** Connections closed so far for {@code reason}. */
    public long connectionsClosed(CloseReason reason) {
        return connectionsClosed[reason.ordinal()].sum();
    }

    /** Connections closed so far, for any reason. */
    public long connectionsClosed() {
        long sum = 0;
        for (LongAdder adder : connectionsClosed) {
            sum += adder.sum();
        }
        return sum;
    }

    /** How long the closed connections stayed open, added up, in nanoseconds. */
    public long connectionNanos() {
        return connectionNanos.sum();
    }

    /** Bytes read from clients on closed connections. */
    public long bytesReceived() {
        return bytesReceived.sum();
    }

    /** Bytes written to clients on closed connections. */
    public long bytesSent() {
        return bytesSent.sum();
    }

    /** Requests completed so far (answered whole or cut short). */
    public long requests() {
        long sum = 0;
        for (LongAdder adder : responses) {
            sum += adder.sum();
        }
        return sum;
    }

    /** Responses with {@code framing} that were sent whole ({@code completed}) or cut short. */
    public long responses(Framing framing, boolean completed) {
        return responses[framing.ordinal() * 2 + (completed ? 1 : 0)].sum();
    }

    /** Responses with {@code framing}, whole or cut short. */
    public long responses(Framing framing) {
        return responses(framing, true) + responses(framing, false);
    }

    /** Connections closed because the {@code kind} deadline or minimum rate was missed. */
    public long timeouts(TimeoutKind kind) {
        return timeouts[kind.ordinal()].sum();
    }

    /** Times a waiting connection could not be accepted because of {@code problem}. */
    public long acceptProblems(AcceptProblem problem) {
        return acceptProblems[problem.ordinal()].sum();
    }

    /** Times reading from a client paused because the server could take no more. */
    public long backpressurePauses() {
        return pauses.sum();
    }

    /** Pauses that have ended. */
    public long backpressureResumes() {
        return resumes.sum();
    }

    /** How long the ended pauses lasted, added up, in nanoseconds. */
    public long backpressurePausedNanos() {
        return pausedNanos.sum();
    }

    /** TLS handshakes completed so far. */
    public long tlsHandshakes() {
        return tlsHandshakes.sum();
    }

    /** How long the completed TLS handshakes took, added up, in nanoseconds. */
    public long tlsHandshakeNanos() {
        return tlsHandshakeNanos.sum();
    }

    /** Connections closed because their PROXY protocol header was refused for {@code reason}. */
    public long proxyHeaderRejections(ProxyProtocolRejection reason) {
        return proxyRejections[reason.ordinal()].sum();
    }

    /**
     * TLS connections that ended as {@code outcome}: closed cleanly or truncated, or refused for their own reason
     * (plain HTTP, not TLS, a failed or timed-out handshake, a peer gone during the handshake).
     */
    public long tlsOutcomes(TlsOutcome outcome) {
        return tlsOutcomes[outcome.ordinal()].sum();
    }

    /** Every request class seen so far, in the order first seen. */
    public List<RequestClass> requestClasses() {
        return List.copyOf(allRequestClasses);
    }

    /** Every parse-error class seen so far, in the order first seen. */
    public List<ParseErrorClass> parseErrorClasses() {
        return List.copyOf(allParseErrorClasses);
    }

    /**
     * Calls {@code listener} with every request class seen so far and then with each new one as it appears (on
     * the event-loop thread that counted its first request); for metrics that register one meter per class.
     */
    public void onRequestClass(Consumer<? super RequestClass> listener) {
        synchronized (lock) {
            for (RequestClass c : allRequestClasses) {
                listener.accept(c);
            }
            requestClassListeners.add(listener);
        }
    }

    /** As {@link #onRequestClass}, for parse-error classes. */
    public void onParseErrorClass(Consumer<? super ParseErrorClass> listener) {
        synchronized (lock) {
            for (ParseErrorClass c : allParseErrorClasses) {
                listener.accept(c);
            }
            parseErrorListeners.add(listener);
        }
    }

    /** The requests of one method, status and framing: how many completed and how long they took. */
    public static final class RequestClass {
        private final String method;
        private final int status;
        private final Framing framing;
        private final LongAdder count = new LongAdder();
        private final LongAdder nanos = new LongAdder();
        private volatile RequestClass next;

        private RequestClass(String method, int status, Framing framing) {
            this.method = method;
            this.status = status;
            this.framing = framing;
        }

        /** The request method, or {@value ServerStatistics#OTHER_METHOD} for a non-standard one. */
        public String method() {
            return method;
        }

        /** The response status. */
        public int status() {
            return status;
        }

        /** How the response was framed. */
        public Framing framing() {
            return framing;
        }

        /** {@code SUCCESS}, {@code CLIENT_ERROR}... as Spring Boot's {@code outcome} tag spells them. */
        public String outcome() {
            return RequestLog.outcomeOf(status);
        }

        /** Requests of this class completed so far. */
        public long count() {
            return count.sum();
        }

        /** Their durations (request head to end of response) added up, in nanoseconds. */
        public long totalNanos() {
            return nanos.sum();
        }

        @Override
        public String toString() {
            return method + " " + status + " " + framing.tag() + ": " + count();
        }
    }

    /** The parse errors of one status and reason. */
    public static final class ParseErrorClass {
        private final int status;
        private final String reason;
        private final LongAdder count = new LongAdder();

        private ParseErrorClass(int status, String reason) {
            this.status = status;
            this.reason = reason;
        }

        /** The status the error was answered with. */
        public int status() {
            return status;
        }

        /** The parser's fixed reason text. */
        public String reason() {
            return reason;
        }

        /** The reason as a metrics tag: lower-case words joined by dashes. */
        public String reasonTag() {
            return reason.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        }

        /** Errors of this class so far. */
        public long count() {
            return count.sum();
        }

        @Override
        public String toString() {
            return status + " " + reason + ": " + count();
        }
    }
}
