package org.kamaelia.http.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kamaelia.http.handler.BlockingHandler;
import org.kamaelia.http.handler.HandlerComponent;
import org.kamaelia.http.handler.HandlerScope;
import org.kamaelia.http.handler.HttpHandler;
import org.kamaelia.http.handler.RequestHandlerFactory;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.EndOfResponse;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.ResponseHead;
import org.kamaelia.http.spring.boot.KamaeliaHttpServers;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;

/**
 * Tracing of Kamaelia's requests in a real application: Boot's OpenTelemetry tracing auto-configuration with the
 * Micrometer Tracing bridge, the SDK's in-memory exporter behind Boot's batch span processor, a Kamaelia server on a
 * random port and requests that carry a W3C {@code traceparent}.
 */
@SpringBootTest(
        classes = KamaeliaHttpTracingIT.App.class,
        properties = {
            "kamaelia.http.event-loops=1",
            "kamaelia.http.servers.api.port=0",
            "kamaelia.http.servers.api.address=127.0.0.1",
            "kamaelia.http.servers.api.routes[0].prefix=/hello",
            "kamaelia.http.servers.api.routes[0].handler=hello",
            "kamaelia.http.servers.api.routes[1].prefix=/boom",
            "kamaelia.http.servers.api.routes[1].handler=boom",
            "kamaelia.http.servers.api.routes[2].prefix=/blocking",
            "kamaelia.http.servers.api.routes[2].handler=blocking",
            "kamaelia.http.servers.api.routes[3].prefix=/stream",
            "kamaelia.http.servers.api.routes[3].handler=stream",
            "kamaelia.http.servers.api.routes[4].prefix=/broken-stream",
            "kamaelia.http.servers.api.routes[4].handler=brokenStream",
            "management.tracing.sampling.probability=1.0",
            "management.opentelemetry.tracing.export.schedule-delay=50ms",
            "kamaelia.http.shutdown.grace-period=1s"
        })
@Timeout(60)
class KamaeliaHttpTracingIT {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT_SPAN_ID = "00f067aa0ba902b7";
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final org.slf4j.Logger HANDLER_LOG = LoggerFactory.getLogger("kamaelia.tracing.handler");

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        InMemorySpanExporter inMemorySpanExporter() {
            return InMemorySpanExporter.create();
        }

        @Bean
        HttpHandler hello() {
            return request -> {
                HANDLER_LOG.info("hello from the function handler");
                return org.kamaelia.http.handler.HttpResponse.text(200, "Hello, World!");
            };
        }

        @Bean
        HttpHandler boom() {
            return request -> {
                HANDLER_LOG.info("about to fail");
                throw new IllegalArgumentException("the handler refuses");
            };
        }

        @Bean
        BlockingHandler blocking() {
            return (head, body, response) -> {
                HANDLER_LOG.info("hello from the blocking handler");
                response.send(ResponseHead.status(200)
                        .header("Content-Type", "text/plain")
                        .build());
                response.write("blocking".getBytes(StandardCharsets.UTF_8));
            };
        }

        @Bean
        RequestHandlerFactory stream() {
            return head -> new HandlerComponent() {
                @Override
                protected void react() {
                    if (inbox.poll() instanceof RequestHead) {
                        HANDLER_LOG.info("outside the streaming handler's scope");
                        try (HandlerScope.Opened opened = scope().open()) {
                            HANDLER_LOG.info("hello from the streaming handler");
                        }
                        outbox.send(ResponseHead.status(200).build());
                        outbox.send(ByteChunk.utf8("streamed"));
                        outbox.send(EndOfResponse.INSTANCE);
                    }
                    inbox.clear();
                }
            };
        }

        @Bean
        RequestHandlerFactory brokenStream() {
            return head -> new HandlerComponent() {
                @Override
                protected void react() {
                    inbox.clear();
                    throw new UnsupportedOperationException("the streaming handler breaks");
                }
            };
        }
    }

    @Autowired
    InMemorySpanExporter spans;

    @Autowired
    KamaeliaHttpServers servers;

    @Autowired
    MeterRegistry meters;

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void captureHandlerLogs() {
        logged.start();
        ((Logger) LoggerFactory.getLogger("kamaelia.tracing.handler")).addAppender(logged);
        spans.reset();
    }

    @AfterEach
    void stopCapturing() {
        ((Logger) LoggerFactory.getLogger("kamaelia.tracing.handler")).detachAppender(logged);
    }

    private HttpResponse<String> get(String path, String traceparent) throws IOException, InterruptedException {
        int port = servers.server("api").orElseThrow().port();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String traceparent() {
        return "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01";
    }

    /** Waits, up to the deadline, for the span whose name is {@code name}. */
    private SpanData awaitSpan(String name) {
        return await(
                "a span called " + name,
                () -> spans.getFinishedSpanItems().stream()
                        .filter(span -> span.getName().equals(name))
                        .findFirst());
    }

    private static <T> T await(String what, Supplier<Optional<T>> probe) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < end) {
            Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no " + what + " within " + DEADLINE);
    }

    private ILoggingEvent loggedLine(String message) {
        return logged.list.stream()
                .filter(event -> event.getFormattedMessage().equals(message))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the handler did not log '" + message + "'"));
    }

    private static String attribute(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }

    @Test
    void theServerSpanContinuesTheIncomingTraceWithBootsNameAndTags() throws Exception {
        HttpResponse<String> response = get("/hello/world?x=1", traceparent());
        assertThat(response.statusCode()).isEqualTo(200);

        SpanData span = awaitSpan("http get /hello");
        assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(span.getParentSpanId()).isEqualTo(PARENT_SPAN_ID);
        assertThat(span.getParentSpanContext().isRemote()).isTrue();
        assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(attribute(span, "server")).isEqualTo("api");
        assertThat(attribute(span, "method")).isEqualTo("GET");
        assertThat(attribute(span, "uri")).isEqualTo("/hello");
        assertThat(attribute(span, "status")).isEqualTo("200");
        assertThat(attribute(span, "outcome")).isEqualTo("SUCCESS");
        assertThat(attribute(span, "exception")).isEqualTo("none");
        assertThat(attribute(span, "http.url")).isEqualTo("/hello/world");
        assertThat(span.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
    }

    @Test
    void aFunctionHandlerLogsWithTheServerSpansTraceIdInItsMdc() throws Exception {
        assertThat(get("/hello", traceparent()).statusCode()).isEqualTo(200);
        SpanData span = awaitSpan("http get /hello");

        ILoggingEvent line = loggedLine("hello from the function handler");
        assertThat(line.getMDCPropertyMap()).containsEntry("traceId", TRACE_ID);
        assertThat(line.getMDCPropertyMap()).containsEntry("spanId", span.getSpanId());
    }

    @Test
    void aBlockingHandlerLogsWithTheTraceIdOnItsOwnThread() throws Exception {
        assertThat(get("/blocking", traceparent()).body()).isEqualTo("blocking");
        SpanData span = awaitSpan("http get /blocking");

        ILoggingEvent line = loggedLine("hello from the blocking handler");
        assertThat(line.getThreadName()).doesNotStartWith("kamaelia-http");
        assertThat(line.getMDCPropertyMap()).containsEntry("traceId", TRACE_ID);
        assertThat(line.getMDCPropertyMap()).containsEntry("spanId", span.getSpanId());
    }

    @Test
    void aStreamingHandlerThatOpensItsScopeLogsWithTheTraceId() throws Exception {
        assertThat(get("/stream", traceparent()).body()).isEqualTo("streamed");
        SpanData span = awaitSpan("http get /stream");

        ILoggingEvent line = loggedLine("hello from the streaming handler");
        assertThat(line.getMDCPropertyMap()).containsEntry("traceId", TRACE_ID);
        assertThat(line.getMDCPropertyMap()).containsEntry("spanId", span.getSpanId());
    }

    @Test
    void theEventLoopKeepsNoTraceIdOnceTheHandlerReturned() throws Exception {
        assertThat(get("/hello", traceparent()).statusCode()).isEqualTo(200);
        awaitSpan("http get /hello");

        // One event loop: the streaming handler runs on the thread the function handler ran on, and logs once
        // before opening its scope, when the thread must hold no trace of the earlier request.
        assertThat(get("/stream", null).body()).isEqualTo("streamed");
        SpanData stream = awaitSpan("http get /stream");
        assertThat(stream.getTraceId()).isNotEqualTo(TRACE_ID);
        assertThat(stream.getParentSpanContext().isValid()).isFalse();
        ILoggingEvent outside = loggedLine("outside the streaming handler's scope");
        assertThat(outside.getThreadName())
                .isEqualTo(loggedLine("hello from the function handler").getThreadName());
        assertThat(outside.getMDCPropertyMap()).doesNotContainKeys("traceId", "spanId");
        assertThat(loggedLine("hello from the streaming handler").getMDCPropertyMap())
                .containsEntry("traceId", stream.getTraceId());
    }

    @Test
    void aFailingFunctionHandlersExceptionIsRecordedOnItsSpanAndTimer() throws Exception {
        assertThat(get("/boom", traceparent()).statusCode()).isEqualTo(500);

        SpanData span = awaitSpan("http get /boom");
        assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(attribute(span, "exception")).isEqualTo("IllegalArgumentException");
        assertThat(attribute(span, "status")).isEqualTo("500");
        assertThat(attribute(span, "outcome")).isEqualTo("SERVER_ERROR");
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        List<EventData> exceptions = span.getEvents().stream()
                .filter(event -> event.getName().equals("exception"))
                .toList();
        assertThat(exceptions).hasSize(1);
        assertThat(exceptions.get(0).getAttributes().get(AttributeKey.stringKey("exception.type")))
                .isEqualTo(IllegalArgumentException.class.getName());
        assertThat(exceptions.get(0).getAttributes().get(AttributeKey.stringKey("exception.message")))
                .isEqualTo("the handler refuses");
        assertThat(loggedLine("about to fail").getMDCPropertyMap()).containsEntry("traceId", TRACE_ID);

        assertThat(meters.get("http.server.requests")
                        .tags("uri", "/boom", "exception", "IllegalArgumentException", "status", "500")
                        .timer()
                        .count())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void aStreamingHandlersFailureIsRecordedFromTheComponentThatEnded() throws Exception {
        assertThat(get("/broken-stream", traceparent()).statusCode()).isEqualTo(500);

        SpanData span = awaitSpan("http get /broken-stream");
        assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(attribute(span, "exception")).isEqualTo("UnsupportedOperationException");
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    }

    @Test
    void aRequestNoRouteMatchedIsTaggedNotFoundAndStillContinuesTheClientsTrace() throws Exception {
        assertThat(get("/nowhere", traceparent()).statusCode()).isEqualTo(404);

        SpanData span = awaitSpan("http get");
        assertThat(attribute(span, "uri")).isEqualTo("NOT_FOUND");
        assertThat(attribute(span, "status")).isEqualTo("404");
        // no route's factory saw it, but the server reported its head: the span is in the client's trace
        assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(span.getParentSpanId()).isEqualTo(PARENT_SPAN_ID);
        assertThat(attribute(span, "http.url")).isEqualTo("/nowhere");
        assertThat(meters.get("http.server.requests")
                        .tags("uri", "NOT_FOUND", "status", "404")
                        .timer()
                        .count())
                .isGreaterThanOrEqualTo(1);
    }
}
