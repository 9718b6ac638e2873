package org.kamaelia.http.handler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.kamaelia.http.message.HttpHeaders;
import org.kamaelia.http.message.RequestHead;

/**
 * Routes requests to handler factories by URL-path prefix (the original's HTTPResourceGlue).
 *
 * <pre>{@code
 * Router router = Router.builder()
 *         .route("/api", apiFactory)
 *         .route("/hello", helloFactory, Set.of("GET", "HEAD"))
 *         .build();
 * }</pre>
 *
 * <p>Prefixes match whole path segments ({@code /api} matches {@code /api} and {@code /api/x}, not
 * {@code /apix}) and the longest matching prefix wins; the original took the first match in list order. No
 * match answers 404. A route that declares its methods answers others with 405 and an {@code Allow} field, and
 * {@code OPTIONS} with 204 and {@code Allow}. Error pages are short, typed and HTML-escaped.
 */
public final class Router implements RequestHandlerFactory {
    private final List<Route> routes;

    /**
     * One route.
     *
     * @param prefix the path prefix, without a trailing slash ({@code /} for everything)
     * @param factory what answers requests under the prefix
     * @param methods the methods the route answers, or empty for any
     */
    public record Route(String prefix, RequestHandlerFactory factory, Set<String> methods) {
        /** Validates and normalises. */
        public Route {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(factory, "factory");
            if (!prefix.startsWith("/")) {
                throw new IllegalArgumentException("a route prefix must start with '/': " + prefix);
            }
            while (prefix.length() > 1 && prefix.endsWith("/")) {
                prefix = prefix.substring(0, prefix.length() - 1);
            }
            methods = Set.copyOf(methods);
        }

        boolean matches(String path) {
            int n = prefix.length();
            return n == 1 || (path.startsWith(prefix) && (path.length() == n || path.charAt(n) == '/'));
        }
    }

    private Router(List<Route> routes) {
        List<Route> sorted = new ArrayList<>(routes);
        sorted.sort(Comparator.comparingInt((Route r) -> r.prefix().length()).reversed());
        this.routes = List.copyOf(sorted);
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The routes, longest prefix first. */
    public List<Route> routes() {
        return routes;
    }

    @Override
    public HandlerComponent create(RequestHead head) {
        String path = head.path();
        for (Route route : routes) {
            if (!route.matches(path)) {
                continue;
            }
            if (!route.methods().isEmpty() && !route.methods().contains(head.method())) {
                String allow = allowed(route.methods());
                if (head.method().equals("OPTIONS")) {
                    return Handlers.fixed(HttpResponse.empty(204).withHeader("Allow", allow))
                            .route(route.prefix());
                }
                return Handlers.error(405, "Method not allowed.", HttpHeaders.of("Allow", allow))
                        .route(route.prefix());
            }
            HandlerComponent handler = route.factory().create(head);
            return handler == null ? null : handler.route(route.prefix());
        }
        return Handlers.error(404, "No resource found for " + head.path()).route("none");
    }

    private static String allowed(Set<String> methods) {
        Set<String> allow = new LinkedHashSet<>();
        for (String m : List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")) {
            if (methods.contains(m)) {
                allow.add(m);
            }
        }
        methods.stream().sorted().forEach(allow::add);
        allow.add("OPTIONS");
        return String.join(", ", allow);
    }

    /** Collects routes. */
    public static final class Builder {
        private final List<Route> routes = new ArrayList<>();

        /** Routes every method under {@code prefix} to {@code factory}. */
        public Builder route(String prefix, RequestHandlerFactory factory) {
            return route(prefix, factory, Set.of());
        }

        /** Routes {@code methods} under {@code prefix} to {@code factory}; other methods get 405. */
        public Builder route(String prefix, RequestHandlerFactory factory, Set<String> methods) {
            Route route = new Route(prefix, factory, methods);
            for (Route existing : routes) {
                if (existing.prefix().equals(route.prefix())) {
                    throw new IllegalArgumentException("two routes for prefix " + route.prefix());
                }
            }
            routes.add(route);
            return this;
        }

        /** The router. */
        public Router build() {
            return new Router(routes);
        }
    }
}
