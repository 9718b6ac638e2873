package org.kamaelia.http.spring.boot.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.kamaelia.http.message.ClientOrigin;
import org.kamaelia.http.message.Framing;
import org.kamaelia.http.net.CloseReason;
import org.kamaelia.http.net.ConnectionInfo;
import org.kamaelia.http.observe.HttpObserver;
import org.kamaelia.http.observe.RequestLog;

/** {@link DirectRequestTimer}: the report's duration and failure, and the long task timer's samples always stopped. */
class DirectRequestTimerTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 8080);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private HttpObserver timer(boolean activeTimers) {
        return new KamaeliaRequestMeterObservationHandler(registry, activeTimers)
                .recorderFor("api", new DefaultKamaeliaServerRequestObservationConvention(), KeyValues.of("zone", "a"));
    }

    private static ConnectionInfo connection(long id) {
        return new ConnectionInfo(id, LOOPBACK, LOOPBACK, Instant.now());
    }

    private static RequestLog report(ConnectionInfo c, String route, int status, Throwable failure) {
        return new RequestLog(
                c,
                ClientOrigin.of(LOOPBACK, LOOPBACK, "http"),
                "GET",
                route,
                status,
                Framing.CONTENT_LENGTH,
                0,
                13,
                TimeUnit.MILLISECONDS.toNanos(3),
                true,
                null,
                failure);
    }

    @Test
    void recordsTheReportsDurationWithTheFailuresNameAndTheCommonKeyValues() {
        HttpObserver observer = timer(false);
        ConnectionInfo c = connection(1);
        observer.requestStarted(c, "GET", "/hello");
        observer.requestCompleted(report(c, "/hello", 500, new IllegalArgumentException("bad")));

        Timer timer = registry.get("http.server.requests").timer();
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(3.0);
        assertThat(timer.getId().getTag("exception")).isEqualTo("IllegalArgumentException");
        assertThat(timer.getId().getTag("error")).isEqualTo("IllegalArgumentException");
        assertThat(timer.getId().getTag("outcome")).isEqualTo("SERVER_ERROR");
        assertThat(timer.getId().getTag("zone")).isEqualTo("a");
        assertThat(registry.find("http.server.requests.active").longTaskTimer()).isNull();
    }

    @Test
    void everyActiveSampleEndsWithItsRequestItsConnectionOrTheNextStart() {
        HttpObserver observer = timer(true);
        ConnectionInfo answered = connection(1);
        ConnectionInfo vanished = connection(2);
        ConnectionInfo restarted = connection(3);
        observer.requestStarted(answered, "GET", "/hello");
        observer.requestStarted(vanished, "GET", "/hello");
        observer.requestStarted(restarted, "GET", "/hello");
        LongTaskTimer active = registry.get("http.server.requests.active").longTaskTimer();
        assertThat(active.activeTasks()).isEqualTo(3);

        observer.requestCompleted(report(answered, "/hello", 200, null));
        observer.connectionClosed(vanished, CloseReason.RESET, 0, 0);
        observer.requestStarted(restarted, "GET", "/hello"); // its first was never reported
        assertThat(active.activeTasks()).isEqualTo(1);
        observer.requestCompleted(report(restarted, "/hello", 200, null));
        assertThat(active.activeTasks()).isZero();
        assertThat(registry.get("http.server.requests").timer().count()).isEqualTo(2);
    }
}
