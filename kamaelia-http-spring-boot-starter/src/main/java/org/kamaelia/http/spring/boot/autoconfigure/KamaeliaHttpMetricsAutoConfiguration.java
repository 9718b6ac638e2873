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
import org.kamaelia.http.spring.boot.metrics.ObservedRequestHandlers;
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
 * code when Boot's observation registry (and so tracing, if present) is there.
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
     * Gives every route's handler the scope of its request's observation and the observation the request's head,
     * so that an incoming trace is continued and the handler logs with its trace id; only with Boot's observation
     * registry (which is where tracing handlers are).
     */
    @Bean
    @ConditionalOnBean(ObservationRegistry.class)
    @ConditionalOnMissingBean
    ObservedRequestHandlers kamaeliaObservedRequestHandlers(ObservationRegistry observationRegistry) {
        return new ObservedRequestHandlers(observationRegistry);
    }

    /** The {@code http.server.requests} observations; counting is left to the statistics the binder reads. */
    // by name: other observer factories add to the observations rather than replace them
    @Bean
    @ConditionalOnMissingBean(name = "kamaeliaHttpMetrics")
    KamaeliaHttpObserverFactory kamaeliaHttpMetrics(
            MeterRegistry registry,
            ObjectProvider<ObservationRegistry> observationRegistry,
            KamaeliaServerRequestObservationConvention convention,
            ObjectProvider<ObservedRequestHandlers> handlers) {
        ObservationRegistry observations = observationRegistry.getIfAvailable(() -> {
            // Without Boot's observation auto-configuration, an own registry still turns observations into timers.
            ObservationRegistry own = ObservationRegistry.create();
            own.observationConfig()
                    .observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
                            new KamaeliaRequestMeterObservationHandler(registry, true),
                            new DefaultMeterObservationHandler(registry)));
            return own;
        });
        if (observations.isNoop()) {
            return name -> HttpObserver.NONE;
        }
        ObservedRequestHandlers requests = handlers.getIfAvailable();
        return name -> new HttpServerRequestsObserver(observations, name, convention, requests);
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
        Set<String> ignored = Binder.get(environment)
                .bind("management.metrics.observations.ignored-meters", Bindable.setOf(String.class))
                .orElse(Set.of());
        boolean activeTimers = ignored.stream()
                .map(value -> value.toUpperCase(Locale.ROOT).replace('-', '_'))
                .noneMatch("LONG_TASK_TIMER"::equals);
        return new KamaeliaRequestMeterObservationHandler(registry, activeTimers);
    }
}
