package org.kamaelia.http.spring.boot.metrics;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The {@code http.server.requests} timers and {@code .active} long-task timers of Kamaelia's requests, each found
 * in the registry once per combination of server, method, route, status and error class rather than built from
 * sorted tags for every request. Shared by the meter observation handler and the observer that records without an
 * observation, so that both make the very same meters.
 *
 * <p>Methods outside RFC 9110 and RFC 5789 share one combination, as they share the {@code UNKNOWN} tag, so a
 * client inventing methods cannot grow the maps. Thread-safe.
 */
final class RequestMeters {
    private final MeterRegistry registry;
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();
    private final Map<ActiveKey, LongTaskTimer> active = new ConcurrentHashMap<>();

    /**
     * One combination. A class with its own equals and hashCode rather than a record: a record's are bootstrapped
     * method handles, which showed as 3 % of a pipelined trivial request in a profile. The error's class, not its
     * name: two anonymous classes share an empty simple name but not an exception tag.
     */
    private static final class TimerKey {
        final String name;
        final String server;
        final String method;
        final String route;
        final int status;
        final Class<?> error;

        TimerKey(String name, String server, String method, String route, int status, Class<?> error) {
            this.name = name;
            this.server = server;
            this.method = method;
            this.route = route;
            this.status = status;
            this.error = error;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof TimerKey key
                    && status == key.status
                    && error == key.error
                    && route.equals(key.route)
                    && method.equals(key.method)
                    && server.equals(key.server)
                    && name.equals(key.name);
        }

        @Override
        public int hashCode() {
            int hash = route.hashCode();
            hash = 31 * hash + method.hashCode();
            hash = 31 * hash + status;
            hash = 31 * hash + server.hashCode();
            hash = 31 * hash + name.hashCode();
            return 31 * hash + error.hashCode();
        }
    }

    private record ActiveKey(String name, String server, String method, String route) {}

    RequestMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    MeterRegistry registry() {
        return registry;
    }

    /**
     * The timer {@code name} of one combination, registered with {@code tags} (the low-cardinality key values, to
     * which the default meter handler's {@code error} tag is added) the first time the combination is seen.
     */
    Timer timer(
            String name, String server, String method, String route, int status, Throwable error, Supplier<Tags> tags) {
        TimerKey key = new TimerKey(
                name,
                server,
                DefaultKamaeliaServerRequestObservationConvention.knownMethod(method),
                route,
                status,
                error == null ? Void.class : error.getClass());
        Timer known = timers.get(key);
        if (known != null) {
            return known;
        }
        // The default meter handler's error tag: the exception's simple name, or none.
        String errorName = error == null ? "none" : error.getClass().getSimpleName();
        return timers.computeIfAbsent(
                key,
                k -> Timer.builder(name)
                        .tags(tags.get().and("error", errorName))
                        .register(registry));
    }

    /**
     * The long-task timer {@code name.active} of a request's server, method and route, tagged as the default
     * convention tags a request without a response (status and outcome {@code UNKNOWN}, exception {@code none}).
     */
    LongTaskTimer active(String name, String server, String method, String route) {
        ActiveKey key = new ActiveKey(
                name, server, DefaultKamaeliaServerRequestObservationConvention.knownMethod(method), route);
        LongTaskTimer known = active.get(key);
        return known != null
                ? known
                : active.computeIfAbsent(
                        key,
                        k -> LongTaskTimer.builder(k.name() + ".active")
                                .tags(activeTags(k))
                                .register(registry));
    }

    /** The meter tags of {@code keyValues}, key for key. */
    static Tags tagsOf(Iterable<KeyValue> keyValues) {
        List<Tag> tags = new ArrayList<>();
        for (KeyValue keyValue : keyValues) {
            tags.add(Tag.of(keyValue.getKey(), keyValue.getValue()));
        }
        return Tags.of(tags);
    }

    /** The timers made so far, one per combination of tag values; for tests and diagnostics. */
    int timersMade() {
        return timers.size();
    }

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
}
