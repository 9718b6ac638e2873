package org.kamaelia.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kamaelia.http.compress.Compression;
import org.kamaelia.http.handler.Handlers;
import org.kamaelia.http.message.ResponseHead;
import org.kamaelia.http.observe.HttpObserver;
import org.kamaelia.http.observe.RequestLog;

/**
 * {@link RequestLog#failure()} over real sockets: what the user's code threw (not the wrapper the engine fails the
 * handler with), for function, blocking and streaming handlers, with and without a compressor around the handler;
 * nothing for a request whose handler did not fail.
 */
@Timeout(30)
class RequestFailureReportIT {
    private final ConcurrentLinkedQueue<RequestLog> reports = new ConcurrentLinkedQueue<>();
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private HttpServer server;

    /** A failure of the application's own, so that a wrapper of the engine's cannot pass for it. */
    static final class QuotaExceeded extends RuntimeException {
        QuotaExceeded() {
            super("quota");
        }
    }

    private void start(Compression compression) {
        server = HttpServer.builder()
                .port(0)
                .eventLoops(1)
                .compression(compression)
                .observer(new HttpObserver() {
                    @Override
                    public void requestCompleted(RequestLog request) {
                        reports.add(request);
                    }
                })
                .route("/fine", Handlers.function(request -> org.kamaelia.http.handler.HttpResponse.text(200, "ok")))
                .route("/function", Handlers.function(request -> {
                    throw new QuotaExceeded();
                }))
                .route("/blocking", Handlers.blocking((head, body, response) -> {
                    throw new QuotaExceeded();
                }))
                .route(
                        "/blocking-late",
                        Handlers.blocking((head, body, response) -> {
                            response.send(
                                    ResponseHead.status(200).contentLength(10).build());
                            throw new QuotaExceeded();
                        }),
                        Set.of("GET"))
                .route("/streaming", head -> new TestHandlers.Thrower())
                .start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(Duration.ofSeconds(2));
        }
    }

    private RequestLog exchange(String path) throws Exception {
        reports.clear();
        try {
            client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                            .header("Accept-Encoding", "gzip")
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException cut) {
            // a response cut after its head: the report is what is checked
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (reports.isEmpty()) {
            assertThat(System.nanoTime()).as("a report of " + path).isLessThan(deadline);
            Thread.onSpinWait();
        }
        return reports.peek();
    }

    @Test
    void reportsWhatTheRequestCodeThrew() throws Exception {
        start(Compression.disabled());
        assertReports();
    }

    @Test
    void reportsWhatTheRequestCodeThrewThroughACompressor() throws Exception {
        start(Compression.defaults().withMinResponseSize(0));
        assertReports();
    }

    private void assertReports() throws Exception {
        RequestLog fine = exchange("/fine");
        assertThat(fine.status()).isEqualTo(200);
        assertThat(fine.failure()).isNull();

        RequestLog function = exchange("/function");
        assertThat(function.status()).isEqualTo(500);
        assertThat(function.failure()).isInstanceOf(QuotaExceeded.class);

        RequestLog blocking = exchange("/blocking");
        assertThat(blocking.status()).isEqualTo(500);
        assertThat(blocking.failure()).isInstanceOf(QuotaExceeded.class);

        // the head left the blocking thread before the throw, but the engine may learn of the failure first
        RequestLog late = exchange("/blocking-late");
        assertThat(late.status()).isIn(200, 500);
        assertThat(late.completed()).isEqualTo(late.status() == 500);
        assertThat(late.failure()).isInstanceOf(QuotaExceeded.class);

        // a streaming handler that reports nothing itself: the failure that ended it
        RequestLog streaming = exchange("/streaming");
        assertThat(streaming.status()).isEqualTo(500);
        assertThat(streaming.failure())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("handler bug");

        // the next request on a server whose handlers failed is clean again
        assertThat(exchange("/fine").failure()).isNull();
    }
}
