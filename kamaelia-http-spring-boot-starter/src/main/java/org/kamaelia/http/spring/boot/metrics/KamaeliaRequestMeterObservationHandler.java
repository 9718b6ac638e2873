package org.kamaelia.http.spring.boot.metrics;

import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;
import java.util.concurrent.TimeUnit;
import org.kamaelia.http.observe.HttpObserver;
import org.springframework.core.Ordered;

/**
 * Turns Kamaelia's {@code http.server.requests} observations into the same timer (and {@code .active} long-task
 * timer) that Micrometer's default meter handler would make, but finds each meter once per combination of server,
 * method, route and status instead of sorting tags and looking the meter up for every request. Ordered first among
 * meter handlers, so it is the one that handles Kamaelia's contexts; every other context is left to the others.
 *
 * <p>The tags are every low-cardinality key value of the first context seen for a combination, including those
 * added by observation filters; filters are assumed to depend only on what the combination holds.
 */
public final class KamaeliaRequestMeterObservationHandler
        implements MeterObservationHandler<KamaeliaServerRequestObservationContext>, Ordered {
    private final RequestMeters meters;
    private final boolean activeTimers;

    /**
     * A handler recording into {@code registry}.
     *
     * @param activeTimers whether to keep the {@code http.server.requests.active} long-task timer, as the default
     *     handler does unless long-task timers are among the ignored meters
     */
    public KamaeliaRequestMeterObservationHandler(MeterRegistry registry, boolean activeTimers) {
        this.meters = new RequestMeters(registry);
        this.activeTimers = activeTimers;
    }

    /**
     * Kamaelia's request contexts keyed by the default convention, whose tags follow from the fields this handler
     * finds meters by; a replaced convention's observations are left to Micrometer's default meter handler.
     */
    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof KamaeliaServerRequestObservationContext kamaelia && kamaelia.defaultKeyValues();
    }

    @Override
    public void onStart(KamaeliaServerRequestObservationContext context) {
        context.startedNanos(meters.registry().config().clock().monotonicTime());
        if (activeTimers) {
            context.active(meters.active(context.getName(), context.server(), context.method(), context.route())
                    .start());
        }
    }

    @Override
    public void onStop(KamaeliaServerRequestObservationContext context) {
        long elapsed = meters.registry().config().clock().monotonicTime() - context.startedNanos();
        meters.timer(
                        context.getName(),
                        context.server(),
                        context.method(),
                        context.route(),
                        context.status(),
                        context.getError(),
                        () -> RequestMeters.tagsOf(context.getLowCardinalityKeyValues()))
                .record(elapsed, TimeUnit.NANOSECONDS);
        LongTaskTimer.Sample sample = context.active();
        if (sample != null) {
            sample.stop();
        }
    }

    /**
     * An observer that records, for the server {@code serverName}, the meters this handler makes, without an
     * observation per request: for when {@link ObservationShortcut} applies. {@code commonKeyValues} are the
     * observation filters' key values, added to every timer's tags.
     */
    public HttpObserver recorderFor(
            String serverName,
            DefaultKamaeliaServerRequestObservationConvention convention,
            KeyValues commonKeyValues) {
        return new DirectRequestTimer(meters, serverName, convention, commonKeyValues, activeTimers);
    }

    /** The meters made so far, one per combination of tag values; for tests and diagnostics. */
    public int timersMade() {
        return meters.timersMade();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
