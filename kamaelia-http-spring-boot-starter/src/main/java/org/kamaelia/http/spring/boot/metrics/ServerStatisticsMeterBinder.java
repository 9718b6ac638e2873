package org.kamaelia.http.spring.boot.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.TimeUnit;
import org.kamaelia.http.message.Framing;
import org.kamaelia.http.net.AcceptProblem;
import org.kamaelia.http.net.CloseReason;
import org.kamaelia.http.observe.ServerStatistics;
import org.kamaelia.http.observe.TimeoutKind;
import org.kamaelia.http.proxy.ProxyProtocolRejection;
import org.kamaelia.http.tls.TlsOutcome;

/**
 * The {@code kamaelia.http.*} meters of one server, tagged {@code server}: function counters, function timers and
 * a gauge that read the server's {@link ServerStatistics} when the registry is read, so that a request is counted
 * once, by core, and the meters, the Actuator endpoint, health and the dashboard show the same numbers. Every meter
 * is listed in docs/metrics.md.
 *
 * <p>Meters whose tags come from closed sets (close reasons, framings, timeout kinds, accept problems, PROXY header
 * rejections, TLS outcomes) are registered at once, starting at zero, on every server (the PROXY and TLS ones stay at
 * zero on a server without those layers, so every server has the same series); the request timers (one per method,
 * status and framing) and parse-error counters (one per status and reason) are registered when the statistics first
 * see their class.
 *
 * <pre>{@code
 * new ServerStatisticsMeterBinder("api", server.statistics()).bindTo(registry);
 * }</pre>
 *
 * <p>Function meters hold their statistics weakly (Micrometer's rule): whoever made the statistics keeps them.
 */
public final class ServerStatisticsMeterBinder implements MeterBinder {
    private final String serverName;
    private final ServerStatistics statistics;

    /** Meters for the server called {@code serverName}, reading {@code statistics}. */
    public ServerStatisticsMeterBinder(String serverName, ServerStatistics statistics) {
        this.serverName = serverName;
        this.statistics = statistics;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Tags server = Tags.of("server", serverName);
        Gauge.builder("kamaelia.http.connections.active", statistics, ServerStatistics::activeConnections)
                .tags(server)
                .description("Connections open now")
                .register(registry);
        FunctionCounter.builder("kamaelia.http.connections.opened", statistics, ServerStatistics::connectionsOpened)
                .tags(server)
                .description("Connections accepted")
                .register(registry);
        for (CloseReason reason : CloseReason.values()) {
            FunctionCounter.builder("kamaelia.http.connections.closed", statistics, s -> s.connectionsClosed(reason))
                    .tags(server.and("reason", reason.tag()))
                    .description("Connections closed, by reason")
                    .register(registry);
        }
        FunctionTimer.builder(
                        "kamaelia.http.connections.duration",
                        statistics,
                        ServerStatistics::connectionsClosed,
                        ServerStatistics::connectionNanos,
                        TimeUnit.NANOSECONDS)
                .tags(server)
                .description("How long connections stayed open")
                .register(registry);
        FunctionCounter.builder("kamaelia.http.bytes.received", statistics, ServerStatistics::bytesReceived)
                .tags(server)
                .baseUnit("bytes")
                .description("Bytes read from clients")
                .register(registry);
        FunctionCounter.builder("kamaelia.http.bytes.sent", statistics, ServerStatistics::bytesSent)
                .tags(server)
                .baseUnit("bytes")
                .description("Bytes written to clients")
                .register(registry);
        for (Framing framing : Framing.values()) {
            for (boolean completed : new boolean[] {false, true}) {
                FunctionCounter.builder("kamaelia.http.responses", statistics, s -> s.responses(framing, completed))
                        .tags(server.and("framing", framing.tag(), "completed", Boolean.toString(completed)))
                        .description("Responses by framing: content-length, chunked or close")
                        .register(registry);
            }
        }
        for (TimeoutKind kind : TimeoutKind.values()) {
            FunctionCounter.builder("kamaelia.http.timeouts", statistics, s -> s.timeouts(kind))
                    .tags(server.and("kind", kind.tag()))
                    .description("Connections closed because a deadline passed, by kind")
                    .register(registry);
        }
        for (AcceptProblem problem : AcceptProblem.values()) {
            FunctionCounter.builder("kamaelia.http.accept.problems", statistics, s -> s.acceptProblems(problem))
                    .tags(server.and("reason", problem.tag()))
                    .description("Times a waiting connection could not be accepted: out of file descriptors, at"
                            + " max-connections, or another error")
                    .register(registry);
        }
        for (ProxyProtocolRejection reason : ProxyProtocolRejection.values()) {
            FunctionCounter.builder("kamaelia.http.proxy.rejections", statistics, s -> s.proxyHeaderRejections(reason))
                    .tags(server.and("reason", reason.tag()))
                    .description("Connections closed because their PROXY protocol header was missing, malformed,"
                            + " too long, truncated or late")
                    .register(registry);
        }
        FunctionTimer.builder(
                        "kamaelia.http.tls.handshakes",
                        statistics,
                        ServerStatistics::tlsHandshakes,
                        ServerStatistics::tlsHandshakeNanos,
                        TimeUnit.NANOSECONDS)
                .tags(server)
                .description("TLS handshakes completed, and the time they took")
                .register(registry);
        for (TlsOutcome outcome : TlsOutcome.values()) {
            FunctionCounter.builder("kamaelia.http.tls.outcomes", statistics, s -> s.tlsOutcomes(outcome))
                    .tags(server.and("outcome", outcome.tag()))
                    .description("TLS connections ended, by how: closed, truncated, plain HTTP, not TLS, handshake"
                            + " failed or timed out, peer closed during the handshake, failed, aborted")
                    .register(registry);
        }
        FunctionCounter.builder("kamaelia.http.backpressure.pauses", statistics, ServerStatistics::backpressurePauses)
                .tags(server)
                .description("Times reading from a client paused because the server could take no more")
                .register(registry);
        FunctionTimer.builder(
                        "kamaelia.http.backpressure.paused",
                        statistics,
                        ServerStatistics::backpressureResumes,
                        ServerStatistics::backpressurePausedNanos,
                        TimeUnit.NANOSECONDS)
                .tags(server)
                .description("Time reading stayed paused")
                .register(registry);
        statistics.onRequestClass(requests -> FunctionTimer.builder(
                        "kamaelia.http.requests",
                        requests,
                        ServerStatistics.RequestClass::count,
                        ServerStatistics.RequestClass::totalNanos,
                        TimeUnit.NANOSECONDS)
                .tags(server.and(
                        "method", requests.method(),
                        "status", HttpServerRequestsObserver.statusTag(requests.status()),
                        "outcome", requests.outcome(),
                        "framing", requests.framing().tag()))
                .description("Requests, by method, status, outcome and response framing")
                .register(registry));
        statistics.onParseErrorClass(errors -> FunctionCounter.builder(
                        "kamaelia.http.parse.errors", errors, ServerStatistics.ParseErrorClass::count)
                .tags(server.and("reason", errors.reasonTag(), "status", Integer.toString(errors.status())))
                .description("Requests refused while parsing, by reason")
                .register(registry));
    }
}
