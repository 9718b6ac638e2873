package org.kamaelia.http.spring.boot;

/**
 * A {@link KamaeliaRoute} that cannot be served, found at startup: it names an unknown server, claims a path and
 * method that another route already serves, or sits on a bean or method of a shape the starter cannot call.
 */
public class KamaeliaRouteException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String problem;
    private final String action;

    /**
     * An exception about the route declared by {@code source} (the annotation and where it sits), with the
     * {@code action} that fixes it.
     */
    public KamaeliaRouteException(String source, String problem, String action) {
        super(source + ": " + problem);
        this.source = source;
        this.problem = problem;
        this.action = action;
    }

    /** The offending declaration, such as {@code @KamaeliaRoute(server = "api", path = "/x") on bean 'clock'}. */
    public String getSource() {
        return source;
    }

    /** What is wrong with it. */
    public String getProblem() {
        return problem;
    }

    /** What fixes it. */
    public String getAction() {
        return action;
    }
}
