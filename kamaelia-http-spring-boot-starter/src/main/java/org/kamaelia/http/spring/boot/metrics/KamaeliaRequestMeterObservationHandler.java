package org.kamaelia.http.spring.boot.metrics;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.core.Ordered;

/**
 * Turns Kamaelia's {@code http.server.requests} observations into the same timer (and {@code .active} long-task
 * timer) that Micrometer's default meter handler would make, but finds each meter once per combination of server,
 * method, route and status instead of sorting tags and looking the meter up for every request. Ordered first among
 * meter handlers, so it is the one that handles Kamaelia's contexts; every other context is left to the others.
 *
 * <p>The tags are every low-cardinality key value of the first context seen for a combination, including those
 * added by observation filters; filters are assumed to depend only on what the combination holds. Methods outside
 * RFC 9110 and RFC 5789 share one combination, as they share the {@code UNKNOWN} tag, so a client inventing
 * methods cannot grow the map.
 */
public final class KamaeliaRequestMeterObservationHandler
        implements MeterObservationHandler<KamaeliaServerRequestObservationContext>, Ordered {
    private final MeterRegistry registry;
    private final boolean activeTimers;
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();
    private final Map<ActiveKey, LongTaskTimer> active = new ConcurrentHashMap<>();

    // the error's class, not its name: two anonymous classes share an empty simple name but not an exception tag
    private record TimerKey(String server, String method, String route, int status, Class<?> error) {}

    private record ActiveKey(String server, String method, String route) {}

    /**
     * A handler recording into {@code registry}.
     *
     * @param activeTimers whether to keep the {@code http.server.requests.active} long-task timer, as the default
     *     handler does unless long-task timers are among the ignored meters
     */
    public KamaeliaRequestMeterObservationHandler(MeterRegistry registry, boolean activeTimers) {
        this.registry = registry;
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
        context.startedNanos(registry.config().clock().monotonicTime());
        if (activeTimers) {
            LongTaskTimer timer = active.computeIfAbsent(
                    new ActiveKey(
                            context.server(),
                            DefaultKamaeliaServerRequestObservationConvention.knownMethod(context.method()),
                            context.route()),
                    key -> LongTaskTimer.builder(context.getName() + ".active")
                            .tags(activeTags(key))
                            .register(registry));
            context.active(timer.start());
        }
    }

    @Override
    public void onStop(KamaeliaServerRequestObservationContext context) {
        long elapsed = registry.config().clock().monotonicTime() - context.startedNanos();
        Throwable error = context.getError();
        // The default meter handler's error tag: the exception's simple name, or none.
        String errorName = error == null ? "none" : error.getClass().getSimpleName();
        timers.computeIfAbsent(
                        new TimerKey(
                                context.server(),
                                DefaultKamaeliaServerRequestObservationConvention.knownMethod(context.method()),
                                context.route(),
                                context.status(),
                                error == null ? Void.class : error.getClass()),
                        key -> Timer.builder(context.getName())
                                .tags(tagsOf(context).and("error", errorName))
                                .register(registry))
                .record(elapsed, TimeUnit.NANOSECONDS);
        LongTaskTimer.Sample sample = context.active();
        if (sample != null) {
            sample.stop();
        }
    }

    /** The meters made so far, one per combination of tag values; for tests and diagnostics. */
    public int timersMade() {
        return timers.size();
    }

    /**
     * The tags of a running request's long task timer: what the default convention gives before a response (status
     * and outcome {@code UNKNOWN}, exception {@code none}); made here because that convention adds no key values at
     * the start.
     */
    private static Tags activeTags(ActiveKey key) {
        return Tags.of(
                "server",
                key.server(),
                "method",
                key.method(),
                "uri",
                "none".equals(key.route()) ? "UNKNOWN" : key.route(),
                "status",
                "UNKNOWN",
                "outcome",
                "UNKNOWN",
                "exception",
                "none");
    }

    private static Tags tagsOf(KamaeliaServerRequestObservationContext context) {
        List<Tag> tags = new ArrayList<>();
        for (KeyValue keyValue : context.getLowCardinalityKeyValues()) {
            tags.add(Tag.of(keyValue.getKey(), keyValue.getValue()));
        }
        return Tags.of(tags);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
