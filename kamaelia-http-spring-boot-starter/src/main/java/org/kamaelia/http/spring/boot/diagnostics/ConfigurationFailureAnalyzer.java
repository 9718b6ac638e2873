package org.kamaelia.http.spring.boot.diagnostics;

import org.kamaelia.http.spring.boot.KamaeliaHttpConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a mistake in the {@code kamaelia.http.*} configuration by its key, with the change that fixes it. */
final class ConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<KamaeliaHttpConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, KamaeliaHttpConfigurationException cause) {
        return new FailureAnalysis(
                "Invalid Kamaelia HTTP configuration: " + cause.getKey() + ": " + cause.getProblem() + ".",
                cause.getAction(),
                cause);
    }
}
