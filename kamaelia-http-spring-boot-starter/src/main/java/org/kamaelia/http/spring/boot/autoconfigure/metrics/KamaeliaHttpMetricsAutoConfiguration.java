package org.kamaelia.http.spring.boot.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.kamaelia.http.spring.boot.autoconfigure.KamaeliaHttpAutoConfiguration;
import org.kamaelia.http.spring.boot.autoconfigure.KamaeliaHttpObserverFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/** Micrometer meters for every Kamaelia HTTP server, when Micrometer is present and a registry exists. */
@AutoConfiguration(
        before = KamaeliaHttpAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
            "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"
        })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public final class KamaeliaHttpMetricsAutoConfiguration {

    @Bean
    KamaeliaHttpObserverFactory kamaeliaHttpMetrics(
            MeterRegistry registry, ObjectProvider<ObservationRegistry> observationRegistry) {
        ObservationRegistry observations = observationRegistry.getIfAvailable(() -> {
            // Without Boot's observation auto-configuration, an own registry still turns observations into timers.
            ObservationRegistry own = ObservationRegistry.create();
            own.observationConfig().observationHandler(new DefaultMeterObservationHandler(registry));
            return own;
        });
        return name -> new MicrometerHttpObserver(registry, observations, name);
    }
}
