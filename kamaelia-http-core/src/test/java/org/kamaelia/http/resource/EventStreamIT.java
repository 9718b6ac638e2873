package org.kamaelia.http.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kamaelia.http.component.Conditions;
import org.kamaelia.http.observe.HttpObserver;
import org.kamaelia.http.observe.RequestLog;
import org.kamaelia.http.server.ConnectionSnapshot;
import org.kamaelia.http.server.HttpServer;

@Timeout(60)
class EventStreamIT {
    static final AtomicInteger OPEN = new AtomicInteger();
    private final ConcurrentLinkedQueue<RequestLog> logs = new ConcurrentLinkedQueue<>();
    private HttpServer server;

    /** Numbers events from the Last-Event-ID on, every few milliseconds. */
    static final class Counting extends EventStreamHandler {
        private long next;

        Counting() {
            super(Duration.ofMillis(50));
        }

        @Override
        protected void opened(Optional<String> lastEventId) {
            OPEN.incrementAndGet();
            next = lastEventId.map(id -> Long.parseLong(id) + 1).orElse(0L);
            tick();
        }

        private void tick() {
            send(ServerSentEvent.of("line one\nline two")
                    .withId(Long.toString(next))
                    .withEvent("count"));
            next++;
            runAfter(Duration.ofMillis(5), this::tick);
        }

        @Override
        protected void closed() {
            OPEN.decrementAndGet();
        }
    }

    @BeforeEach
    void start() {
        server = HttpServer.builder()
                .port(0)
                .eventLoops(1)
                .observer(new HttpObserver() {
                    @Override
                    public void requestCompleted(RequestLog request) {
                        logs.add(request);
                    }
                })
                .route("/events", head -> new Counting())
                .route("/firehose", head -> new Firehose())
                .start();
    }

    @AfterEach
    void stop() {
        server.stop(Duration.ofSeconds(2));
    }

    private Socket open(String request) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 5000);
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        return socket;
    }

    private static String readUntil(Socket socket, String marker) throws IOException {
        StringBuilder seen = new StringBuilder();
        while (!seen.toString().contains(marker)) {
            int b = socket.getInputStream().read();
            if (b < 0) {
                break;
            }
            seen.append((char) b);
        }
        return seen.toString();
    }

    @Test
    void streamsEventsResumesFromLastEventIdAndEndsWhenTheClientGoes() throws Exception {
        int before = OPEN.get();
        try (Socket socket = open("GET /events HTTP/1.1\r\nHost: h\r\nLast-Event-ID: 41\r\n\r\n")) {
            String head = readUntil(socket, "\r\n\r\n");
            assertThat(head)
                    .startsWith("HTTP/1.1 200 OK")
                    .contains("Content-Type: text/event-stream")
                    .contains("Cache-Control: no-cache")
                    .contains("Connection: close");
            String events = readUntil(socket, "id: 43\n");
            assertThat(events).startsWith("id: 42\nevent: count\ndata: line one\ndata: line two\n\n");
            String more = readUntil(socket, ": keep-alive\n\n");
            assertThat(more).contains(": keep-alive");
        }
        Conditions.await("handler ended after the client left", () -> OPEN.get() == before);
        Conditions.await(
                "the abandoned stream is counted",
                () -> logs.stream().anyMatch(log -> log.route().equals("/events") && !log.completed()));
    }

    @Test
    void anEndlessStreamToAClientThatStopsReadingDoesNotGrowServerMemory() throws Exception {
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(8 * 1024);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 5000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /firehose HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readUntil(socket, "\r\n\r\n")).contains("Connection: close");
            Conditions.await("server side saturated", () -> {
                List<ConnectionSnapshot> open = server.connections();
                return !open.isEmpty() && open.get(0).peakBufferedBytes() > 64 * 1024;
            });
            long first = server.connections().get(0).peakBufferedBytes();
            // Keep the client silent a while longer: the bound must not move.
            Conditions.await("buffer still bounded", Duration.ofSeconds(2), () -> {
                long now = server.connections().get(0).peakBufferedBytes();
                return now <= 2 * (64 + 16) * 1024L;
            });
            assertThat(server.connections().get(0).peakBufferedBytes())
                    .isEqualTo(first)
                    .isLessThanOrEqualTo(2 * (64 + 16) * 1024L);
        }
    }
}
