package org.kamaelia.http.spring.boot.metrics;

import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.observation.transport.RequestReplyReceiverContext;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.kamaelia.http.handler.HandlerComponent;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.observe.RequestLog;

/**
 * The context of one {@code http.server.requests} observation of a Kamaelia server: a receiver context whose
 * carrier is the request's head, so that a tracing handler's propagator reads {@code traceparent} and
 * {@code tracestate} (or any other propagation fields) from the request's header fields, and whose response is the
 * {@link RequestLog} of the request once it ended. The server, method and route known when the request starts and
 * the status once it ends are also kept as fields, so that conventions and meters need not read them back from key
 * values.
 *
 * <p>The carrier is absent for requests no route's handler factory saw (404 and 405 answers of the router, requests
 * refused before routing, unparsable requests): their observations start a new trace.
 */
public final class KamaeliaServerRequestObservationContext
        extends RequestReplyReceiverContext<RequestHead, RequestLog> {
    private final String server;
    private final String method;
    private final String route;
    private final @Nullable HandlerComponent handler;
    private int status;
    private boolean defaultKeyValues;
    private boolean ending;
    private long startedNanos;
    private LongTaskTimer.@Nullable Sample active;

    /**
     * The context of a request to {@code server} with {@code method}, routed by {@code route}, whose head is
     * {@code head} and which {@code handler} serves (both null when no route's factory saw the request).
     */
    public KamaeliaServerRequestObservationContext(
            String server,
            String method,
            String route,
            @Nullable RequestHead head,
            @Nullable HandlerComponent handler) {
        super(KamaeliaServerRequestObservationContext::headerOf);
        this.server = server;
        this.method = method;
        this.route = route;
        this.handler = handler;
        if (head != null) {
            setCarrier(head);
        }
    }

    private static @Nullable String headerOf(@Nullable RequestHead head, String name) {
        return head == null ? null : head.headers().firstOr(name, null);
    }

    /** The server's name. */
    public String server() {
        return server;
    }

    /** The request method. */
    public String method() {
        return method;
    }

    /** The route prefix that chose the handler ({@code none} when no route matched). */
    public String route() {
        return route;
    }

    /** The request's head, when a route's handler factory saw it. */
    public Optional<RequestHead> head() {
        return Optional.ofNullable(getCarrier());
    }

    /** The response status, or 0 while none was sent. */
    public int status() {
        return status;
    }

    void status(int value) {
        this.status = value;
    }

    /** The handler serving the request, if a route's factory made one; its failure is the observation's error. */
    @Nullable
    HandlerComponent handler() {
        return handler;
    }

    /** Whether the key values are the default convention's, so the meters can be found from the fields alone. */
    boolean defaultKeyValues() {
        return defaultKeyValues;
    }

    void defaultKeyValues(boolean value) {
        this.defaultKeyValues = value;
    }

    /** Whether the observation is being stopped: its status (or 499) is set and the key values are final. */
    boolean ending() {
        return ending;
    }

    void ending(boolean value) {
        this.ending = value;
    }

    long startedNanos() {
        return startedNanos;
    }

    void startedNanos(long value) {
        this.startedNanos = value;
    }

    LongTaskTimer.@Nullable Sample active() {
        return active;
    }

    void active(LongTaskTimer.Sample sample) {
        this.active = sample;
    }
}
