package org.kamaelia.http.spring.boot;

/** A mistake in the Kamaelia HTTP configuration, found at startup; the message names the offending key. */
public class KamaeliaHttpConfigurationException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final String problem;
    private final String action;

    /** An exception about {@code key}, whose fix is to change that key so that {@code problem} goes away. */
    public KamaeliaHttpConfigurationException(String key, String problem) {
        this(key, problem, null);
    }

    /** An exception about {@code key}, with the {@code action} that fixes it. */
    public KamaeliaHttpConfigurationException(String key, String problem, String action) {
        super(key + ": " + problem);
        this.key = key;
        this.problem = problem;
        this.action = action;
    }

    /** The offending key, such as {@code kamaelia.http.servers.api.port}. */
    public String getKey() {
        return key;
    }

    /** What is wrong with it. */
    public String getProblem() {
        return problem;
    }

    /** What fixes it: the action given when thrown, or else a change of the key. */
    public String getAction() {
        return action != null
                ? action
                : "Change " + key + " in the application's configuration (application.properties or .yaml, or the"
                        + " environment) so that it is valid; docs/configuration.md lists every key and its default.";
    }
}
