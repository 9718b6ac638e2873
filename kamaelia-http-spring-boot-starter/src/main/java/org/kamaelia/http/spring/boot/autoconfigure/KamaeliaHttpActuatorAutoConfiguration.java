package org.kamaelia.http.spring.boot.autoconfigure;

import java.util.Collection;
import java.util.List;
import org.kamaelia.http.handler.Handlers;
import org.kamaelia.http.handler.RequestHandlerFactory;
import org.kamaelia.http.spring.boot.actuate.ActuatorRequestHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.IncludeExcludeEndpointFilter;
import org.springframework.boot.actuate.endpoint.EndpointFilter;
import org.springframework.boot.actuate.endpoint.invoke.convert.ConversionServiceParameterValueMapper;
import org.springframework.boot.actuate.endpoint.jackson.EndpointJsonMapper;
import org.springframework.boot.actuate.endpoint.web.EndpointMediaTypes;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpointDiscoverer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.function.SingletonSupplier;
import tools.jackson.databind.json.JsonMapper;

/**
 * A handler factory bean, {@code kamaeliaActuator}, that serves Actuator's web endpoints over a Kamaelia server:
 * route it like any handler (prefix = {@code management.endpoints.web.base-path}, {@code /actuator} by default)
 * and an application needs no servlet container or reactive server for its management port. It honours
 * {@code management.endpoints.web.exposure.include/exclude}.
 */
@AutoConfiguration(
        after = KamaeliaHttpAutoConfiguration.class,
        afterName = "org.springframework.boot.actuate.autoconfigure.endpoint.jackson.JacksonEndpointAutoConfiguration")
@ConditionalOnBooleanProperty(name = KamaeliaHttpAutoConfiguration.ENABLED, matchIfMissing = true)
@ConditionalOnClass({WebEndpointDiscoverer.class, JsonMapper.class, HttpCodeStatusMapper.class})
public final class KamaeliaHttpActuatorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "kamaeliaActuator")
    RequestHandlerFactory kamaeliaActuator(
            ApplicationContext context,
            Environment environment,
            ObjectProvider<WebEndpointsSupplier> suppliers,
            ObjectProvider<EndpointJsonMapper> endpointJson,
            ObjectProvider<HttpCodeStatusMapper> healthCodes) {
        String basePath = environment.getProperty("management.endpoints.web.base-path", "/actuator");
        SingletonSupplier<Collection<ExposableWebEndpoint>> endpoints = SingletonSupplier.of(() -> {
            WebEndpointsSupplier supplier = suppliers.getIfAvailable(() -> discoverer(context, environment));
            return supplier.getEndpoints();
        });
        SingletonSupplier<JsonMapper> json = SingletonSupplier.of(() -> {
            EndpointJsonMapper mapper = endpointJson.getIfAvailable();
            return mapper != null ? mapper.get() : JsonMapper.builder().build();
        });
        HttpCodeStatusMapper codes = healthCodes.getIfAvailable(() -> HttpCodeStatusMapper.DEFAULT);
        return Handlers.blocking(new ActuatorRequestHandler(basePath, endpoints, json, codes));
    }

    /** Discovers the web endpoints when no web server auto-configuration did (an application with no other server). */
    private static WebEndpointsSupplier discoverer(ApplicationContext context, Environment environment) {
        EndpointFilter<ExposableWebEndpoint> exposure = new IncludeExcludeEndpointFilter<>(
                ExposableWebEndpoint.class, environment, "management.endpoints.web.exposure", "health");
        return new WebEndpointDiscoverer(
                context,
                new ConversionServiceParameterValueMapper(ApplicationConversionService.getSharedInstance()),
                EndpointMediaTypes.DEFAULT,
                List.of(),
                List.of(),
                List.of(),
                List.of(exposure),
                List.of());
    }
}
