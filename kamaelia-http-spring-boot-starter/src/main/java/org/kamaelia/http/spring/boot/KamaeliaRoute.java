package org.kamaelia.http.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Routes requests under {@link #path()} on the server called {@link #server()} to the annotated handler: a second
 * way to register handlers beside {@code kamaelia.http.servers.<name>.routes}, checked at startup like them.
 *
 * <p>On a bean (its class, or its {@code @Bean} method) that is a {@code RequestHandlerFactory}, an
 * {@code HttpHandler} or a {@code BlockingHandler}, the bean serves the route as a YAML route naming it would:
 *
 * <pre>{@code
 * @Bean
 * @KamaeliaRoute(server = "api", path = "/hello", methods = "GET")
 * HttpHandler hello() {
 *     return request -> HttpResponse.text(200, "Hello, World!");
 * }
 * }</pre>
 *
 * <p>On a method of a bean that takes an {@code HttpRequest}, a {@code RequestHead}, both or nothing and returns an
 * {@code HttpResponse}, the method serves the route. It runs as a blocking handler, on its own thread and never on
 * an event loop, so it may block (a database call, say); the request body is read whole first:
 *
 * <pre>{@code
 * @Component
 * class Clock {
 *     @KamaeliaRoute(server = "api", path = "/time", methods = {"GET", "HEAD"})
 *     HttpResponse now(HttpRequest request) {
 *         return HttpResponse.text(200, Instant.now().toString());
 *     }
 * }
 * }</pre>
 *
 * <p>The annotation is repeatable. Two annotations may share a path on one server when their methods do not
 * overlap (one route then answers both); the same path and method twice, a path that a YAML route or a
 * {@link KamaeliaHttpRoute} bean also serves, a server that is not configured, or a method of another shape stops
 * the application at startup with a {@link KamaeliaRouteException}. Routes are found from the bean definitions
 * when the servers are defined, so lazy beans stay lazy until their route's first request.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(KamaeliaRoutes.class)
public @interface KamaeliaRoute {

    /** Name of the server (a key under {@code kamaelia.http.servers}) that serves the route. */
    String server();

    /**
     * Path prefix the route answers, starting with {@code /}: matched on whole segments, longest first, as a YAML
     * route's {@code prefix} is ({@code /items} answers {@code /items} and {@code /items/7}).
     */
    String path();

    /**
     * Methods the route answers, such as {@code "GET"} (case does not matter); others get 405 with {@code Allow}.
     * Strings, as in YAML and the core's router, because HTTP methods are an open set. Empty answers any method.
     */
    String[] methods() default {};
}
