package org.kamaelia.http.spring.boot.autoconfigure;

/** A mistake in the Kamaelia HTTP configuration, found at startup; the message names the offending key. */
public class KamaeliaHttpConfigurationException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** An exception about {@code key}. */
    public KamaeliaHttpConfigurationException(String key, String problem) {
        super(key + ": " + problem);
    }
}
