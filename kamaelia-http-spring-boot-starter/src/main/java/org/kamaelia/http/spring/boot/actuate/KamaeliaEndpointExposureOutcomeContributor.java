package org.kamaelia.http.spring.boot.actuate;

import java.util.Set;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.EndpointExposureOutcomeContributor;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.IncludeExcludeEndpointFilter;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.core.env.Environment;

/**
 * Tells Actuator's endpoint conditions that an endpoint included by {@code management.endpoints.web.exposure.*}
 * is exposed over the web even in an application without a servlet or reactive server, because a Kamaelia server
 * can serve it (the {@code kamaeliaActuator} handler). Registered in {@code META-INF/spring.factories}.
 */
public final class KamaeliaEndpointExposureOutcomeContributor implements EndpointExposureOutcomeContributor {
    private final IncludeExcludeEndpointFilter<ExposableWebEndpoint> filter;

    /** A contributor reading the web exposure properties of {@code environment}. */
    public KamaeliaEndpointExposureOutcomeContributor(Environment environment) {
        this.filter = new IncludeExcludeEndpointFilter<>(
                ExposableWebEndpoint.class, environment, "management.endpoints.web.exposure", "health");
    }

    @Override
    public ConditionOutcome getExposureOutcome(
            EndpointId endpointId, Set<EndpointExposure> exposures, ConditionMessage.Builder message) {
        if (exposures.contains(EndpointExposure.WEB) && filter.match(endpointId)) {
            return ConditionOutcome.match(
                    message.because("marked as exposed by 'management.endpoints.web.exposure' for Kamaelia HTTP"));
        }
        return ConditionOutcome.noMatch(message.because("not exposed for Kamaelia HTTP"));
    }
}
