package org.kamaelia.http.spring.boot.metrics;

import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.observation.Observation;

/**
 * The context of one {@code http.server.requests} observation of a Kamaelia server: the server, method and route
 * known when the request starts and the status once it ends, kept as fields so that meters can be found from them
 * without reading the key values back.
 */
public final class KamaeliaRequestObservationContext extends Observation.Context {
    private final String server;
    private final String method;
    private final String route;
    private int status;
    private long startedNanos;
    private LongTaskTimer.Sample active;

    /** The context of a request to {@code server} with {@code method}, routed by {@code route}. */
    public KamaeliaRequestObservationContext(String server, String method, String route) {
        this.server = server;
        this.method = method;
        this.route = route;
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

    /** The response status, or 0 while none was sent. */
    public int status() {
        return status;
    }

    void status(int value) {
        this.status = value;
    }

    long startedNanos() {
        return startedNanos;
    }

    void startedNanos(long value) {
        this.startedNanos = value;
    }

    LongTaskTimer.Sample active() {
        return active;
    }

    void active(LongTaskTimer.Sample sample) {
        this.active = sample;
    }
}
