package org.kamaelia.http.spring.boot.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.kamaelia.http.message.BadRequest;
import org.kamaelia.http.message.Framing;
import org.kamaelia.http.message.TlsSessionInfo;
import org.kamaelia.http.net.AcceptProblem;
import org.kamaelia.http.net.CloseReason;
import org.kamaelia.http.net.ConnectionInfo;
import org.kamaelia.http.observe.RequestLog;
import org.kamaelia.http.observe.ServerStatistics;
import org.kamaelia.http.observe.TimeoutKind;
import org.kamaelia.http.proxy.ProxyProtocolRejection;
import org.kamaelia.http.tls.TlsOutcome;

class ServerStatisticsMeterBinderTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 8080);

    // held here: function meters hold their statistics weakly
    private final ServerStatistics statistics = new ServerStatistics();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private static ConnectionInfo connection(long id) {
        return new ConnectionInfo(id, LOOPBACK, LOOPBACK, Instant.now());
    }

    private static RequestLog request(String method, int status, Framing framing, boolean completed) {
        return new RequestLog(connection(1), method, "/", status, framing, 0, 10, 2_000_000, completed);
    }

    @Test
    void registersTheDocumentedMetersOfClosedTagSetsAtOnceStartingAtZero() {
        new ServerStatisticsMeterBinder("api", statistics).bindTo(registry);

        Map<String, Set<String>> tagKeysByName = new TreeMap<>();
        for (Meter meter : registry.getMeters()) {
            tagKeysByName
                    .computeIfAbsent(meter.getId().getName(), name -> new TreeSet<>())
                    .addAll(meter.getId().getTags().stream().map(Tag::getKey).collect(Collectors.toSet()));
        }
        assertThat(tagKeysByName)
                .containsOnly(
                        Map.entry("kamaelia.http.connections.active", Set.of("server")),
                        Map.entry("kamaelia.http.connections.opened", Set.of("server")),
                        Map.entry("kamaelia.http.connections.closed", Set.of("server", "reason")),
                        Map.entry("kamaelia.http.connections.duration", Set.of("server")),
                        Map.entry("kamaelia.http.responses", Set.of("server", "framing", "completed")),
                        Map.entry("kamaelia.http.bytes.received", Set.of("server")),
                        Map.entry("kamaelia.http.bytes.sent", Set.of("server")),
                        Map.entry("kamaelia.http.timeouts", Set.of("server", "kind")),
                        Map.entry("kamaelia.http.accept.problems", Set.of("server", "reason")),
                        Map.entry("kamaelia.http.proxy.rejections", Set.of("server", "reason")),
                        Map.entry("kamaelia.http.tls.handshakes", Set.of("server")),
                        Map.entry("kamaelia.http.tls.outcomes", Set.of("server", "outcome")),
                        Map.entry("kamaelia.http.backpressure.pauses", Set.of("server")),
                        Map.entry("kamaelia.http.backpressure.paused", Set.of("server")));
        assertThat(registry.find("kamaelia.http.connections.closed").functionCounters())
                .hasSize(CloseReason.values().length)
                .allMatch(counter -> counter.count() == 0);
        assertThat(registry.find("kamaelia.http.responses").functionCounters()).hasSize(6);
        assertThat(registry.find("kamaelia.http.timeouts").functionCounters()).hasSize(TimeoutKind.values().length);
        assertThat(registry.find("kamaelia.http.accept.problems").functionCounters())
                .hasSize(AcceptProblem.values().length);
        assertThat(registry.find("kamaelia.http.proxy.rejections").functionCounters())
                .hasSize(ProxyProtocolRejection.values().length)
                .allMatch(counter -> counter.count() == 0);
        assertThat(registry.find("kamaelia.http.tls.outcomes").functionCounters())
                .hasSize(TlsOutcome.values().length)
                .allMatch(counter -> counter.count() == 0);
        assertThat(registry.get("kamaelia.http.tls.handshakes").functionTimer().count())
                .isZero();
        assertThat(registry.getMeters())
                .allMatch(meter -> "api".equals(meter.getId().getTag("server")));
    }

    @Test
    void readsTheTlsHandshakesAndOutcomesOfTheStatistics() {
        new ServerStatisticsMeterBinder("secure", statistics).bindTo(registry);
        ConnectionInfo c = connection(3);
        TlsSessionInfo session = new TlsSessionInfo("TLSv1.3", "TLS_AES_128_GCM_SHA256", List.of(), Optional.empty());
        statistics.tlsHandshakeCompleted(c, session, Duration.ofMillis(4));
        statistics.tlsHandshakeCompleted(connection(4), session, Duration.ofMillis(6));
        statistics.tlsEnded(c, TlsOutcome.CLOSED);
        statistics.tlsEnded(connection(5), TlsOutcome.PLAIN_HTTP);
        statistics.tlsEnded(connection(6), TlsOutcome.PLAIN_HTTP);

        FunctionTimer handshakes = registry.get("kamaelia.http.tls.handshakes").functionTimer();
        assertThat(handshakes.count()).isEqualTo(2);
        assertThat(handshakes.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(10.0);
        assertThat(registry.get("kamaelia.http.tls.outcomes")
                        .tag("outcome", "plain-http")
                        .functionCounter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get("kamaelia.http.tls.outcomes")
                        .tag("outcome", "closed")
                        .functionCounter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("kamaelia.http.tls.outcomes")
                        .tag("outcome", "handshake-timeout")
                        .functionCounter()
                        .count())
                .isZero();

        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ServerStatisticsMeterBinder("secure", statistics).bindTo(prometheus);
        assertThat(prometheus.scrape())
                .contains("kamaelia_http_tls_handshakes_seconds_count{server=\"secure\"} 2")
                .contains("kamaelia_http_tls_handshakes_seconds_sum{server=\"secure\"} 0.01")
                .contains("kamaelia_http_tls_outcomes_total{outcome=\"plain-http\",server=\"secure\"} 2");
    }

    @Test
    void readsTheStatisticsInsteadOfCountingAgain() {
        new ServerStatisticsMeterBinder("api", statistics).bindTo(registry);
        ConnectionInfo c = connection(7);
        statistics.connectionOpened(c);
        statistics.connectionOpened(connection(8));
        statistics.requestCompleted(request("GET", 200, Framing.CONTENT_LENGTH, true));
        statistics.requestCompleted(request("GET", 200, Framing.CONTENT_LENGTH, true));
        statistics.requestCompleted(request("GET", 500, Framing.CHUNKED, false));
        statistics.connectionClosed(c, CloseReason.TIMEOUT, 100, 2_000);
        statistics.timeout(c, TimeoutKind.IDLE);
        statistics.acceptProblem(AcceptProblem.DESCRIPTORS_EXHAUSTED);
        statistics.backpressurePaused(c);
        statistics.backpressureResumed(c, 3_000_000);
        statistics.proxyHeaderRejected(c, ProxyProtocolRejection.MISSING);
        statistics.proxyHeaderRejected(c, ProxyProtocolRejection.MISSING);

        assertThat(gauge("kamaelia.http.connections.active").value()).isEqualTo(1);
        assertThat(counter("kamaelia.http.connections.opened").count()).isEqualTo(2);
        assertThat(registry.get("kamaelia.http.connections.closed")
                        .tag("reason", "timeout")
                        .functionCounter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("kamaelia.http.connections.duration")
                        .functionTimer()
                        .count())
                .isEqualTo(1);
        assertThat(counter("kamaelia.http.bytes.received").count()).isEqualTo(100);
        assertThat(counter("kamaelia.http.bytes.sent").count()).isEqualTo(2_000);
        assertThat(registry.get("kamaelia.http.responses")
                        .tags("framing", "content-length", "completed", "true")
                        .functionCounter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get("kamaelia.http.responses")
                        .tags("framing", "chunked", "completed", "false")
                        .functionCounter()
                        .count())
                .isEqualTo(1);
        FunctionTimer ok = registry.get("kamaelia.http.requests")
                .tags("method", "GET", "status", "200", "outcome", "SUCCESS", "framing", "content-length")
                .functionTimer();
        assertThat(ok.count()).isEqualTo(2);
        assertThat(ok.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(4.0);
        assertThat(registry.get("kamaelia.http.requests")
                        .tags("status", "500", "outcome", "SERVER_ERROR", "framing", "chunked")
                        .functionTimer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("kamaelia.http.timeouts")
                        .tag("kind", "idle")
                        .functionCounter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("kamaelia.http.accept.problems")
                        .tag("reason", "descriptors-exhausted")
                        .functionCounter()
                        .count())
                .isEqualTo(1);
        assertThat(counter("kamaelia.http.backpressure.pauses").count()).isEqualTo(1);
        assertThat(registry.get("kamaelia.http.proxy.rejections")
                        .tag("reason", "missing")
                        .functionCounter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get("kamaelia.http.proxy.rejections")
                        .tag("reason", "malformed")
                        .functionCounter()
                        .count())
                .isZero();
        assertThat(registry.get("kamaelia.http.backpressure.paused")
                        .functionTimer()
                        .totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(3.0);
    }

    @Test
    void registersRequestTimersAndParseErrorCountersForClassesSeenBeforeAndAfterBinding() {
        statistics.requestCompleted(request("HEAD", 304, Framing.CONTENT_LENGTH, true));
        statistics.parseError(connection(1), new BadRequest(400, "Bad request line"));
        new ServerStatisticsMeterBinder("api", statistics).bindTo(registry);
        statistics.requestCompleted(request("POST", 201, Framing.CHUNKED, true));
        statistics.parseError(connection(1), new BadRequest(431, "header section too large"));
        statistics.parseError(connection(1), new BadRequest(431, "header section too large"));

        assertThat(registry.find("kamaelia.http.requests").functionTimers())
                .extracting(timer ->
                        timer.getId().getTag("method") + " " + timer.getId().getTag("status"))
                .containsExactlyInAnyOrder("HEAD 304", "POST 201");
        assertThat(registry.get("kamaelia.http.parse.errors")
                        .tags("reason", "bad-request-line", "status", "400")
                        .functionCounter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("kamaelia.http.parse.errors")
                        .tags("reason", "header-section-too-large", "status", "431")
                        .functionCounter()
                        .count())
                .isEqualTo(2);
    }

    @Test
    void keepsThePrometheusNamesOfTheDashboard() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ServerStatisticsMeterBinder("api", statistics).bindTo(prometheus);
        statistics.requestCompleted(request("GET", 200, Framing.CONTENT_LENGTH, true));
        statistics.parseError(connection(1), new BadRequest(400, "bad request line"));

        String scrape = prometheus.scrape();
        assertThat(scrape)
                .contains("kamaelia_http_connections_active{server=\"api\"}")
                .contains("kamaelia_http_requests_seconds_count{framing=\"content-length\",method=\"GET\","
                        + "outcome=\"SUCCESS\",server=\"api\",status=\"200\"} 1")
                .contains("kamaelia_http_requests_seconds_sum{")
                .contains(
                        "kamaelia_http_responses_total{completed=\"true\",framing=\"content-length\",server=\"api\"} 1")
                .contains("kamaelia_http_connections_closed_total{reason=\"client\",server=\"api\"}")
                .contains(
                        "kamaelia_http_parse_errors_total{reason=\"bad-request-line\",server=\"api\",status=\"400\"} 1")
                .contains("kamaelia_http_bytes_sent_bytes_total{server=\"api\"}")
                .contains("kamaelia_http_bytes_received_bytes_total{server=\"api\"}")
                .contains("kamaelia_http_backpressure_paused_seconds_sum{server=\"api\"}")
                .contains("kamaelia_http_connections_duration_seconds_count{server=\"api\"}");
    }

    private Gauge gauge(String name) {
        return registry.get(name).gauge();
    }

    private FunctionCounter counter(String name) {
        return registry.get(name).functionCounter();
    }
}
