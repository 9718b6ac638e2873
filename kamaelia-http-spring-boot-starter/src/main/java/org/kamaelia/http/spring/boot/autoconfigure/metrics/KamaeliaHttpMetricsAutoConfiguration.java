package org.kamaelia.http.spring.boot.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.kamaelia.http.spring.boot.autoconfigure.KamaeliaHttpAutoConfiguration;
import org.kamaelia.http.spring.boot.autoconfigure.KamaeliaHttpObserverFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/** Micrometer meters for every Kamaelia HTTP server, when Micrometer is present and a registry exists. */
@AutoConfiguration(
        before = KamaeliaHttpAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
        })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public final class KamaeliaHttpMetricsAutoConfiguration {

    @Bean
    KamaeliaHttpObserverFactory kamaeliaHttpMetrics(MeterRegistry registry) {
        return name -> new MicrometerHttpObserver(registry, name);
    }
}
