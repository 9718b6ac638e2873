package org.kamaelia.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kamaelia.http.handler.BlockingHandler;
import org.kamaelia.http.handler.HandlerComponent;
import org.kamaelia.http.handler.HandlerScope;
import org.kamaelia.http.handler.Handlers;
import org.kamaelia.http.handler.HttpHandler;
import org.kamaelia.http.handler.RequestHandlerFactory;
import org.kamaelia.http.message.ResponseHead;

/**
 * The {@link HandlerScope} a factory sets on a handler, over real sockets: function handlers open it around the
 * function on the event loop, blocking handlers around the blocking code on their own thread, and both report
 * what the user's code threw before the scope closes.
 */
@Timeout(30)
class HandlerScopeIT {
    private static final ThreadLocal<String> INSIDE = new ThreadLocal<>();

    private final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
    private HttpServer server;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A scope that marks the thread while open and records what happens to it. */
    private final class RecordingScope implements HandlerScope {
        private final String name;

        RecordingScope(String name) {
            this.name = name;
        }

        @Override
        public Opened open() {
            INSIDE.set(name);
            events.add("open " + name + " on " + Thread.currentThread().getName());
            return () -> {
                events.add("close " + name + " on " + Thread.currentThread().getName());
                INSIDE.remove();
            };
        }

        @Override
        public void failed(Throwable failure) {
            events.add("failed " + name + ": " + failure.getClass().getSimpleName() + " " + failure.getMessage());
        }
    }

    private RequestHandlerFactory scoped(RequestHandlerFactory factory) {
        return head -> {
            HandlerComponent handler = factory.create(head);
            return handler.scope(new RecordingScope(head.path()));
        };
    }

    @BeforeEach
    void start() {
        HttpHandler function = request -> {
            events.add("function sees " + INSIDE.get() + " on "
                    + Thread.currentThread().getName());
            return org.kamaelia.http.handler.HttpResponse.text(200, "function");
        };
        HttpHandler failing = request -> {
            throw new IllegalArgumentException("refused");
        };
        BlockingHandler blocking = (head, body, response) -> {
            events.add("blocking sees " + INSIDE.get() + " on "
                    + Thread.currentThread().getName());
            response.send(ResponseHead.status(200).build());
            response.write("blocking".getBytes(StandardCharsets.UTF_8));
        };
        BlockingHandler failingBlocking = (head, body, response) -> {
            throw new IllegalStateException("blocked");
        };
        server = HttpServer.builder()
                .address(InetAddress.getLoopbackAddress())
                .port(0)
                .eventLoops(1)
                .name("scope-test")
                .route("/function", scoped(Handlers.function(function)))
                .route("/failing", scoped(Handlers.function(failing)))
                .route("/blocking", scoped(Handlers.blocking(blocking)))
                .route("/failing-blocking", scoped(Handlers.blocking(failingBlocking)))
                .route("/unscoped", Handlers.function(function))
                .start();
    }

    @AfterEach
    void stop() {
        server.stop(Duration.ZERO);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Waits, up to a deadline, until {@code count} events were recorded. */
    private List<String> awaitEvents(int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (events.size() < count) {
            assertThat(System.nanoTime() - deadline)
                    .as("%s events, got %s", count, events)
                    .isNegative();
            Thread.onSpinWait();
        }
        return List.copyOf(events);
    }

    @Test
    void aFunctionRunsInsideItsScopeOnTheEventLoop() throws Exception {
        assertThat(get("/function").body()).isEqualTo("function");

        List<String> seen = awaitEvents(3);
        String loop = seen.get(0).substring(seen.get(0).lastIndexOf(" on ") + 4);
        assertThat(loop).startsWith("scope-test");
        assertThat(seen)
                .containsExactly(
                        "open /function on " + loop,
                        "function sees /function on " + loop,
                        "close /function on " + loop);
    }

    @Test
    void aBlockingHandlerRunsInsideItsScopeOnItsOwnThread() throws Exception {
        assertThat(get("/blocking").body()).isEqualTo("blocking");

        List<String> seen = awaitEvents(3);
        String thread = seen.get(0).substring(seen.get(0).lastIndexOf(" on ") + 4);
        assertThat(thread).doesNotStartWith("scope-test");
        assertThat(seen)
                .containsExactly(
                        "open /blocking on " + thread,
                        "blocking sees /blocking on " + thread,
                        "close /blocking on " + thread);
    }

    @Test
    void whatTheUsersCodeThrewIsReportedBeforeTheScopeCloses() throws Exception {
        assertThat(get("/failing").statusCode()).isEqualTo(500);
        List<String> seen = awaitEvents(3);
        assertThat(seen.get(1)).isEqualTo("failed /failing: IllegalArgumentException refused");
        assertThat(seen.get(2)).startsWith("close /failing on ");

        events.clear();
        assertThat(get("/failing-blocking").statusCode()).isEqualTo(500);
        seen = awaitEvents(3);
        assertThat(seen.get(1)).isEqualTo("failed /failing-blocking: IllegalStateException blocked");
        assertThat(seen.get(2)).startsWith("close /failing-blocking on ");
    }

    @Test
    void aHandlerWithoutAScopeOpensNothing() throws Exception {
        assertThat(get("/unscoped").body()).isEqualTo("function");

        assertThat(awaitEvents(1)).hasSize(1).first().asString().startsWith("function sees null on ");
        assertThat(Handlers.function(request -> null).create(null).scope()).isSameAs(HandlerScope.NONE);
    }
}
