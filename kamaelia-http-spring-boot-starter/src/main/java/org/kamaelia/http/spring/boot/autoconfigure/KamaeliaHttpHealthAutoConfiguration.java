package org.kamaelia.http.spring.boot.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import org.kamaelia.http.spring.boot.KamaeliaHttpServers;
import org.kamaelia.http.spring.boot.actuate.ServerHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * A health contributor {@code kamaeliaHttp} with one indicator per server: UP while listening, OUT_OF_SERVICE
 * while draining, DOWN when it failed to start.
 */
@AutoConfiguration(after = KamaeliaHttpAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = KamaeliaHttpAutoConfiguration.ENABLED, matchIfMissing = true)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(KamaeliaHttpServers.class)
@ConditionalOnEnabledHealthIndicator("kamaeliaHttp")
public final class KamaeliaHttpHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "kamaeliaHttpHealthContributor")
    CompositeHealthContributor kamaeliaHttpHealthContributor(KamaeliaHttpServers servers) {
        Map<String, HealthIndicator> indicators = new LinkedHashMap<>();
        for (String name : servers.entries().keySet()) {
            indicators.put(name, new ServerHealthIndicator(servers, name));
        }
        return CompositeHealthContributor.fromMap(indicators);
    }
}
