package org.kamaelia.http.spring.boot.autoconfigure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kamaelia.http.handler.Handlers;
import org.kamaelia.http.handler.RequestHandlerFactory;
import org.kamaelia.http.spring.boot.KamaeliaHttpConfigurationException;
import org.kamaelia.http.spring.boot.KamaeliaHttpProperties;
import org.kamaelia.http.spring.boot.KamaeliaHttpRoute;
import org.kamaelia.http.spring.boot.actuate.ActuatorRequestHandler;
import org.kamaelia.http.spring.boot.actuate.ActuatorWebEndpoints;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.PropertiesEndpointAccessResolver;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.IncludeExcludeEndpointFilter;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.endpoint.EndpointAccessResolver;
import org.springframework.boot.actuate.endpoint.EndpointFilter;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.OperationFilter;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvokerAdvisor;
import org.springframework.boot.actuate.endpoint.invoke.ParameterValueMapper;
import org.springframework.boot.actuate.endpoint.invoke.convert.ConversionServiceParameterValueMapper;
import org.springframework.boot.actuate.endpoint.jackson.EndpointJsonMapper;
import org.springframework.boot.actuate.endpoint.web.AdditionalPathsMapper;
import org.springframework.boot.actuate.endpoint.web.EndpointMediaTypes;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.actuate.endpoint.web.PathMapper;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.boot.actuate.endpoint.web.WebOperation;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpointDiscoverer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

/**
 * Actuator's web endpoints over Kamaelia servers, with no servlet container or reactive server needed.
 *
 * <ul>
 *   <li>{@code kamaelia.http.management-server=api} serves them on the server called {@code api}, under
 *       {@code management.endpoints.web.base-path} ({@code /actuator}).
 *   <li>A handler bean, {@code kamaeliaActuator}, for routing by hand (a route whose prefix is the base path).
 *   <li>In an application without another web server, the endpoint discovery Boot's own web endpoint
 *       auto-configuration would make: exposure, {@code management.endpoint.<id>.access} with the
 *       {@code management.endpoints.access.*} defaults and ceiling (Boot's {@link EndpointAccessResolver}), the
 *       response cache ({@code management.endpoint.<id>.cache.time-to-live}, Boot's invoker advisors),
 *       {@code management.endpoints.web.path-mapping.<id>} and Boot's parameter mapper.
 * </ul>
 *
 * A separate management port ({@code management.server.port}) is {@link KamaeliaHttpManagementServerAutoConfiguration}'s.
 */
@AutoConfiguration(
        after = KamaeliaHttpAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.endpoint.jackson.JacksonEndpointAutoConfiguration"
        })
@ConditionalOnBooleanProperty(name = KamaeliaHttpAutoConfiguration.ENABLED, matchIfMissing = true)
@ConditionalOnClass({WebEndpointDiscoverer.class, JsonMapper.class, HttpCodeStatusMapper.class})
@EnableConfigurationProperties(WebEndpointProperties.class)
public final class KamaeliaHttpActuatorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = ActuatorWebEndpoints.HANDLER_BEAN)
    RequestHandlerFactory kamaeliaActuator(
            ActuatorWebEndpoints endpoints, WebEndpointProperties web, ObjectProvider<HttpCodeStatusMapper> codes) {
        return Handlers.blocking(endpoints
                .handler(web.getBasePath(), WebServerNamespace.MANAGEMENT, codes)
                .links(web.getDiscovery().isEnabled())
                .build());
    }

    @Bean
    @ConditionalOnMissingBean
    ActuatorWebEndpoints kamaeliaActuatorWebEndpoints(
            ObjectProvider<WebEndpointsSupplier> suppliers, ObjectProvider<EndpointJsonMapper> json) {
        return new ActuatorWebEndpoints(suppliers, json);
    }

    @Bean
    @ConditionalOnProperty(name = "kamaelia.http.management-server")
    KamaeliaHttpRoute kamaeliaActuatorRoute(
            KamaeliaHttpProperties properties,
            ActuatorWebEndpoints endpoints,
            WebEndpointProperties web,
            ObjectProvider<HttpCodeStatusMapper> codes,
            Environment environment) {
        String key = "kamaelia.http.management-server";
        String name = properties.getManagementServer().trim();
        if (environment.containsProperty("management.server.port")) {
            boolean off = "-1"
                    .equals(environment
                            .getProperty("management.server.port", "")
                            .trim());
            throw new KamaeliaHttpConfigurationException(
                    key,
                    "names server '" + name + "', but management.server.port "
                            + (off ? "(-1) turns HTTP endpoints off" : "asks for a management server of its own"),
                    "Set either " + key + " (Actuator on an application server) or management.server.port"
                            + " (Actuator on a port of its own), not both.");
        }
        KamaeliaHttpProperties.Server server = properties.getServers().get(name);
        if (server == null || !server.isEnabled()) {
            throw new KamaeliaHttpConfigurationException(
                    key,
                    "no enabled server called '" + name + "' is configured",
                    "Set " + key + " to the name of a server under kamaelia.http.servers, or configure one called '"
                            + name + "'.");
        }
        String basePath = ActuatorRequestHandler.normalise(web.getBasePath());
        if (basePath.isEmpty()) {
            throw new KamaeliaHttpConfigurationException(
                    "management.endpoints.web.base-path",
                    "Actuator cannot take the root of server '" + name + "', which it shares with the application",
                    "Set management.endpoints.web.base-path to a path such as /actuator, or give Actuator a port of"
                            + " its own with management.server.port.");
        }
        List<KamaeliaHttpProperties.Route> routes = server.getRoutes();
        for (int i = 0; i < routes.size(); i++) {
            if (ActuatorWebEndpoints.HANDLER_BEAN.equals(routes.get(i).getHandler())) {
                throw new KamaeliaHttpConfigurationException(
                        "kamaelia.http.servers." + name + ".routes[" + i + "].handler",
                        "routes " + ActuatorWebEndpoints.HANDLER_BEAN + " by hand, and " + key
                                + " mounts Actuator on this server too",
                        "Remove that route (" + key + " mounts Actuator at " + basePath + ") or unset " + key + ".");
            }
        }
        RequestHandlerFactory handler = Handlers.blocking(endpoints
                .handler(basePath, WebServerNamespace.SERVER, codes)
                .links(web.getDiscovery().isEnabled())
                .build());
        return new KamaeliaHttpRoute(name, basePath, handler, Set.of());
    }

    /**
     * Boot's web endpoint discovery for an application that has no servlet or reactive server, where Boot's own
     * web endpoint auto-configuration (conditional on a web application) does not run; with one, Boot's
     * discoverer is used as it is.
     */
    @Bean
    @ConditionalOnMissingBean(WebEndpointsSupplier.class)
    WebEndpointDiscoverer kamaeliaWebEndpointDiscoverer(
            ApplicationContext context,
            Environment environment,
            WebEndpointProperties web,
            ObjectProvider<ParameterValueMapper> parameterMapper,
            ObjectProvider<EndpointMediaTypes> mediaTypes,
            ObjectProvider<PathMapper> pathMappers,
            ObjectProvider<AdditionalPathsMapper> additionalPaths,
            ObjectProvider<OperationInvokerAdvisor> advisors,
            ObjectProvider<EndpointFilter<ExposableWebEndpoint>> endpointFilters,
            ObjectProvider<OperationFilter<WebOperation>> operationFilters,
            ObjectProvider<EndpointAccessResolver> access) {
        List<PathMapper> mappers = new ArrayList<>();
        mappers.add(pathMapping(web.getPathMapping()));
        pathMappers.orderedStream().forEach(mappers::add);
        List<EndpointFilter<ExposableWebEndpoint>> filters = new ArrayList<>();
        filters.add(new IncludeExcludeEndpointFilter<>(
                ExposableWebEndpoint.class, environment, "management.endpoints.web.exposure", "health"));
        endpointFilters.orderedStream().forEach(filters::add);
        List<OperationFilter<WebOperation>> operations = new ArrayList<>();
        operations.add(OperationFilter.byAccess(
                access.getIfAvailable(() -> new PropertiesEndpointAccessResolver(environment))));
        operationFilters.orderedStream().forEach(operations::add);
        return new WebEndpointDiscoverer(
                context,
                parameterMapper.getIfAvailable(() ->
                        new ConversionServiceParameterValueMapper(ApplicationConversionService.getSharedInstance())),
                mediaTypes.getIfAvailable(() -> EndpointMediaTypes.DEFAULT),
                mappers,
                additionalPaths.orderedStream().toList(),
                advisors.orderedStream().toList(),
                filters,
                operations);
    }

    /**
     * Where each web endpoint is, as Boot's web endpoint auto-configuration publishes it in a web application, so
     * that code asking Boot for an endpoint's path gets the one Kamaelia serves it at.
     */
    @Bean
    @ConditionalOnMissingBean
    PathMappedEndpoints kamaeliaPathMappedEndpoints(WebEndpointsSupplier endpoints, WebEndpointProperties web) {
        return new PathMappedEndpoints(web.getBasePath(), endpoints);
    }

    /** {@code management.endpoints.web.path-mapping.<id>}: an endpoint's path under the base path, by its id. */
    private static PathMapper pathMapping(Map<String, String> mapping) {
        Map<EndpointId, String> byId = new HashMap<>();
        mapping.forEach((id, path) -> byId.put(EndpointId.fromPropertyValue(id), path));
        return byId::get;
    }
}
