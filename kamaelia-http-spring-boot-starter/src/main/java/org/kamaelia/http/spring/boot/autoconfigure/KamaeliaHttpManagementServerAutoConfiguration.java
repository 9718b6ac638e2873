package org.kamaelia.http.spring.boot.autoconfigure;

import org.kamaelia.http.handler.Handlers;
import org.kamaelia.http.handler.RequestHandlerFactory;
import org.kamaelia.http.spring.boot.actuate.ActuatorWebEndpoints;
import org.kamaelia.http.spring.boot.actuate.LocalManagementPortPublisher;
import org.kamaelia.http.spring.boot.actuate.ManagementServer;
import org.kamaelia.http.spring.boot.actuate.ManagementServerPostProcessor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpointDiscoverer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnNotWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

/**
 * Actuator on a Kamaelia server of its own when {@code management.server.port} is set in an application without a
 * servlet or reactive server (with one, Boot's own management context serves that port): the server called
 * {@code management}, on {@code management.server.address}, with the endpoints under
 * {@code management.server.base-path} + {@code management.endpoints.web.base-path}. Port {@code -1} turns HTTP
 * endpoints off, as in Boot. The endpoints it serves are {@link KamaeliaHttpActuatorAutoConfiguration}'s.
 */
@AutoConfiguration(after = KamaeliaHttpActuatorAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = KamaeliaHttpAutoConfiguration.ENABLED, matchIfMissing = true)
@ConditionalOnClass({WebEndpointDiscoverer.class, JsonMapper.class, HttpCodeStatusMapper.class})
@ConditionalOnNotWebApplication
@ConditionalOnProperty(name = "management.server.port")
public final class KamaeliaHttpManagementServerAutoConfiguration {

    // static: a post-processor must exist before the configuration class itself is made
    @Bean
    static ManagementServerPostProcessor kamaeliaManagementServerPostProcessor(Environment environment) {
        return new ManagementServerPostProcessor(environment);
    }

    @Bean(ManagementServerPostProcessor.HANDLER_BEAN)
    RequestHandlerFactory kamaeliaManagementActuator(
            ActuatorWebEndpoints endpoints,
            Environment environment,
            WebEndpointProperties web,
            ObjectProvider<HttpCodeStatusMapper> codes) {
        String basePath = ManagementServer.of(environment).endpointsPath(web);
        return Handlers.blocking(endpoints
                .handler(basePath, WebServerNamespace.MANAGEMENT, codes)
                // on a server of its own the base path answers with links even at the root, as in Boot
                .links(web.getDiscovery().isEnabled())
                .build());
    }

    @Bean
    LocalManagementPortPublisher kamaeliaLocalManagementPortPublisher() {
        return new LocalManagementPortPublisher();
    }
}
