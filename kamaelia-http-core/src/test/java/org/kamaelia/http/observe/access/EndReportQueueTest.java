package org.kamaelia.http.observe.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import org.kamaelia.http.message.ClientOrigin;
import org.kamaelia.http.message.Framing;
import org.kamaelia.http.message.HttpHeaders;
import org.kamaelia.http.message.HttpVersion;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.RequestTarget;
import org.kamaelia.http.net.ConnectionInfo;
import org.kamaelia.http.observe.RequestLog;

/** The queue between event loops and the writer: its bound, its order, and no line lost or doubled under races. */
class EndReportQueueTest {
    private static final List<String> NO_HEADERS = List.of();

    private static RequestLog report(long connectionId) {
        ConnectionInfo connection = new ConnectionInfo(
                connectionId,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 50_000),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080),
                Instant.EPOCH);
        return new RequestLog(connection, "GET", "/", 200, Framing.CONTENT_LENGTH, 0, 10, 1_000, true);
    }

    private static RequestLog reportWithHead(long connectionId, RequestHead head, int status) {
        ConnectionInfo connection = new ConnectionInfo(
                connectionId,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 50_000),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080),
                Instant.EPOCH);
        return new RequestLog(
                connection,
                ClientOrigin.of(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 40_000 + (int) connectionId),
                        connection.local(),
                        "http"),
                head == null ? "-" : head.method(),
                "/api",
                status,
                Framing.CHUNKED,
                5,
                321,
                7_000_000,
                status != 499,
                head);
    }

    private static RequestHead head(String method, String rawTarget, HttpHeaders headers) {
        return new RequestHead(
                method,
                new RequestTarget(rawTarget, RequestTarget.Form.ORIGIN, "", rawTarget, rawTarget, Optional.empty()),
                HttpVersion.HTTP_1_0,
                headers,
                "h",
                RequestHead.BodyFraming.NONE,
                OptionalLong.empty());
    }

    /** Starts {@code count} threads that run {@code body} with their index, all released at once. */
    private static List<Thread> startTogether(int count, IntConsumer body) {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            int index = p;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                body.accept(index);
            });
            t.start();
            threads.add(t);
        }
        start.countDown();
        return threads;
    }

    @Test
    void anEntryCarriesWhatTheReportAndItsHeadSaidWhenTheyWereQueued() {
        EndReportQueue queue = new EndReportQueue(2, List.of("Referer", "User-Agent"));
        RequestHead head = head("POST", "/a?b=1", HttpHeaders.of("user-agent", "probe/1", "Host", "h"));
        RequestLog report = reportWithHead(3, head, 201);
        assertThat(queue.offer(report, 1_234, "trace-3")).isTrue();

        AccessLogEntry entry = queue.poll();
        assertThat(entry.request()).isSameAs(report);
        assertThat(entry.startMillis()).isEqualTo(1_234);
        assertThat(entry.client()).isEqualTo(report.origin().remote());
        assertThat(entry.connectionId()).isEqualTo(3);
        assertThat(entry.method()).contains("POST");
        assertThat(entry.target().orElseThrow().raw()).isEqualTo("/a?b=1");
        assertThat(entry.version()).contains(HttpVersion.HTTP_1_0);
        assertThat(entry.status()).isEqualTo(201);
        assertThat(entry.bytesSent()).isEqualTo(321);
        assertThat(entry.bytesReceived()).isEqualTo(5);
        assertThat(entry.duration()).isEqualTo(Duration.ofMillis(7));
        assertThat(entry.route()).isEqualTo("/api");
        assertThat(entry.completed()).isTrue();
        assertThat(entry.framing()).contains(Framing.CHUNKED);
        assertThat(entry.header("Referer")).isEmpty();
        assertThat(entry.header("User-Agent")).contains("probe/1");
        assertThat(entry.traceId()).contains("trace-3");
    }

    @Test
    void aReusedSlotKeepsNothingOfItsLastLine() {
        EndReportQueue queue = new EndReportQueue(1, List.of("User-Agent"));
        RequestHead head = head("GET", "/first", HttpHeaders.of("User-Agent", "first/1"));
        assertThat(queue.offer(reportWithHead(1, head, 200), 1, "trace-1")).isTrue();
        assertThat(queue.poll().header("User-Agent")).contains("first/1");

        // the same slot again, for bytes that were not a request: no head, so no target, version or fields
        assertThat(queue.offer(reportWithHead(2, null, 400), 2, null)).isTrue();
        AccessLogEntry entry = queue.poll();
        assertThat(entry.method()).isEmpty();
        assertThat(entry.target()).isEmpty();
        assertThat(entry.version()).isEmpty();
        assertThat(entry.header("User-Agent")).isEmpty();
        assertThat(entry.traceId()).isEmpty();
        assertThat(entry.status()).isEqualTo(400);
        assertThat(entry.completed()).isTrue();
    }

    @Test
    void holdsExactlyItsCapacityEvenWhenThatIsNoPowerOfTwo() {
        EndReportQueue queue = new EndReportQueue(5, NO_HEADERS);
        for (int i = 0; i < 5; i++) {
            assertThat(queue.offer(report(i), 100 + i, null)).isTrue();
        }
        assertThat(queue.offer(report(5), 105, null)).isFalse();
        assertThat(queue.size()).isEqualTo(5);

        AccessLogEntry first = queue.poll();
        assertThat(first.request().connection().id()).isZero();
        assertThat(first.startMillis()).isEqualTo(100);
        assertThat(queue.offer(report(6), 106, "t-6")).isTrue();
        assertThat(queue.offer(report(7), 107, null)).isFalse();
    }

    @Test
    void givesEntriesBackInOrderWithTheirTimeAndTraceIdAcrossTheWrap() {
        EndReportQueue queue = new EndReportQueue(3, NO_HEADERS);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            assertThat(queue.offer(report(i), 1_000 + i, "trace-" + i)).isTrue();
            AccessLogEntry entry = queue.poll();
            assertThat(entry.startMillis()).isEqualTo(1_000 + i);
            assertThat(entry.traceIdOrNull()).isEqualTo("trace-" + i);
            ids.add(entry.request().connection().id());
        }
        assertThat(ids).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(queue.poll()).isNull();
        assertThat(queue.size()).isZero();
    }

    @Test
    void manyProducersAndOneConsumerLoseAndDoubleNothing() throws InterruptedException {
        int producers = 4;
        int perProducer = 20_000;
        EndReportQueue queue = new EndReportQueue(64, NO_HEADERS);
        List<Thread> threads = startTogether(producers, p -> {
            long base = (long) p * perProducer;
            for (int i = 0; i < perProducer; i++) {
                long id = base + i;
                while (!queue.offer(report(id), id, null)) {
                    Thread.onSpinWait(); // full: the consumer below drains it
                }
            }
        });
        Set<Long> seen = new HashSet<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (seen.size() < producers * perProducer && System.nanoTime() < deadline) {
            AccessLogEntry entry = queue.poll();
            if (entry == null) {
                Thread.onSpinWait();
                continue;
            }
            long id = entry.request().connection().id();
            assertThat(entry.startMillis())
                    .as("the time published with report %d", id)
                    .isEqualTo(id);
            assertThat(seen.add(id)).as("report %d seen once", id).isTrue();
        }
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertThat(seen).hasSize(producers * perProducer);
        assertThat(queue.poll()).isNull();
    }

    @Test
    void aClosedQueueRefusesEveryOfferAndCountsWhatWasClaimedButNotTaken() {
        EndReportQueue queue = new EndReportQueue(8, NO_HEADERS);
        for (long id = 0; id < 3; id++) {
            assertThat(queue.offer(report(id), id, null)).isTrue();
        }
        assertThat(queue.poll()).isNotNull();

        assertThat(queue.close()).as("claimed before the close and not taken").isEqualTo(2);
        assertThat(queue.offer(report(9), 9, null))
                .as("an offer after the close")
                .isFalse();
        assertThat(queue.size()).isEqualTo(2);
        assertThat(queue.close()).as("closing again counts the same lines").isEqualTo(2);
    }

    @Test
    void linesOfferedWhileTheQueueClosesAreEachEitherTakenOrCountedByTheClose() throws InterruptedException {
        int producers = 4;
        int perProducer = 50_000;
        EndReportQueue queue = new EndReportQueue(1 << 10, NO_HEADERS);
        long[] refused = new long[producers];
        List<Thread> threads = startTogether(producers, p -> {
            for (int i = 0; i < perProducer; i++) {
                if (!queue.offer(report(i), i, null)) {
                    refused[p]++;
                }
            }
        });
        long taken = 0;
        // Close while the producers are still offering (a consumer that stops at an arbitrary point): after a few
        // thousand lines, or once the producers are done, whichever comes first (refused offers are not retried).
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (taken < 5_000 && threads.stream().anyMatch(Thread::isAlive) && System.nanoTime() < deadline) {
            if (queue.poll() != null) {
                taken++;
            } else {
                Thread.onSpinWait();
            }
        }
        long countedByClose = queue.close();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(t.isAlive()).isFalse();
        }
        long refusedInAll = 0;
        for (long r : refused) {
            refusedInAll += r;
        }
        assertThat(taken + countedByClose + refusedInAll)
                .as("taken %d, counted by the close %d, refused %d", taken, countedByClose, refusedInAll)
                .isEqualTo(producers * (long) perProducer);
    }
}
