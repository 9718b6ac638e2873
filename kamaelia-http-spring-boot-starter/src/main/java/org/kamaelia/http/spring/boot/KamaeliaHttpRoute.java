package org.kamaelia.http.spring.boot;

import java.util.Objects;
import java.util.Set;
import org.kamaelia.http.handler.RequestHandlerFactory;

/**
 * A route declared in code: a bean of this type adds {@code factory} under {@code prefix} on the server
 * called {@code server}, next to the routes from properties.
 *
 * <pre>{@code
 * @Bean
 * KamaeliaHttpRoute ticker() {
 *     return new KamaeliaHttpRoute("api", "/ticker", head -> new Ticker(), Set.of("GET"));
 * }
 * }</pre>
 *
 * @param server the name of the server (a key under {@code kamaelia.http.servers})
 * @param prefix the path prefix
 * @param factory what serves the route
 * @param methods the methods answered (any when empty)
 */
public record KamaeliaHttpRoute(String server, String prefix, RequestHandlerFactory factory, Set<String> methods) {

    /** Validates the values. */
    public KamaeliaHttpRoute {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(factory, "factory");
        methods = Set.copyOf(methods);
    }
}
