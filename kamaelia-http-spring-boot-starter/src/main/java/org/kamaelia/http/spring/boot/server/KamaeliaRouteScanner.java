package org.kamaelia.http.spring.boot.server;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.kamaelia.http.handler.BlockingHandler;
import org.kamaelia.http.handler.Handlers;
import org.kamaelia.http.handler.HttpHandler;
import org.kamaelia.http.handler.RequestHandlerFactory;
import org.kamaelia.http.spring.boot.KamaeliaRoute;
import org.kamaelia.http.spring.boot.KamaeliaRouteException;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;

/**
 * Finds every {@link KamaeliaRoute} in a bean factory from the bean definitions' types, without making any bean:
 * on a handler bean (its class or its {@code @Bean} method) and on the methods of a bean's class.
 */
final class KamaeliaRouteScanner {
    private final ListableBeanFactory beans;

    KamaeliaRouteScanner(ListableBeanFactory beans) {
        this.beans = beans;
    }

    /**
     * The routes, in bean definition order.
     *
     * @throws KamaeliaRouteException for an annotation on a bean or method of a shape that cannot serve a route
     */
    List<AnnotatedRoute> scan() {
        List<AnnotatedRoute> routes = new ArrayList<>();
        // not eager: a lazy bean or an uninitialised FactoryBean is read from its definition, not made
        for (String name : beans.getBeanNamesForType(Object.class, true, false)) {
            if (ScopedProxyUtils.isScopedTarget(name)) {
                continue; // its scoped proxy, under the plain name, carries the same annotations
            }
            Class<?> type = beans.getType(name, false);
            for (KamaeliaRoute route : beans.findAllAnnotationsOnBean(name, KamaeliaRoute.class, false)) {
                routes.add(beanRoute(name, type, route));
            }
            if (type != null) {
                routes.addAll(methodRoutes(name, ClassUtils.getUserClass(type)));
            }
        }
        return routes;
    }

    private AnnotatedRoute beanRoute(String name, Class<?> type, KamaeliaRoute route) {
        String source = describe(route) + " on bean '" + name + "'";
        if (type == null
                || !(RequestHandlerFactory.class.isAssignableFrom(type)
                        || HttpHandler.class.isAssignableFrom(type)
                        || BlockingHandler.class.isAssignableFrom(type))) {
            throw new KamaeliaRouteException(
                    source,
                    "bean '" + name + "' is "
                            + (type == null ? "of a type not known before it is made" : "a " + type.getName())
                            + ", not a RequestHandlerFactory, HttpHandler or BlockingHandler",
                    "Put @KamaeliaRoute on a bean of one of those types (declare the @Bean method's return type as"
                            + " one), or on a method of the bean that takes an HttpRequest and/or a RequestHead and"
                            + " returns an HttpResponse.");
        }
        return route(route, new ServerDefinitions.LazyHandlerFactory(beans, name), source);
    }

    private List<AnnotatedRoute> methodRoutes(String name, Class<?> type) {
        if (!AnnotationUtils.isCandidateClass(type, KamaeliaRoute.class)) {
            return List.of();
        }
        Map<Method, Set<KamaeliaRoute>> annotated = MethodIntrospector.selectMethods(
                type, (MethodIntrospector.MetadataLookup<Set<KamaeliaRoute>>) method -> {
                    // on a @Bean method the annotation is about the bean it makes, read by beanRoute
                    if (AnnotatedElementUtils.hasAnnotation(method, Bean.class)) {
                        return null;
                    }
                    Set<KamaeliaRoute> found =
                            AnnotatedElementUtils.findMergedRepeatableAnnotations(method, KamaeliaRoute.class);
                    return found.isEmpty() ? null : found;
                });
        List<AnnotatedRoute> routes = new ArrayList<>();
        for (Map.Entry<Method, Set<KamaeliaRoute>> entry : annotated.entrySet()) {
            Method method = entry.getKey();
            for (KamaeliaRoute route : entry.getValue()) {
                String source = describe(route) + " on method " + describe(method) + " of bean '" + name + "'";
                Optional<String> problem = HandlerMethod.signatureProblem(method);
                if (problem.isPresent()) {
                    throw new KamaeliaRouteException(
                            source,
                            "unsupported signature: " + problem.get(),
                            "Declare the method as 'HttpResponse name(HttpRequest request)' (or with a RequestHead, both,"
                                    + " or no parameter), or make the bean an HttpHandler, BlockingHandler or"
                                    + " RequestHandlerFactory and annotate the bean instead.");
                }
                RequestHandlerFactory factory = Handlers.blocking(new HandlerMethod(beans, name, method));
                routes.add(route(route, factory, source));
            }
        }
        return routes;
    }

    private static AnnotatedRoute route(KamaeliaRoute route, RequestHandlerFactory factory, String source) {
        String path = route.path();
        if (!path.startsWith("/")) {
            throw new KamaeliaRouteException(
                    source,
                    "path '" + path + "' does not start with '/'",
                    "Set path to a prefix starting with '/', such as \"/" + path + "\".");
        }
        while (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        Set<String> methods = new LinkedHashSet<>();
        for (String method : route.methods()) {
            String upper = method.trim().toUpperCase(Locale.ROOT);
            if (upper.isEmpty()) {
                throw new KamaeliaRouteException(
                        source, "a method is blank", "List methods by name, such as methods = {\"GET\", \"HEAD\"}.");
            }
            methods.add(upper);
        }
        return new AnnotatedRoute(route.server(), path, Set.copyOf(methods), factory, source);
    }

    static String describe(KamaeliaRoute route) {
        String methods = route.methods().length == 0
                ? ""
                : Arrays.stream(route.methods())
                        .map(method -> "\"" + method + "\"")
                        .collect(Collectors.joining(", ", ", methods = {", "}"));
        return "@KamaeliaRoute(server = \"" + route.server() + "\", path = \"" + route.path() + "\"" + methods + ")";
    }

    private static String describe(Method method) {
        return ClassUtils.getUserClass(method.getDeclaringClass()).getSimpleName() + "." + method.getName()
                + Arrays.stream(method.getParameterTypes())
                        .map(Class::getSimpleName)
                        .collect(Collectors.joining(", ", "(", ")"));
    }
}
