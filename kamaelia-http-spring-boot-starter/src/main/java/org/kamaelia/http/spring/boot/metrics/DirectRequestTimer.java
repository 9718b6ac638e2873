package org.kamaelia.http.spring.boot.metrics;

import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.kamaelia.http.net.CloseReason;
import org.kamaelia.http.net.ConnectionInfo;
import org.kamaelia.http.observe.HttpObserver;
import org.kamaelia.http.observe.RequestLog;

/**
 * Records the {@code http.server.requests} timer (and its {@code .active} long-task timer) of one server straight
 * from the core's request reports, without an {@code Observation} per request: the meters the observation and
 * {@link KamaeliaRequestMeterObservationHandler} would make, tag for tag, for when nothing but meter handlers
 * would see the observation ({@link ObservationShortcut}). The duration is the report's, from the head to the end
 * of the response; the {@code exception} and {@code error} tags name {@link RequestLog#failure()}.
 *
 * <p>Thread-safe: called on event-loop threads. Without the long-task timer it keeps nothing per request.
 */
final class DirectRequestTimer implements HttpObserver {
    private final RequestMeters meters;
    private final String serverName;
    private final DefaultKamaeliaServerRequestObservationConvention convention;
    private final KeyValues commonKeyValues;
    private final boolean activeTimers;
    private final Map<Long, LongTaskTimer.Sample> active = new ConcurrentHashMap<>();

    DirectRequestTimer(
            RequestMeters meters,
            String serverName,
            DefaultKamaeliaServerRequestObservationConvention convention,
            KeyValues commonKeyValues,
            boolean activeTimers) {
        this.meters = meters;
        this.serverName = serverName;
        this.convention = convention;
        this.commonKeyValues = commonKeyValues;
        this.activeTimers = activeTimers;
    }

    @Override
    public void requestStarted(ConnectionInfo connection, String method, String route) {
        if (activeTimers) {
            LongTaskTimer.Sample sample = meters.active(convention.getName(), serverName, method, route)
                    .start();
            // A connection serves one request at a time, so its id pairs this start with the completion.
            LongTaskTimer.Sample previous = active.put(connection.id(), sample);
            if (previous != null) {
                previous.stop();
            }
        }
    }

    @Override
    public void requestCompleted(RequestLog request) {
        meters.timer(
                        convention.getName(),
                        serverName,
                        request.method(),
                        request.route(),
                        request.status(),
                        request.failure(),
                        () -> tagsOf(request))
                .record(request.durationNanos(), TimeUnit.NANOSECONDS);
        if (activeTimers) {
            stopActive(request.connection());
        }
    }

    @Override
    public void connectionClosed(ConnectionInfo connection, CloseReason reason, long bytesIn, long bytesOut) {
        if (activeTimers) {
            stopActive(connection);
        }
    }

    private void stopActive(ConnectionInfo connection) {
        LongTaskTimer.Sample sample = active.remove(connection.id());
        if (sample != null) {
            sample.stop();
        }
    }

    /** The tags the convention gives a completed request of this combination, with the filters' common ones. */
    private Tags tagsOf(RequestLog request) {
        KamaeliaServerRequestObservationContext context =
                new KamaeliaServerRequestObservationContext(serverName, request.method(), request.route(), null, null);
        context.status(request.status());
        if (request.failure() != null) {
            context.setError(request.failure());
        }
        context.ending(true);
        return RequestMeters.tagsOf(
                convention.getLowCardinalityKeyValues(context).and(commonKeyValues));
    }
}
