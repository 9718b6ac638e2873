package org.kamaelia.http.spring.boot.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kamaelia.http.handler.RequestHandlerFactory;
import org.kamaelia.http.spring.boot.KamaeliaHttpProperties;
import org.kamaelia.http.spring.boot.KamaeliaHttpRoute;
import org.kamaelia.http.spring.boot.KamaeliaRoute;
import org.kamaelia.http.spring.boot.KamaeliaRouteException;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * The routes declared with {@link KamaeliaRoute}, checked against the YAML routes and the {@link KamaeliaHttpRoute}
 * beans and turned into more {@link KamaeliaHttpRoute}s, so that {@link ServerDefinitions} merges them per server.
 *
 * <pre>{@code
 * List<KamaeliaHttpRoute> all = new AnnotatedRoutes(beanFactory).besides(properties, routeBeans);
 * new ServerDefinitions(beanFactory, resourceLoader).define(properties, all, customizers, decorators);
 * }</pre>
 *
 * <p>Annotations that share a server and a path become one route when their methods do not overlap; the core's
 * router holds one route per path, so a path is served either by annotations or by one other route.
 */
public final class AnnotatedRoutes {
    private final ListableBeanFactory beans;

    /** The annotated routes of the beans defined in {@code beans}. */
    public AnnotatedRoutes(ListableBeanFactory beans) {
        this.beans = beans;
    }

    /**
     * {@code codeRoutes} followed by a route for each path that annotations claim.
     *
     * @throws KamaeliaRouteException for an annotation naming an unknown server, claiming a path another route
     *     serves, or sitting on a bean or method that cannot serve it
     */
    public List<KamaeliaHttpRoute> besides(KamaeliaHttpProperties properties, List<KamaeliaHttpRoute> codeRoutes) {
        Map<String, List<AnnotatedRoute>> byServerAndPath = new LinkedHashMap<>();
        for (AnnotatedRoute route : new KamaeliaRouteScanner(beans).scan()) {
            requireKnownServer(properties, route);
            requireUnclaimed(properties, codeRoutes, route);
            List<AnnotatedRoute> samePath =
                    byServerAndPath.computeIfAbsent(route.server() + " " + route.path(), key -> new ArrayList<>());
            for (AnnotatedRoute other : samePath) {
                if (route.methodsOverlap(other)) {
                    throw new KamaeliaRouteException(
                            route.source(),
                            overlap(route, other) + " on path " + route.path() + " of server '" + route.server()
                                    + "' is also routed by " + other.source(),
                            "Route each path and method once: remove one of the two annotations, change its path,"
                                    + " or give the two annotations methods that do not overlap.");
                }
            }
            samePath.add(route);
        }
        List<KamaeliaHttpRoute> all = new ArrayList<>(codeRoutes);
        for (List<AnnotatedRoute> samePath : byServerAndPath.values()) {
            all.add(merged(samePath));
        }
        return all;
    }

    private static KamaeliaHttpRoute merged(List<AnnotatedRoute> samePath) {
        AnnotatedRoute first = samePath.get(0);
        if (samePath.size() == 1) {
            return new KamaeliaHttpRoute(first.server(), first.path(), first.factory(), first.methods());
        }
        // several annotations on one path never overlap and so each lists its methods
        Map<String, RequestHandlerFactory> byMethod = new HashMap<>();
        for (AnnotatedRoute route : samePath) {
            for (String method : route.methods()) {
                byMethod.put(method, route.factory());
            }
        }
        return new KamaeliaHttpRoute(first.server(), first.path(), new MethodDispatch(byMethod), byMethod.keySet());
    }

    private static void requireKnownServer(KamaeliaHttpProperties properties, AnnotatedRoute route) {
        if (!properties.getServers().containsKey(route.server())) {
            throw new KamaeliaRouteException(
                    route.source(),
                    "server '" + route.server() + "' is not configured (configured: "
                            + properties.getServers().keySet() + ")",
                    "Configure a server called '" + route.server() + "' (at least kamaelia.http.servers."
                            + route.server() + ".port), or set server to the name of a configured one.");
        }
    }

    private static void requireUnclaimed(
            KamaeliaHttpProperties properties, List<KamaeliaHttpRoute> codeRoutes, AnnotatedRoute route) {
        List<KamaeliaHttpProperties.Route> yaml =
                properties.getServers().get(route.server()).getRoutes();
        for (int i = 0; i < yaml.size(); i++) {
            String prefix = yaml.get(i).getPrefix();
            if (prefix != null && normalised(prefix).equals(route.path())) {
                String key = "kamaelia.http.servers." + route.server() + ".routes[" + i + "]";
                throw new KamaeliaRouteException(
                        route.source(),
                        "path " + route.path() + " of server '" + route.server() + "' is also routed by " + key
                                + ".prefix",
                        "Route each path once: remove " + key + " or change its prefix, or change the path of the"
                                + " annotation (a path is one route, so YAML and annotations cannot split its methods).");
            }
        }
        for (KamaeliaHttpRoute code : codeRoutes) {
            if (code.server().equals(route.server())
                    && normalised(code.prefix()).equals(route.path())) {
                throw new KamaeliaRouteException(
                        route.source(),
                        "path " + route.path() + " of server '" + route.server()
                                + "' is also routed by a KamaeliaHttpRoute bean",
                        "Route each path once: remove the KamaeliaHttpRoute bean for " + code.prefix()
                                + " or change its prefix, or change the path of the annotation.");
            }
        }
    }

    private static String overlap(AnnotatedRoute route, AnnotatedRoute other) {
        if (route.methods().isEmpty() || other.methods().isEmpty()) {
            return "every method";
        }
        Set<String> shared = new LinkedHashSet<>(route.methods());
        shared.retainAll(other.methods());
        return "method " + String.join(", ", shared);
    }

    private static String normalised(String prefix) {
        String path = prefix;
        while (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path;
    }
}
