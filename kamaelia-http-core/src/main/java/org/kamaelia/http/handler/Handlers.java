package org.kamaelia.http.handler;

import org.kamaelia.http.message.HttpHeaders;

/**
 * Factories for the three levels of handler: a function ({@link #function}), a blocking handler on its own
 * thread ({@link #blocking}), and error pages. Streaming handlers are {@link HandlerComponent} subclasses whose
 * constructor is the factory ({@code head -> new Ticker()}).
 */
public final class Handlers {
    private Handlers() {}

    /** A factory that answers every request with {@code handler}, a new component per request. */
    public static RequestHandlerFactory function(HttpHandler handler) {
        return head -> new FunctionHandler(handler);
    }

    /** A factory that runs {@code handler} on its own thread for every request. */
    public static RequestHandlerFactory blocking(BlockingHandler handler) {
        return head -> new ThreadedHandler(handler);
    }

    /** A handler component that answers with an error page. */
    public static HandlerComponent error(int status, String message) {
        return error(status, message, HttpHeaders.EMPTY);
    }

    /** A handler component that answers with an error page and extra fields (such as {@code Allow}). */
    public static HandlerComponent error(int status, String message, HttpHeaders extra) {
        HttpResponse response = HttpResponse.bytes(status, ErrorPages.CONTENT_TYPE, ErrorPages.page(status, message));
        for (HttpHeaders.Field field : extra) {
            response = response.withHeader(field.name(), field.value());
        }
        return fixed(response);
    }

    /**
     * A handler component that answers every request with {@code response} as soon as its head arrives, without
     * reading the body (and so without inviting an {@code Expect: 100-continue} body).
     */
    public static HandlerComponent fixed(HttpResponse response) {
        if (response.file().isPresent()) {
            throw new IllegalArgumentException("a fixed response carries its body in memory, not a file");
        }
        return new FixedResponder(response);
    }
}
