package org.kamaelia.http.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kamaelia.http.message.BadRequest;
import org.kamaelia.http.message.Framing;
import org.kamaelia.http.net.AcceptProblem;
import org.kamaelia.http.net.CloseReason;
import org.kamaelia.http.net.ConnectionInfo;

class ServerStatisticsTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40000);
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 8080);

    private final ServerStatistics statistics = new ServerStatistics();

    private static ConnectionInfo connection(long id) {
        return new ConnectionInfo(id, CLIENT, LOCAL, Instant.now().minusSeconds(2));
    }

    private static RequestLog request(String method, int status, Framing framing, long nanos, boolean completed) {
        return new RequestLog(connection(1), method, "/", status, framing, 0, 100, nanos, completed);
    }

    @Test
    void startsAtZero() {
        assertThat(statistics.requests()).isZero();
        assertThat(statistics.activeConnections()).isZero();
        assertThat(statistics.connectionsClosed()).isZero();
        assertThat(statistics.requestClasses()).isEmpty();
        assertThat(statistics.parseErrorClasses()).isEmpty();
        for (Framing framing : Framing.values()) {
            assertThat(statistics.responses(framing)).isZero();
        }
    }

    @Test
    void countsConnectionsByCloseReasonWithBytesAndDuration() {
        statistics.connectionOpened(connection(1));
        statistics.connectionOpened(connection(2));
        statistics.connectionOpened(connection(3));
        statistics.connectionClosed(connection(1), CloseReason.CLIENT, 10, 200);
        statistics.connectionClosed(connection(2), CloseReason.TIMEOUT, 5, 7);

        assertThat(statistics.connectionsOpened()).isEqualTo(3);
        assertThat(statistics.activeConnections()).isEqualTo(1);
        assertThat(statistics.connectionsClosed(CloseReason.CLIENT)).isEqualTo(1);
        assertThat(statistics.connectionsClosed(CloseReason.TIMEOUT)).isEqualTo(1);
        assertThat(statistics.connectionsClosed(CloseReason.RESET)).isZero();
        assertThat(statistics.connectionsClosed()).isEqualTo(2);
        assertThat(statistics.bytesReceived()).isEqualTo(15);
        assertThat(statistics.bytesSent()).isEqualTo(207);
        // each connection was opened two seconds before it closed
        assertThat(statistics.connectionNanos()).isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(4));
    }

    @Test
    void countsRequestsByMethodStatusAndFramingAndResponsesByFramingAndCompletion() {
        statistics.requestCompleted(request("GET", 200, Framing.CONTENT_LENGTH, 1_000, true));
        statistics.requestCompleted(request("GET", 200, Framing.CONTENT_LENGTH, 3_000, true));
        statistics.requestCompleted(request("GET", 404, Framing.CONTENT_LENGTH, 50, true));
        statistics.requestCompleted(request("POST", 200, Framing.CHUNKED, 7, false));

        assertThat(statistics.requests()).isEqualTo(4);
        assertThat(statistics.responses(Framing.CONTENT_LENGTH, true)).isEqualTo(3);
        assertThat(statistics.responses(Framing.CHUNKED, false)).isEqualTo(1);
        assertThat(statistics.responses(Framing.CHUNKED)).isEqualTo(1);
        assertThat(statistics.responses(Framing.CLOSE_DELIMITED)).isZero();
        assertThat(statistics.requestClasses())
                .extracting(
                        ServerStatistics.RequestClass::method,
                        ServerStatistics.RequestClass::status,
                        ServerStatistics.RequestClass::framing,
                        ServerStatistics.RequestClass::count,
                        ServerStatistics.RequestClass::totalNanos,
                        ServerStatistics.RequestClass::outcome)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("GET", 200, Framing.CONTENT_LENGTH, 2L, 4_000L, "SUCCESS"),
                        org.assertj.core.groups.Tuple.tuple(
                                "GET", 404, Framing.CONTENT_LENGTH, 1L, 50L, "CLIENT_ERROR"),
                        org.assertj.core.groups.Tuple.tuple("POST", 200, Framing.CHUNKED, 1L, 7L, "SUCCESS"));
    }

    @Test
    void countsNonStandardMethodsAndOddStatusesInBoundedClasses() {
        statistics.requestCompleted(request("BREW", 418, Framing.CONTENT_LENGTH, 1, true));
        statistics.requestCompleted(request("FROBNICATE", 418, Framing.CONTENT_LENGTH, 1, true));
        statistics.requestCompleted(request("GET", 999, Framing.CONTENT_LENGTH, 1, true));
        statistics.requestCompleted(request("GET", 999, Framing.CONTENT_LENGTH, 1, true));
        statistics.requestCompleted(request("GET", 42, Framing.CONTENT_LENGTH, 1, true));

        assertThat(statistics.requestClasses())
                .extracting(ServerStatistics.RequestClass::toString)
                .containsExactly(
                        "UNKNOWN 418 content-length: 2", "GET 999 content-length: 2", "GET 42 content-length: 1");
    }

    @Test
    void tellsListenersOfClassesSeenBeforeAndAfterTheyListen() {
        statistics.requestCompleted(request("GET", 200, Framing.CONTENT_LENGTH, 1, true));
        statistics.parseError(connection(1), new BadRequest(400, "bad request line"));
        List<String> requestClasses = new ArrayList<>();
        List<String> parseErrorClasses = new ArrayList<>();
        statistics.onRequestClass(c -> requestClasses.add(c.method() + " " + c.status()));
        statistics.onParseErrorClass(c -> parseErrorClasses.add(c.status() + " " + c.reasonTag()));

        statistics.requestCompleted(request("GET", 200, Framing.CONTENT_LENGTH, 1, true));
        statistics.requestCompleted(request("HEAD", 304, Framing.CONTENT_LENGTH, 1, true));
        statistics.parseError(connection(1), new BadRequest(400, "bad request line"));
        statistics.parseError(connection(1), BadRequest.HEAD_TIMEOUT);

        assertThat(requestClasses).containsExactly("GET 200", "HEAD 304");
        assertThat(parseErrorClasses).containsExactly("400 bad-request-line", "408 request-head-timeout");
        assertThat(statistics.parseErrorClasses())
                .extracting(ServerStatistics.ParseErrorClass::count)
                .containsExactly(2L, 1L);
    }

    @Test
    void countsTimeoutsAcceptProblemsAndBackpressure() {
        statistics.timeout(connection(1), TimeoutKind.HEADER);
        statistics.timeout(connection(1), TimeoutKind.HEADER);
        statistics.timeout(connection(1), TimeoutKind.RESPONSE_RATE);
        statistics.acceptProblem(AcceptProblem.CONNECTION_LIMIT);
        statistics.backpressurePaused(connection(1));
        statistics.backpressurePaused(connection(1));
        statistics.backpressureResumed(connection(1), 1_500);

        assertThat(statistics.timeouts(TimeoutKind.HEADER)).isEqualTo(2);
        assertThat(statistics.timeouts(TimeoutKind.RESPONSE_RATE)).isEqualTo(1);
        assertThat(statistics.timeouts(TimeoutKind.IDLE)).isZero();
        assertThat(statistics.acceptProblems(AcceptProblem.CONNECTION_LIMIT)).isEqualTo(1);
        assertThat(statistics.acceptProblems(AcceptProblem.ERROR)).isZero();
        assertThat(statistics.backpressurePauses()).isEqualTo(2);
        assertThat(statistics.backpressureResumes()).isEqualTo(1);
        assertThat(statistics.backpressurePausedNanos()).isEqualTo(1_500);
    }

    @Test
    @Timeout(30)
    void threadsCountingAtOnceLoseNothingAndMakeEachClassOnce() throws Exception {
        int threads = 4;
        int perThread = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        statistics.requestCompleted(
                                request(i % 2 == 0 ? "GET" : "POST", 200 + i % 3, Framing.CHUNKED, 1, true));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(20, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(statistics.requests()).isEqualTo((long) threads * perThread);
        assertThat(statistics.requestClasses()).hasSize(6);
        assertThat(statistics.requestClasses().stream()
                        .mapToLong(ServerStatistics.RequestClass::count)
                        .sum())
                .isEqualTo((long) threads * perThread);
    }
}
