package org.kamaelia.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kamaelia.http.component.Conditions;
import org.kamaelia.http.handler.Handlers;
import org.kamaelia.http.handler.HttpResponse;
import org.kamaelia.http.message.HttpTimeouts;
import org.kamaelia.http.message.ResponseHead;
import org.kamaelia.http.net.ConnectionInfo;
import org.kamaelia.http.net.MinimumDataRate;
import org.kamaelia.http.observe.HttpObserver;
import org.kamaelia.http.observe.TimeoutKind;

/**
 * Minimum data rates: a client that trickles a request body, or takes a response a byte at a time, is cut after
 * the grace period although it never stalls for the (long) stall deadlines; a client at a decent rate and a slow
 * application are left alone.
 */
@Timeout(60)
class MinimumDataRateIT {
    private static final Duration GRACE = Duration.ofMillis(500);
    private static final byte[] BIG = new byte[8 * 1024 * 1024];
    private final ConcurrentLinkedQueue<TimeoutKind> timeouts = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
    private HttpServer server;

    @BeforeEach
    void start() {
        server = HttpServer.builder()
                .port(0)
                // The stall deadlines are far away: only the rate can end these connections in time.
                .timeouts(new HttpTimeouts(
                        Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(5)))
                .minRequestBodyRate(new MinimumDataRate(1000, GRACE))
                .minResponseRate(new MinimumDataRate(1000, GRACE))
                .observer(new HttpObserver() {
                    @Override
                    public void timeout(ConnectionInfo connection, TimeoutKind kind) {
                        timeouts.add(kind);
                    }
                })
                .route(
                        "/echo",
                        Handlers.function(request -> HttpResponse.bytes(200, "text/plain", request.body())),
                        Set.of("POST"))
                .route("/big", Handlers.function(request -> HttpResponse.bytes(200, "application/octet-stream", BIG)))
                .route("/slow-app", Handlers.blocking((head, body, response) -> {
                    // An application that takes its time before reading: not the client's fault.
                    LockSupport.parkNanos(GRACE.multipliedBy(4).toNanos());
                    long n = body.transferTo(OutputStream.nullOutputStream());
                    byte[] answer = ("read " + n).getBytes(StandardCharsets.US_ASCII);
                    response.send(ResponseHead.status(200)
                            .contentLength(answer.length)
                            .build());
                    response.write(answer);
                }))
                .start();
    }

    @AfterEach
    void stop() {
        pacer.shutdownNow();
        server.stop(Duration.ofSeconds(2));
    }

    @Test
    void aTrickledRequestBodyGets408AndIsCounted() throws Exception {
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            c.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 100000\r\n\r\n");
            // one byte every 100 ms: 10 bytes/s, far below 1,000, but never silent for long
            pacer.scheduleAtFixedRate(() -> sendQuietly(c.socket(), new byte[] {'x'}), 0, 100, TimeUnit.MILLISECONDS);
            RawHttpClient.Response r = c.read();
            assertThat(r.status()).isEqualTo(408);
            assertThat(r.header("Connection")).contains("close");
        }
        Conditions.await(
                "body-rate timeout counted", Duration.ofSeconds(10), () -> timeouts.contains(TimeoutKind.BODY_RATE));
        Conditions.await("connection gone", Duration.ofSeconds(10), () -> server.connectionCount() == 0);
    }

    @Test
    void aBodyAtADecentRateIsServed() throws Exception {
        byte[] piece = new byte[200];
        java.util.Arrays.fill(piece, (byte) 'y');
        int pieces = 20; // 4,000 bytes over about 2 s: 2,000 bytes/s, above the minimum
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            c.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: " + piece.length * pieces + "\r\n\r\n");
            java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
            pacer.scheduleAtFixedRate(
                    () -> {
                        if (sent.getAndIncrement() < pieces) {
                            sendQuietly(c.socket(), piece);
                        }
                    },
                    0,
                    100,
                    TimeUnit.MILLISECONDS);
            RawHttpClient.Response r = c.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).hasSize(piece.length * pieces);
        }
        assertThat(timeouts).isEmpty();
    }

    @Test
    void aSlowApplicationDoesNotGetItsClientCut() throws Exception {
        byte[] body = new byte[4 * 1024 * 1024]; // more than every buffer between the client and the handler
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            c.send("POST /slow-app HTTP/1.1\r\nHost: h\r\nContent-Length: " + body.length + "\r\n\r\n");
            pacer.execute(() -> sendQuietly(c.socket(), body));
            RawHttpClient.Response r = c.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).isEqualTo("read " + body.length);
        }
        assertThat(timeouts).isEmpty();
    }

    @Test
    void aClientThatTakesItsResponseAByteAtATimeIsCut() throws Exception {
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 5_000);
            socket.setSoTimeout(1_000);
            socket.getOutputStream().write("GET /big HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            // One byte every 100 ms: a trickle, never a stall. (What the client already holds it may go on reading
            // after the server has cut: the cut is seen on the server's side.)
            pacer.scheduleAtFixedRate(
                    () -> {
                        try {
                            in.read();
                        } catch (IOException e) {
                            // reset or timeout: the server's side decides the test
                        }
                    },
                    0,
                    100,
                    TimeUnit.MILLISECONDS);
            Conditions.await(
                    "response-rate timeout counted",
                    Duration.ofSeconds(20),
                    () -> timeouts.contains(TimeoutKind.RESPONSE_RATE));
            Conditions.await(
                    "the slow reader's connection is gone",
                    Duration.ofSeconds(10),
                    () -> server.connectionCount() == 0);
        }
        assertThat(timeouts).doesNotContain(TimeoutKind.WRITE);
    }

    @Test
    void aClientThatReadsAtFullSpeedGetsTheWholeResponse() throws Exception {
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            RawHttpClient.Response r =
                    c.send("GET /big HTTP/1.1\r\nHost: h\r\n\r\n").read();
            assertThat(r.body()).hasSize(BIG.length);
        }
        assertThat(timeouts).isEmpty();
    }

    private static void sendQuietly(Socket socket, byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        } catch (IOException e) {
            // the server closed the connection: the test reads what it answered
        }
    }
}
