package org.kamaelia.http.spring.boot.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.Locale;
import java.util.Set;
import org.kamaelia.http.spring.boot.autoconfigure.KamaeliaHttpAutoConfiguration;
import org.kamaelia.http.spring.boot.autoconfigure.KamaeliaHttpObserverFactory;
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

/** Micrometer meters for every Kamaelia HTTP server, when Micrometer is present and a registry exists. */
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

    // by name: other observer factories add to the metrics rather than replace them
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
        return name -> new MicrometerHttpObserver(registry, observations, name);
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
