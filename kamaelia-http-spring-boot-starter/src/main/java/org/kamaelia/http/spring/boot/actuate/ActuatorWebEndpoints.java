package org.kamaelia.http.spring.boot.actuate;

import java.util.Collection;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.jackson.EndpointJsonMapper;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.util.function.SingletonSupplier;
import tools.jackson.databind.json.JsonMapper;

/**
 * The application's Actuator web endpoints and JSON mapper, found once, when a Kamaelia server first serves an
 * Actuator request, and shared by every {@link ActuatorRequestHandler} the starter makes (the hand-routed
 * {@code kamaeliaActuator} bean, the one on {@code kamaelia.http.management-server}, the management server's).
 *
 * <p>Found late on purpose: discovering the endpoints makes their beans, and the {@code kamaelia} endpoint needs the
 * servers, which are made with their handlers.
 *
 * <pre>{@code
 * Handlers.blocking(endpoints.handler("/actuator", WebServerNamespace.MANAGEMENT, codes).build());
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class ActuatorWebEndpoints {
    /** The name of the handler bean for routes written by hand. */
    public static final String HANDLER_BEAN = "kamaeliaActuator";

    private final SingletonSupplier<Collection<ExposableWebEndpoint>> endpoints;
    private final SingletonSupplier<JsonMapper> json;

    /** The endpoints of the one {@code suppliers} gives, written with Actuator's {@code json} mapper if any. */
    public ActuatorWebEndpoints(
            ObjectProvider<WebEndpointsSupplier> suppliers, ObjectProvider<EndpointJsonMapper> json) {
        this.endpoints = SingletonSupplier.of(() -> suppliers.getObject().getEndpoints());
        this.json = SingletonSupplier.of(() -> {
            EndpointJsonMapper mapper = json.getIfAvailable();
            return mapper != null ? mapper.get() : JsonMapper.builder().build();
        });
    }

    /** A handler builder for these endpoints under {@code basePath}, reached in {@code namespace}. */
    public ActuatorRequestHandler.Builder handler(
            String basePath, WebServerNamespace namespace, ObjectProvider<HttpCodeStatusMapper> healthCodes) {
        return ActuatorRequestHandler.builder(endpoints)
                .basePath(basePath)
                .json(json)
                .namespace(namespace)
                .healthCodes(healthCodes.getIfAvailable(() -> HttpCodeStatusMapper.DEFAULT));
    }
}
