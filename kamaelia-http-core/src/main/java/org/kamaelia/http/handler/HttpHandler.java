package org.kamaelia.http.handler;

/**
 * The simplest level of the handler API: a function from a whole request to a whole response. It runs on the
 * connection's event loop, so it must be quick and must not block (use {@link BlockingHandler} for that). The
 * request body is gathered first, up to the server's body limit.
 *
 * <pre>{@code
 * HttpHandler hello = request -> HttpResponse.text(200, "Hello, World!");
 * RequestHandlerFactory factory = Handlers.function(hello);
 * }</pre>
 */
@FunctionalInterface
public interface HttpHandler {
    /** Answers {@code request}. Throwing answers with 500. */
    HttpResponse handle(HttpRequest request) throws Exception;
}
