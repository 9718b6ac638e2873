package org.kamaelia.http.spring.boot.autoconfigure.metrics;

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
import org.kamaelia.http.message.Framing;
import org.kamaelia.http.net.CloseReason;
import org.kamaelia.http.net.ConnectionInfo;
import org.kamaelia.http.observe.RequestLog;

class HttpServerRequestsObserverTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 8080);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final HttpServerRequestsObserver observer;

    HttpServerRequestsObserverTest() {
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new KamaeliaRequestMeterObservationHandler(registry, true));
        observer = new HttpServerRequestsObserver(registry, observations, "api");
    }

    @Test
    void aRequestWhoseConnectionWentFirstIsTimedWithTheSameTagKeysAsEveryOther() {
        ConnectionInfo answered = new ConnectionInfo(1, LOOPBACK, LOOPBACK, Instant.now());
        observer.connectionOpened(answered);
        observer.requestStarted(answered, "GET", "/hello");
        observer.requestCompleted(
                new RequestLog(answered, "GET", "/hello", 200, Framing.CONTENT_LENGTH, 0, 13, 1_000, true));
        // A client that vanished mid-stream: the connection closes before the request is reported.
        ConnectionInfo vanished = new ConnectionInfo(2, LOOPBACK, LOOPBACK, Instant.now());
        observer.connectionOpened(vanished);
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
    }

    @Test
    void acceptProblemsAndRateTimeoutsAreCountedByReason() {
        observer.acceptProblem(org.kamaelia.http.net.AcceptProblem.DESCRIPTORS_EXHAUSTED);
        observer.acceptProblem(org.kamaelia.http.net.AcceptProblem.DESCRIPTORS_EXHAUSTED);
        observer.acceptProblem(org.kamaelia.http.net.AcceptProblem.CONNECTION_LIMIT);
        ConnectionInfo c = new ConnectionInfo(3, LOOPBACK, LOOPBACK, Instant.now());
        observer.timeout(c, org.kamaelia.http.observe.TimeoutKind.BODY_RATE);
        assertThat(registry.get("kamaelia.http.accept.problems")
                        .tags("server", "api", "reason", "descriptors-exhausted")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get("kamaelia.http.accept.problems")
                        .tags("reason", "connection-limit")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("kamaelia.http.timeouts")
                        .tags("kind", "body-rate")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    private static Set<String> tagKeys(Meter meter) {
        return meter.getId().getTags().stream().map(Tag::getKey).collect(Collectors.toSet());
    }
}
