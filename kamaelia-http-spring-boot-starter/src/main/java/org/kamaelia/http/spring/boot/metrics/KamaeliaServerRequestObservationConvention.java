package org.kamaelia.http.spring.boot.metrics;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The name and key values of Kamaelia's {@code http.server.requests} observations, in the manner of Spring's
 * {@code ServerRequestObservationConvention}: a bean of this type replaces
 * {@link DefaultKamaeliaServerRequestObservationConvention}, which may also be extended.
 */
public interface KamaeliaServerRequestObservationConvention
        extends ObservationConvention<KamaeliaServerRequestObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof KamaeliaServerRequestObservationContext;
    }
}
