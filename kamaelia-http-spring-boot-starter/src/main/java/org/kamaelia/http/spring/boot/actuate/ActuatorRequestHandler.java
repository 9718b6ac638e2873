package org.kamaelia.http.spring.boot.actuate;

import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.kamaelia.http.handler.BlockingHandler;
import org.kamaelia.http.handler.BlockingResponse;
import org.kamaelia.http.handler.ErrorPages;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.ResponseHead;
import org.springframework.boot.actuate.endpoint.InvocationContext;
import org.springframework.boot.actuate.endpoint.OperationArgumentResolver;
import org.springframework.boot.actuate.endpoint.ProducibleOperationArgumentResolver;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.EndpointLinksResolver;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.WebOperation;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.util.MimeType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves Actuator's web endpoints (health with its groups, info, metrics, prometheus, kamaelia, ...) over a Kamaelia
 * server: it matches the request to an operation's path and method, passes path variables, query parameters and a
 * JSON body as arguments, invokes the operation on its own thread (operations may block) and writes the result as
 * Actuator's web adapters do: JSON ({@code application/vnd.spring-boot.actuator.v3+json}), the operation's own
 * content type for text such as Prometheus', 404 for a {@code null} read, 204 for a {@code null} write, and for
 * health the status code of its status (503 for DOWN and OUT_OF_SERVICE).
 */
public final class ActuatorRequestHandler implements BlockingHandler {
    private static final System.Logger LOG = System.getLogger(ActuatorRequestHandler.class.getName());
    private static final String JSON = "application/vnd.spring-boot.actuator.v3+json";

    private final String basePath;
    private final Supplier<Collection<ExposableWebEndpoint>> endpoints;
    private final Supplier<JsonMapper> json;
    private final HttpCodeStatusMapper healthCodes;

    /**
     * A handler for the endpoints under {@code basePath}, found (once, when first asked) by {@code endpoints},
     * writing JSON with {@code json} and health statuses as {@code healthCodes} maps them.
     */
    public ActuatorRequestHandler(
            String basePath,
            Supplier<Collection<ExposableWebEndpoint>> endpoints,
            Supplier<JsonMapper> json,
            HttpCodeStatusMapper healthCodes) {
        this.basePath = basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
        this.endpoints = endpoints;
        this.json = json;
        this.healthCodes = healthCodes;
    }

    @Override
    public void handle(RequestHead head, InputStream body, BlockingResponse response) throws Exception {
        String path = head.path();
        if (!path.equals(basePath) && !path.equals(basePath + "/") && !path.startsWith(basePath + "/")) {
            error(response, 404, "Not found.");
            return;
        }
        String rest = path.length() > basePath.length() + 1 ? path.substring(basePath.length() + 1) : "";
        if (rest.isEmpty() || rest.equals("/")) {
            if (!head.method().equals("GET") && !head.method().equals("HEAD")) {
                error(response, 405, "Method not allowed.");
                return;
            }
            String self = "http://" + (head.authority().isEmpty() ? "localhost" : head.authority()) + basePath;
            Map<String, Object> links = Map.of("_links", new EndpointLinksResolver(endpoints.get()).resolveLinks(self));
            write(response, 200, JSON, json.get().writeValueAsBytes(links));
            return;
        }
        String[] segments = rest.split("/", -1);
        boolean pathMatched = false;
        for (ExposableWebEndpoint endpoint : endpoints.get()) {
            for (WebOperation operation : endpoint.getOperations()) {
                Map<String, Object> arguments =
                        match(operation.getRequestPredicate().getPath(), segments);
                if (arguments == null) {
                    continue;
                }
                pathMatched = true;
                String method = head.method().equals("HEAD") ? "GET" : head.method();
                if (!operation.getRequestPredicate().getHttpMethod().name().equals(method)) {
                    continue;
                }
                invoke(head, body, response, operation, arguments);
                return;
            }
        }
        error(response, pathMatched ? 405 : 404, pathMatched ? "Method not allowed." : "No such endpoint.");
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
                @SuppressWarnings("unchecked")
                Map<String, Object> fields = json.get().readValue(bytes, Map.class);
                arguments.putAll(fields);
            }
        }
        List<String> accept = head.headers().all("Accept");
        InvocationContext context = new InvocationContext(
                SecurityContext.NONE,
                arguments,
                new ProducibleOperationArgumentResolver(() -> accept),
                OperationArgumentResolver.of(WebServerNamespace.class, () -> WebServerNamespace.MANAGEMENT));
        Object result;
        try {
            result = operation.invoke(context);
        } catch (RuntimeException e) {
            String name = e.getClass().getSimpleName();
            if (name.contains("MissingParameters")
                    || name.contains("ParameterMapping")
                    || name.contains("InvalidEndpointRequest")) {
                error(response, 400, "Bad request to the endpoint.");
                return;
            }
            LOG.log(Level.WARNING, () -> "actuator operation " + operation.getId() + " failed", e);
            error(response, 500, "The endpoint failed.");
            return;
        }
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
}
