package org.kamaelia.http.spring.boot.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.ObservationRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.kamaelia.http.codec.request.DecoderLimits;
import org.kamaelia.http.codec.request.RequestDecoder;
import org.kamaelia.http.handler.HandlerComponent;
import org.kamaelia.http.handler.HandlerScope;
import org.kamaelia.http.handler.Handlers;
import org.kamaelia.http.handler.RequestHandlerFactory;
import org.kamaelia.http.message.RequestHead;

class ObservedRequestHandlersTest {
    private final ObservedRequestHandlers handlers = new ObservedRequestHandlers(registryWithAHandler());
    private final RequestHandlerFactory plain =
            Handlers.function(request -> org.kamaelia.http.handler.HttpResponse.text(200, "ok"));

    /** A registry is a no-op until it has a handler. */
    private static ObservationRegistry registryWithAHandler() {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(context -> true);
        return registry;
    }

    private static RequestHead head(String method, String path) {
        RequestDecoder decoder = new RequestDecoder(DecoderLimits.defaults());
        String raw = method + " " + path + " HTTP/1.1\r\nHost: h\r\n\r\n";
        return (RequestHead) decoder.next(ByteBuffer.wrap(raw.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void handsTheHeadAndHandlerOfTheFactoryThatJustRanToTheObserverOnce() {
        RequestHead head = head("GET", "/api/x");
        HandlerComponent handler =
                handlers.decorate("api", "/api", plain).create(head).route("/api");

        ObservedRequestHandlers.Request request = handlers.take("GET", "/api");
        assertThat(request).isNotNull();
        assertThat(request.head).isSameAs(head);
        assertThat(request.handler).isSameAs(handler);
        assertThat(handler.scope()).isSameAs(request);
        assertThat(handlers.take("GET", "/api")).as("taken once").isNull();
    }

    @Test
    void aStartThatDoesNotMatchTheFactorysRequestGetsNothing() {
        handlers.decorate("api", "/api", plain).create(head("GET", "/api")).route("/api");
        assertThat(handlers.take("POST", "/api")).isNull();

        handlers.decorate("api", "/api", plain).create(head("GET", "/api")).route("/api");
        assertThat(handlers.take("GET", "/other")).isNull();
        assertThat(handlers.take("GET", "/api"))
                .as("a mismatch empties the slot")
                .isNull();
    }

    @Test
    void theSlotBelongsToTheThreadThatRanTheFactory() throws Exception {
        handlers.decorate("api", "/api", plain).create(head("GET", "/api")).route("/api");
        ObservedRequestHandlers.Request[] seen = new ObservedRequestHandlers.Request[1];
        Thread other = new Thread(() -> seen[0] = handlers.take("GET", "/api"));
        other.start();
        other.join(10_000);
        assertThat(other.isAlive()).isFalse();
        assertThat(seen[0]).isNull();
        assertThat(handlers.take("GET", "/api")).isNotNull();
    }

    @Test
    void aFactoryThatMakesNoHandlerLeavesNothing() {
        RequestHandlerFactory none = head -> null;
        assertThat(handlers.decorate("api", "/api", none).create(head("GET", "/api")))
                .isNull();
        assertThat(handlers.take("GET", "/api")).isNull();
    }

    @Test
    void beforeTheObservationStartsTheScopeOpensNothing() {
        HandlerComponent handler = handlers.decorate("api", "/api", plain).create(head("GET", "/api"));
        assertThat(handler.scope().open()).isSameAs(HandlerScope.Opened.NOTHING);
    }

    @Test
    void aNoopRegistryLeavesFactoriesAsTheyAre() {
        assertThat(new ObservedRequestHandlers(ObservationRegistry.NOOP).decorate("api", "/api", plain))
                .isSameAs(plain);
        assertThat(new ObservedRequestHandlers(ObservationRegistry.create()).decorate("api", "/api", plain))
                .as("a registry without handlers")
                .isSameAs(plain);
    }
}
