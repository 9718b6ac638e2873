package org.kamaelia.http.spring.boot.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.kamaelia.http.message.ClientOrigin;
import org.kamaelia.http.message.Framing;
import org.kamaelia.http.net.CloseReason;
import org.kamaelia.http.net.ConnectionInfo;
import org.kamaelia.http.observe.RequestLog;

class HttpServerRequestsObserverTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 8080);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final KamaeliaRequestMeterObservationHandler handler =
            new KamaeliaRequestMeterObservationHandler(registry, true);
    private final HttpServerRequestsObserver observer;

    HttpServerRequestsObserverTest() {
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(handler);
        observer = new HttpServerRequestsObserver(observations, "api");
    }

    private static ConnectionInfo connection(long id) {
        return new ConnectionInfo(id, LOOPBACK, LOOPBACK, Instant.now());
    }

    @Test
    void timesEachRequestAsHttpServerRequestsWithBootsTags() {
        ConnectionInfo c = connection(1);
        observer.requestStarted(c, "GET", "/hello");
        observer.requestCompleted(new RequestLog(c, "GET", "/hello", 200, Framing.CONTENT_LENGTH, 0, 13, 1_000, true));

        Timer timer = registry.get("http.server.requests").timer();
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.getId().getTags())
                .extracting(Tag::getKey, Tag::getValue)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("server", "api"),
                        org.assertj.core.groups.Tuple.tuple("method", "GET"),
                        org.assertj.core.groups.Tuple.tuple("uri", "/hello"),
                        org.assertj.core.groups.Tuple.tuple("status", "200"),
                        org.assertj.core.groups.Tuple.tuple("outcome", "SUCCESS"),
                        org.assertj.core.groups.Tuple.tuple("exception", "none"),
                        org.assertj.core.groups.Tuple.tuple("error", "none"));
        assertThat(observer.inFlight()).isZero();
    }

    @Test
    void theFailureTheReportCarriesIsTheExceptionTagEvenWithoutAHandlerInTheContext() {
        ConnectionInfo c = connection(1);
        observer.requestStarted(c, "GET", "/hello");
        observer.requestCompleted(new RequestLog(
                c,
                ClientOrigin.of(LOOPBACK, LOOPBACK, "http"),
                "GET",
                "/hello",
                500,
                Framing.CONTENT_LENGTH,
                0,
                13,
                1_000,
                true,
                null,
                new IllegalStateException("the handler's own code threw")));

        Timer timer = registry.get("http.server.requests").timer();
        assertThat(timer.getId().getTag("exception")).isEqualTo("IllegalStateException");
        assertThat(timer.getId().getTag("outcome")).isEqualTo("SERVER_ERROR");
    }

    @Test
    void findsTheTimerOncePerTagCombination() {
        for (int i = 0; i < 5; i++) {
            ConnectionInfo c = connection(i);
            observer.requestStarted(c, "GET", "/hello");
            observer.requestCompleted(
                    new RequestLog(c, "GET", "/hello", 200, Framing.CONTENT_LENGTH, 0, 13, 1_000, true));
        }
        assertThat(handler.timersMade()).isEqualTo(1);
        assertThat(registry.get("http.server.requests").timer().count()).isEqualTo(5);
    }

    @Test
    void aRequestWhoseConnectionWentFirstIsTimedWithTheSameTagKeysAsEveryOther() {
        ConnectionInfo answered = connection(1);
        observer.requestStarted(answered, "GET", "/hello");
        observer.requestCompleted(
                new RequestLog(answered, "GET", "/hello", 200, Framing.CONTENT_LENGTH, 0, 13, 1_000, true));
        // A client that vanished mid-stream: the connection closes before the request is reported.
        ConnectionInfo vanished = connection(2);
        observer.requestStarted(vanished, "GET", "/stream");
        observer.connectionClosed(vanished, CloseReason.RESET, 0, 0);

        Collection<Timer> timers = registry.find("http.server.requests").timers();
        assertThat(timers).hasSize(2);
        // Prometheus refuses a meter whose tag keys differ from the first of its name.
        Set<Set<String>> tagKeySets =
                timers.stream().map(HttpServerRequestsObserverTest::tagKeys).collect(Collectors.toSet());
        assertThat(tagKeySets).hasSize(1);
        Timer cut = registry.find("http.server.requests").tag("uri", "/stream").timer();
        assertThat(cut).isNotNull();
        assertThat(cut.getId().getTag("status")).isEqualTo("499");
        assertThat(cut.getId().getTag("outcome")).isEqualTo("CLIENT_ERROR");
        assertThat(cut.count()).isEqualTo(1);
        assertThat(observer.inFlight()).isZero();
    }

    @Test
    void aSecondStartOnTheSameConnectionStopsTheFirstAsUnanswered() {
        ConnectionInfo c = connection(1);
        observer.requestStarted(c, "GET", "/a");
        observer.requestStarted(c, "GET", "/b");
        observer.requestCompleted(new RequestLog(c, "GET", "/b", 204, Framing.CONTENT_LENGTH, 0, 0, 10, true));

        assertThat(registry.get("http.server.requests")
                        .tag("uri", "/a")
                        .timer()
                        .getId()
                        .getTag("status"))
                .isEqualTo("499");
        assertThat(registry.get("http.server.requests")
                        .tag("uri", "/b")
                        .timer()
                        .getId()
                        .getTag("status"))
                .isEqualTo("204");
    }

    @Test
    void countsNothingItself() {
        ConnectionInfo c = connection(1);
        observer.connectionOpened(c);
        observer.requestStarted(c, "GET", "/hello");
        observer.requestCompleted(new RequestLog(c, "GET", "/hello", 200, Framing.CHUNKED, 0, 13, 1_000, true));
        observer.connectionClosed(c, CloseReason.CLIENT, 10, 20);

        assertThat(registry.getMeters())
                .extracting(meter -> meter.getId().getName())
                .allMatch(name -> name.startsWith("http.server.requests"));
    }

    @Test
    void theObservationCarriesTheHeadTheRoutesFactorySawAndEndsWithTheResponse() {
        ObservationRegistry observations = ObservationRegistry.create();
        java.util.List<KamaeliaServerRequestObservationContext> stopped = new java.util.ArrayList<>();
        observations.observationConfig().observationHandler(new io.micrometer.observation.ObservationHandler<>() {
            @Override
            public boolean supportsContext(io.micrometer.observation.Observation.Context context) {
                return context instanceof KamaeliaServerRequestObservationContext;
            }

            @Override
            public void onStop(io.micrometer.observation.Observation.Context context) {
                stopped.add((KamaeliaServerRequestObservationContext) context);
            }
        });
        ObservedRequestHandlers handlers = new ObservedRequestHandlers(observations);
        HttpServerRequestsObserver traced = new HttpServerRequestsObserver(
                observations, "api", new DefaultKamaeliaServerRequestObservationConvention(), handlers);
        org.kamaelia.http.message.RequestHead head =
                (org.kamaelia.http.message.RequestHead) new org.kamaelia.http.codec.request.RequestDecoder(
                                org.kamaelia.http.codec.request.DecoderLimits.defaults())
                        .next(java.nio.ByteBuffer.wrap("GET /hello HTTP/1.1\r\nHost: h\r\ntraceparent: x\r\n\r\n"
                                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
        org.kamaelia.http.handler.HandlerComponent handler = handlers.decorate(
                        "api", "/hello", h -> org.kamaelia.http.handler.Handlers.error(500, "broken"))
                .create(head)
                .route("/hello");

        ConnectionInfo c = connection(1);
        traced.requestStarted(c, "GET", "/hello");
        RequestLog log = new RequestLog(c, "GET", "/hello", 500, Framing.CONTENT_LENGTH, 0, 13, 1_000, true);
        traced.requestCompleted(log);

        assertThat(stopped).hasSize(1);
        KamaeliaServerRequestObservationContext context = stopped.get(0);
        assertThat(context.getCarrier()).isSameAs(head);
        assertThat(context.getGetter().get(context.getCarrier(), "traceparent")).isEqualTo("x");
        assertThat(context.getResponse()).isSameAs(log);
        assertThat(context.status()).isEqualTo(500);
        assertThat(context.getName()).isEqualTo("http.server.requests");
        assertThat(context.getContextualName()).isEqualTo("http get /hello");
        assertThat(context.getError()).as("the handler did not fail").isNull();
        assertThat(handler.scope()).isNotSameAs(org.kamaelia.http.handler.HandlerScope.NONE);
    }

    @Test
    void aReplacedConventionsObservationsAreLeftToMicrometersMeterHandler() {
        KamaeliaServerRequestObservationContext byDefault =
                new KamaeliaServerRequestObservationContext("api", "GET", "/", null, null);
        byDefault.defaultKeyValues(true);
        KamaeliaServerRequestObservationContext replaced =
                new KamaeliaServerRequestObservationContext("api", "GET", "/", null, null);

        assertThat(handler.supportsContext(byDefault)).isTrue();
        assertThat(handler.supportsContext(replaced)).isFalse();
    }

    private static Set<String> tagKeys(Meter meter) {
        return meter.getId().getTags().stream().map(Tag::getKey).collect(Collectors.toSet());
    }
}
