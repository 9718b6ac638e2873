package org.kamaelia.http.spring.boot.diagnostics;

import org.kamaelia.http.spring.boot.KamaeliaRouteException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@code @KamaeliaRoute} that cannot be served by the annotation and where it sits (bean and method),
 * with the change that fixes it.
 */
final class RouteAnnotationFailureAnalyzer extends AbstractFailureAnalyzer<KamaeliaRouteException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, KamaeliaRouteException cause) {
        return new FailureAnalysis(
                "Invalid Kamaelia HTTP route: " + cause.getSource() + ": " + cause.getProblem() + ".",
                cause.getAction(),
                cause);
    }
}
