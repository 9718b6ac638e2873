package org.kamaelia.http.spring.boot.autoconfigure;

import org.kamaelia.http.spring.boot.KamaeliaHttpServers;
import org.kamaelia.http.spring.boot.actuate.KamaeliaHttpEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The {@code kamaelia} Actuator endpoint, when Actuator is present and the endpoint is available. */
@AutoConfiguration(after = KamaeliaHttpAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = KamaeliaHttpAutoConfiguration.ENABLED, matchIfMissing = true)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(KamaeliaHttpServers.class)
@ConditionalOnAvailableEndpoint(endpoint = KamaeliaHttpEndpoint.class)
public final class KamaeliaHttpEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    KamaeliaHttpEndpoint kamaeliaHttpEndpoint(KamaeliaHttpServers servers) {
        return new KamaeliaHttpEndpoint(servers);
    }
}
