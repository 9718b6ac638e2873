package org.kamaelia.http.spring.boot.actuate;

import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.kamaelia.http.handler.BlockingHandler;
import org.kamaelia.http.handler.BlockingResponse;
import org.kamaelia.http.handler.ErrorPages;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.ResponseHead;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.InvocationContext;
import org.springframework.boot.actuate.endpoint.OperationArgumentResolver;
import org.springframework.boot.actuate.endpoint.ProducibleOperationArgumentResolver;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.invoke.ParameterMappingException;
import org.springframework.boot.actuate.endpoint.web.EndpointLinksResolver;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.WebOperation;
import org.springframework.boot.actuate.endpoint.web.WebOperationRequestPredicate;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.util.InvalidMimeTypeException;
import org.springframework.util.MimeType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves Actuator's web endpoints (health with its groups, info, metrics, prometheus, kamaelia, ...) over a Kamaelia
 * server, answering as Spring Boot's own web adapters do.
 *
 * <p>The endpoints are whatever the {@link org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier} gives:
 * its filters already applied exposure and {@code management.endpoint.<id>.access} (an operation that is not
 * permitted is simply not there), its path mapper the {@code path-mapping}, and its invoker advisors the response
 * cache. This handler only matches a request to an operation, passes path variables, query parameters and a JSON
 * body as arguments, invokes it on its own thread (operations may block) and writes the result:
 *
 * <ul>
 *   <li>JSON ({@code application/vnd.spring-boot.actuator.v3+json}), or the operation's own content type for text
 *       such as Prometheus'; health answers with the status code of its status (503 for DOWN and OUT_OF_SERVICE);
 *   <li>404 for an unknown path or a {@code null} read, 204 for a {@code null} write;
 *   <li>405 with {@code Allow} when the path is an operation's but the method is not (a write on a read-only
 *       endpoint, say), 415 for a body that is not JSON, 400 with the reason when Boot refuses the arguments
 *       ({@link InvalidEndpointRequestException}: a missing or unconvertible parameter) or the body is not a JSON
 *       object;
 *   <li>the links document at the base path, its URLs built from the request's own scheme and host.
 * </ul>
 *
 * <pre>{@code
 * RequestHandlerFactory actuator = Handlers.blocking(ActuatorRequestHandler.builder(endpoints::getEndpoints)
 *         .basePath("/actuator")
 *         .json(() -> jsonMapper)
 *         .namespace(WebServerNamespace.MANAGEMENT)
 *         .build());
 * }</pre>
 *
 * <p>Thread-safe: one instance serves every request, each on the blocking handler's own thread.
 */
public final class ActuatorRequestHandler implements BlockingHandler {
    private static final System.Logger LOG = System.getLogger(ActuatorRequestHandler.class.getName());
    private static final String JSON = "application/vnd.spring-boot.actuator.v3+json";

    private final String basePath;
    private final Supplier<Collection<ExposableWebEndpoint>> endpoints;
    private final Supplier<JsonMapper> json;
    private final HttpCodeStatusMapper healthCodes;
    private final WebServerNamespace namespace;
    private final boolean links;

    private ActuatorRequestHandler(Builder builder) {
        this.basePath = normalise(builder.basePath);
        this.endpoints = builder.endpoints;
        this.json = builder.json;
        this.healthCodes = builder.healthCodes;
        this.namespace = builder.namespace;
        this.links = builder.links;
    }

    /** A builder of a handler for the endpoints {@code endpoints} gives (asked on every request; cache it there). */
    public static Builder builder(Supplier<Collection<ExposableWebEndpoint>> endpoints) {
        return new Builder(endpoints);
    }

    /** {@code /actuator/} and {@code /actuator} are one base path; {@code /} and the empty string mean the root. */
    public static String normalise(String basePath) {
        String path = basePath.trim();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path.isEmpty() || path.startsWith("/") ? path : "/" + path;
    }

    @Override
    public void handle(RequestHead head, InputStream body, BlockingResponse response) throws Exception {
        String path = head.path();
        if (!path.equals(basePath) && !path.startsWith(basePath + "/")) {
            error(response, 404, "No such endpoint.");
            return;
        }
        String rest = path.substring(basePath.length());
        if (rest.startsWith("/")) {
            rest = rest.substring(1);
        }
        String method = head.method().equals("HEAD") ? "GET" : head.method();
        if (rest.isEmpty()) {
            linksDocument(head, method, response);
            return;
        }
        String[] segments = rest.split("/", -1);
        Set<String> allowed = new LinkedHashSet<>();
        for (ExposableWebEndpoint endpoint : endpoints.get()) {
            for (WebOperation operation : endpoint.getOperations()) {
                WebOperationRequestPredicate predicate = operation.getRequestPredicate();
                Map<String, Object> arguments = match(predicate.getPath(), segments);
                if (arguments == null) {
                    continue;
                }
                String operationMethod = predicate.getHttpMethod().name();
                if (operationMethod.equals(method)) {
                    invoke(head, body, response, operation, arguments);
                    return;
                }
                allowed.add(operationMethod);
            }
        }
        if (allowed.isEmpty()) {
            error(response, 404, "No such endpoint.");
        } else {
            methodNotAllowed(response, allowed);
        }
    }

    private void linksDocument(RequestHead head, String method, BlockingResponse response) throws Exception {
        if (!links) {
            error(response, 404, "No such endpoint.");
            return;
        }
        if (!method.equals("GET")) {
            methodNotAllowed(response, Set.of("GET"));
            return;
        }
        String self = RequestOrigin.of(head).url(basePath);
        Map<String, Object> document = Map.of("_links", new EndpointLinksResolver(endpoints.get()).resolveLinks(self));
        write(response, 200, JSON, json.get().writeValueAsBytes(document));
    }

    private void invoke(
            RequestHead head,
            InputStream body,
            BlockingResponse response,
            WebOperation operation,
            Map<String, Object> arguments)
            throws Exception {
        for (Map.Entry<String, List<String>> parameter :
                head.target().queryParameters().entrySet()) {
            List<String> values = parameter.getValue();
            arguments.putIfAbsent(parameter.getKey(), values.size() == 1 ? values.get(0) : values);
        }
        if (head.method().equals("POST") && head.hasBody()) {
            byte[] bytes = body.readAllBytes();
            if (bytes.length > 0) {
                if (!consumable(head, operation.getRequestPredicate())) {
                    error(response, 415, "The body must be JSON.");
                    return;
                }
                Map<String, Object> fields = jsonObject(bytes);
                if (fields == null) {
                    error(response, 400, "The body is not a JSON object.");
                    return;
                }
                arguments.putAll(fields);
            }
        }
        List<String> accept = head.headers().all("Accept");
        InvocationContext context = new InvocationContext(
                SecurityContext.NONE,
                arguments,
                new ProducibleOperationArgumentResolver(() -> accept),
                OperationArgumentResolver.of(WebServerNamespace.class, () -> namespace));
        Object result;
        try {
            result = operation.invoke(context);
        } catch (ParameterMappingException e) {
            // Boot's reason alone ("Parameter mapping failure") does not say which parameter
            error(
                    response,
                    400,
                    e.getReason() + " for parameter '" + e.getParameter().getName() + "'");
            return;
        } catch (InvalidEndpointRequestException e) {
            // Boot's web adapters answer 400 with the reason, such as the missing parameters' names
            error(response, 400, e.getReason());
            return;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, () -> "actuator operation " + operation.getId() + " failed", e);
            error(response, 500, "The endpoint failed.");
            return;
        }
        writeResult(head, response, result);
    }

    private void writeResult(RequestHead head, BlockingResponse response, Object result) throws Exception {
        int status = 200;
        String contentType = JSON;
        Object payload = result;
        if (result instanceof WebEndpointResponse<?> web) {
            status = web.getStatus();
            payload = web.getBody();
            MimeType type = web.getContentType();
            if (type != null) {
                contentType = type.toString();
            }
        }
        if (payload instanceof HealthDescriptor health) {
            status = healthCodes.getStatusCode(health.getStatus());
        }
        if (payload == null) {
            if (head.method().equals("GET") || head.method().equals("HEAD")) {
                error(response, result == null ? 404 : status, "Not found.");
            } else {
                response.send(ResponseHead.status(result == null ? 204 : status)
                        .contentLength(0)
                        .build());
            }
            return;
        }
        byte[] bytes;
        if (payload instanceof CharSequence text) {
            bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            if (contentType.equals(JSON)) {
                contentType = "text/plain; charset=utf-8";
            }
        } else if (payload instanceof byte[] raw) {
            bytes = raw;
        } else {
            bytes = json.get().writeValueAsBytes(payload);
        }
        write(response, status, contentType, bytes);
    }

    /** Whether the request's Content-Type (none counts as JSON, as Boot's adapters read it) is one it consumes. */
    private static boolean consumable(RequestHead head, WebOperationRequestPredicate predicate) {
        List<String> types = head.headers().all("Content-Type");
        if (types.isEmpty() || predicate.getConsumes().isEmpty()) {
            return true;
        }
        try {
            MimeType given = MimeType.valueOf(types.get(0));
            for (String consumed : predicate.getConsumes()) {
                if (MimeType.valueOf(consumed).isCompatibleWith(given)) {
                    return true;
                }
            }
            return false;
        } catch (InvalidMimeTypeException e) {
            return false;
        }
    }

    /** The fields of a JSON object, or {@code null} if {@code bytes} are not one. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> jsonObject(byte[] bytes) {
        try {
            Object value = json.get().readValue(bytes, Object.class);
            return value instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    /** Path variables when {@code pattern} matches {@code segments}, else {@code null}. */
    static Map<String, Object> match(String pattern, String[] segments) {
        String[] parts = pattern.split("/", -1);
        Map<String, Object> variables = new LinkedHashMap<>();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.startsWith("{*") && part.endsWith("}")) {
                List<String> remaining = new ArrayList<>();
                for (int j = i; j < segments.length; j++) {
                    if (!segments[j].isEmpty()) {
                        remaining.add(segments[j]);
                    }
                }
                if (remaining.isEmpty()) {
                    return null;
                }
                variables.put(part.substring(2, part.length() - 1), remaining.toArray(new String[0]));
                return variables;
            }
            if (i >= segments.length) {
                return null;
            }
            if (part.startsWith("{") && part.endsWith("}")) {
                if (segments[i].isEmpty()) {
                    return null;
                }
                variables.put(part.substring(1, part.length() - 1), segments[i]);
            } else if (!part.equals(segments[i])) {
                return null;
            }
        }
        return parts.length == segments.length ? variables : null;
    }

    private static void methodNotAllowed(BlockingResponse response, Set<String> allowed) throws InterruptedException {
        Set<String> methods = new LinkedHashSet<>(allowed);
        if (methods.contains("GET")) {
            methods.add("HEAD");
        }
        byte[] page = ErrorPages.page(405, "Method not allowed.");
        response.send(ResponseHead.status(405)
                .header("Allow", String.join(", ", methods))
                .header("Content-Type", ErrorPages.CONTENT_TYPE)
                .contentLength(page.length)
                .build());
        response.write(page);
    }

    private static void write(BlockingResponse response, int status, String contentType, byte[] bytes)
            throws InterruptedException {
        response.send(ResponseHead.status(status)
                .header("Content-Type", contentType)
                .contentLength(bytes.length)
                .build());
        response.write(bytes);
    }

    private static void error(BlockingResponse response, int status, String message) throws InterruptedException {
        write(response, status, ErrorPages.CONTENT_TYPE, ErrorPages.page(status, message));
    }

    /** Builds an {@link ActuatorRequestHandler}; everything but the endpoints has a default. */
    public static final class Builder {
        private final Supplier<Collection<ExposableWebEndpoint>> endpoints;
        private String basePath = "/actuator";
        private Supplier<JsonMapper> json = () -> JsonMapper.builder().build();
        private HttpCodeStatusMapper healthCodes = HttpCodeStatusMapper.DEFAULT;
        private WebServerNamespace namespace = WebServerNamespace.MANAGEMENT;
        private boolean links = true;

        private Builder(Supplier<Collection<ExposableWebEndpoint>> endpoints) {
            this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        }

        /** The path the endpoints are under, {@code /actuator} unless set; {@code /} puts them at the root. */
        public Builder basePath(String basePath) {
            this.basePath = Objects.requireNonNull(basePath, "basePath");
            return this;
        }

        /** What writes and reads JSON; Actuator's own mapper in an application. */
        public Builder json(Supplier<JsonMapper> json) {
            this.json = Objects.requireNonNull(json, "json");
            return this;
        }

        /** How health statuses become HTTP status codes. */
        public Builder healthCodes(HttpCodeStatusMapper healthCodes) {
            this.healthCodes = Objects.requireNonNull(healthCodes, "healthCodes");
            return this;
        }

        /**
         * Which server the endpoints are reached on, as operations see it: {@code MANAGEMENT} on a server of its
         * own (the default), {@code SERVER} when they share an application server.
         */
        public Builder namespace(WebServerNamespace namespace) {
            this.namespace = Objects.requireNonNull(namespace, "namespace");
            return this;
        }

        /** Whether the base path answers with the links document ({@code management.endpoints.web.discovery}). */
        public Builder links(boolean links) {
            this.links = links;
            return this;
        }

        /** The handler. */
        public ActuatorRequestHandler build() {
            return new ActuatorRequestHandler(this);
        }
    }
}
