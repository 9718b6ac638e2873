package org.kamaelia.http.spring.boot.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.Locale;
import java.util.Set;
import org.kamaelia.http.observe.HttpObserver;
import org.kamaelia.http.spring.boot.KamaeliaHttpObserverFactory;
import org.kamaelia.http.spring.boot.KamaeliaHttpServers;
import org.kamaelia.http.spring.boot.metrics.DefaultKamaeliaServerRequestObservationConvention;
import org.kamaelia.http.spring.boot.metrics.HttpServerRequestsObserver;
import org.kamaelia.http.spring.boot.metrics.KamaeliaHttpMeterBinder;
import org.kamaelia.http.spring.boot.metrics.KamaeliaRequestMeterObservationHandler;
import org.kamaelia.http.spring.boot.metrics.KamaeliaServerRequestObservationConvention;
import org.kamaelia.http.spring.boot.metrics.ObservationShortcut;
import org.kamaelia.http.spring.boot.metrics.ObservedRequestHandlers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Micrometer for every Kamaelia HTTP server, when Micrometer is present and a registry exists: a
 * {@link MeterBinder} whose {@code kamaelia.http.*} function meters read each server's statistics (counted once,
 * in core), and the {@code http.server.requests} observation of each request: named and keyed by a replaceable
 * {@link KamaeliaServerRequestObservationConvention}, continuing an incoming trace and opened around the handler's
 * code when Boot's observation registry (and so tracing, if present) is there. When nothing but meter handlers
 * would see those observations ({@link ObservationShortcut}), the same timer is recorded from core's request
 * reports instead, without an observation per request.
 */
@AutoConfiguration(
        before = KamaeliaHttpAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
            "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"
        })
@ConditionalOnBooleanProperty(name = KamaeliaHttpAutoConfiguration.ENABLED, matchIfMissing = true)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public final class KamaeliaHttpMetricsAutoConfiguration {
    /** Boot's property naming the server request observations (and so their timer). */
    static final String OBSERVATION_NAME = "management.observations.http.server.requests.name";

    /** The starter's switch for timing requests without observations when nothing else would see them. */
    static final String SHORTCUT = "kamaelia.http.observations.shortcut";

    /** The starter's switch for the {@code .active} long task timer of requests in progress. */
    static final String LONG_TASK_TIMER = "kamaelia.http.observations.long-task-timer";

    private static final Logger LOG = LoggerFactory.getLogger(KamaeliaHttpMetricsAutoConfiguration.class);

    /** The {@code kamaelia.http.*} meters; Boot binds every {@code MeterBinder} bean to its registry. */
    @Bean
    @ConditionalOnMissingBean(name = "kamaeliaHttpMeterBinder")
    MeterBinder kamaeliaHttpMeterBinder(ObjectProvider<KamaeliaHttpServers> servers) {
        return registry -> servers.ifAvailable(available -> new KamaeliaHttpMeterBinder(available).bindTo(registry));
    }

    /**
     * The name and key values of the {@code http.server.requests} observations; a bean of the convention's type
     * replaces it. The name is Boot's {@code management.observations.http.server.requests.name}, read here rather
     * than from Boot's {@code ObservationProperties} so that the starter needs no compile-time dependency on
     * {@code spring-boot-micrometer-observation}.
     */
    @Bean
    @ConditionalOnMissingBean(KamaeliaServerRequestObservationConvention.class)
    DefaultKamaeliaServerRequestObservationConvention kamaeliaServerRequestObservationConvention(
            Environment environment) {
        String name = Binder.get(environment)
                .bind(OBSERVATION_NAME, String.class)
                .orElse(DefaultKamaeliaServerRequestObservationConvention.DEFAULT_NAME);
        return new DefaultKamaeliaServerRequestObservationConvention(name);
    }

    /**
     * Whether requests are timed without an observation each, decided once the servers start: only when nothing
     * but meter handlers would see the observations ({@link ObservationShortcut}).
     */
    @Bean
    @ConditionalOnMissingBean
    ObservationShortcut kamaeliaObservationShortcut(
            Environment environment,
            ObjectProvider<ObservationRegistry> observationRegistry,
            ListableBeanFactory beans,
            KamaeliaServerRequestObservationConvention convention) {
        boolean allowed = Binder.get(environment).bind(SHORTCUT, Boolean.class).orElse(true);
        // Without Boot's registry, the starter's own has only meter handlers: there are no beans to look at.
        return new ObservationShortcut(
                allowed, observationRegistry.getIfAvailable() == null ? null : beans, convention);
    }

    /**
     * Gives every route's handler the scope of its request's observation and the observation the request's head,
     * so that an incoming trace is continued and the handler logs with its trace id; only with Boot's observation
     * registry (which is where tracing handlers are), and not when requests are timed without observations.
     */
    @Bean
    @ConditionalOnBean(ObservationRegistry.class)
    @ConditionalOnMissingBean
    ObservedRequestHandlers kamaeliaObservedRequestHandlers(
            ObservationRegistry observationRegistry, ObservationShortcut shortcut) {
        return new ObservedRequestHandlers(observationRegistry, shortcut);
    }

    /**
     * The {@code http.server.requests} timer of every request: through an observation each, or straight from the
     * core's request reports when {@link ObservationShortcut} applies. Counting is left to the statistics the
     * binder reads.
     */
    // by name: other observer factories add to the observations rather than replace them
    @Bean
    @ConditionalOnMissingBean(name = "kamaeliaHttpMetrics")
    KamaeliaHttpObserverFactory kamaeliaHttpMetrics(
            MeterRegistry registry,
            ObjectProvider<ObservationRegistry> observationRegistry,
            KamaeliaServerRequestObservationConvention convention,
            ObjectProvider<ObservedRequestHandlers> handlers,
            ObjectProvider<KamaeliaRequestMeterObservationHandler> meterHandler,
            ObservationShortcut shortcut,
            Environment environment) {
        KamaeliaRequestMeterObservationHandler ownMeterHandler =
                new KamaeliaRequestMeterObservationHandler(registry, activeTimers(environment));
        ObservationRegistry observations = observationRegistry.getIfAvailable(() -> {
            // Without Boot's observation auto-configuration, an own registry still turns observations into timers.
            ObservationRegistry own = ObservationRegistry.create();
            own.observationConfig()
                    .observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
                            ownMeterHandler, new DefaultMeterObservationHandler(registry)));
            return own;
        });
        if (observations.isNoop()) {
            return name -> HttpObserver.NONE;
        }
        ObservedRequestHandlers requests = handlers.getIfAvailable();
        return name -> {
            ObservationShortcut.Decision decision = shortcut.decision();
            if (!decision.applies()) {
                LOG.debug("Server {} times http.server.requests through observations: {}", name, decision.reason());
                return new HttpServerRequestsObserver(observations, name, convention, requests);
            }
            LOG.debug("Server {} times http.server.requests without observations: {}", name, decision.reason());
            if (!decision.timed()) {
                return HttpObserver.NONE; // management.observations.enable.* switched the observation off
            }
            return meterHandler
                    .getIfAvailable(() -> ownMeterHandler)
                    .recorderFor(
                            name,
                            (DefaultKamaeliaServerRequestObservationConvention) convention,
                            decision.commonKeyValues());
        };
    }

    /**
     * Records Kamaelia's {@code http.server.requests} observations from meters found once per tag combination;
     * Boot's observation auto-configuration puts it first among the meter handlers.
     */
    @Bean
    @ConditionalOnBean(ObservationRegistry.class)
    @ConditionalOnMissingBean
    KamaeliaRequestMeterObservationHandler kamaeliaRequestMeterObservationHandler(
            MeterRegistry registry, Environment environment) {
        return new KamaeliaRequestMeterObservationHandler(registry, activeTimers(environment));
    }

    /**
     * Whether the {@code .active} long task timer is kept: only when asked for with
     * {@code kamaelia.http.observations.long-task-timer}, and not when Boot's
     * {@code management.metrics.observations.ignored-meters} lists long task timers.
     */
    private static boolean activeTimers(Environment environment) {
        Binder binder = Binder.get(environment);
        boolean asked = binder.bind(LONG_TASK_TIMER, Boolean.class).orElse(false);
        Set<String> ignored = binder.bind(
                        "management.metrics.observations.ignored-meters", Bindable.setOf(String.class))
                .orElse(Set.of());
        return asked
                && ignored.stream()
                        .map(value -> value.toUpperCase(Locale.ROOT).replace('-', '_'))
                        .noneMatch("LONG_TASK_TIMER"::equals);
    }
}
