package org.kamaelia.http.spring.boot.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.Locale;
import java.util.Set;
import org.kamaelia.http.spring.boot.KamaeliaHttpObserverFactory;
import org.kamaelia.http.spring.boot.KamaeliaHttpServers;
import org.kamaelia.http.spring.boot.metrics.HttpServerRequestsObserver;
import org.kamaelia.http.spring.boot.metrics.KamaeliaHttpMeterBinder;
import org.kamaelia.http.spring.boot.metrics.KamaeliaRequestMeterObservationHandler;
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
 * in core), and the {@code http.server.requests} observation of each request.
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

    /** The {@code kamaelia.http.*} meters; Boot binds every {@code MeterBinder} bean to its registry. */
    @Bean
    @ConditionalOnMissingBean(name = "kamaeliaHttpMeterBinder")
    MeterBinder kamaeliaHttpMeterBinder(ObjectProvider<KamaeliaHttpServers> servers) {
        return registry -> servers.ifAvailable(available -> new KamaeliaHttpMeterBinder(available).bindTo(registry));
    }

    /** The {@code http.server.requests} observations; counting is left to the statistics the binder reads. */
    // by name: other observer factories add to the observations rather than replace them
    @Bean
    @ConditionalOnMissingBean(name = "kamaeliaHttpMetrics")
    KamaeliaHttpObserverFactory kamaeliaHttpMetrics(
            MeterRegistry registry, ObjectProvider<ObservationRegistry> observationRegistry) {
        ObservationRegistry observations = observationRegistry.getIfAvailable(() -> {
            // Without Boot's observation auto-configuration, an own registry still turns observations into timers.
            ObservationRegistry own = ObservationRegistry.create();
            own.observationConfig()
                    .observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
                            new KamaeliaRequestMeterObservationHandler(registry, true),
                            new DefaultMeterObservationHandler(registry)));
            return own;
        });
        return name -> new HttpServerRequestsObserver(observations, name);
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
