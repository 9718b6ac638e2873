package org.kamaelia.http.spring.boot.server;

import java.util.Set;
import org.kamaelia.http.handler.RequestHandlerFactory;

/**
 * One {@code @KamaeliaRoute} as found on a bean or a method, before it is checked against the other routes.
 *
 * @param server the server it names
 * @param path the path prefix, without a trailing slash ({@code /} for everything)
 * @param methods the methods it answers, upper case (any when empty)
 * @param factory what serves it
 * @param source the annotation and where it sits, for messages
 */
record AnnotatedRoute(String server, String path, Set<String> methods, RequestHandlerFactory factory, String source) {

    /** Whether a request could match both this route and {@code other} by method. */
    boolean methodsOverlap(AnnotatedRoute other) {
        return methods.isEmpty() || other.methods.isEmpty() || methods.stream().anyMatch(other.methods::contains);
    }
}
