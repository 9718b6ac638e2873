package org.kamaelia.http.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kamaelia.http.component.Conditions;
import org.kamaelia.http.component.Scheduler;

@Timeout(120)
class TcpServerIT {
    private final Scheduler scheduler = Scheduler.start("tcp-it", 2);
    private final ConcurrentLinkedQueue<CloseReason> closed = new ConcurrentLinkedQueue<>();
    private final ConnectionListener recording = new ConnectionListener() {
        @Override
        public void closed(ConnectionInfo connection, CloseReason reason, long bytesRead, long bytesWritten) {
            closed.add(reason);
        }
    };

    @AfterEach
    void tearDown() {
        scheduler.close();
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    @Test
    void echoesEveryByteTo200ConcurrentClients() throws Exception {
        TcpServer server = TcpServer.start(TcpServerConfig.loopback(0), c -> new TestProtocols.Echo(), scheduler);
        ExecutorService clients = Executors.newFixedThreadPool(200);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int c = 0; c < 200; c++) {
                int seed = c;
                results.add(clients.submit(() -> {
                    byte[] payload = new byte[20_000 + seed * 37];
                    new Random(seed).nextBytes(payload);
                    try (Socket socket = connect(server.port())) {
                        OutputStream out = socket.getOutputStream();
                        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                            try {
                                for (int i = 0; i < payload.length; i += 1000) {
                                    out.write(payload, i, Math.min(1000, payload.length - i));
                                }
                                socket.shutdownOutput();
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        });
                        byte[] echoed = socket.getInputStream().readAllBytes();
                        writer.get(30, TimeUnit.SECONDS);
                        return java.util.Arrays.equals(payload, echoed);
                    }
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            clients.shutdownNow();
        }
        Conditions.await("all connections closed", () -> server.connectionCount() == 0);
    }

    @Test
    void aClientThatNeverReadsKeepsQueuedBytesUnderTheHighWatermark() throws Exception {
        int high = 64 * 1024;
        int low = 16 * 1024;
        TcpServerConfig config = TcpServerConfig.loopback(0)
                .withConnection(TcpConnectionConfig.defaults().withWriteWatermarks(high, low));
        AtomicLong produced = new AtomicLong();
        AtomicLong blocked = new AtomicLong();
        TcpServer server =
                TcpServer.start(config, c -> new TestProtocols.Streamer(-1, produced, blocked), scheduler, recording);
        try (Socket socket = connect(server.port())) {
            socket.setReceiveBufferSize(4096);
            socket.getOutputStream().write('x');
            // The producer must end up paused by a full write queue, with the socket's buffers full too.
            Conditions.await("producer paused by backpressure", () -> blocked.get() > 0);
            long producedWhenBlocked = produced.get();
            Conditions.await("production stays stopped", Duration.ofSeconds(10), () -> {
                long before = produced.get();
                Thread.onSpinWait();
                return produced.get() == before && blocked.get() > 0;
            });

            TcpConnection connection = server.connections().get(0).connection();
            // A box below its high mark takes one more message, so the bound is the mark plus one chunk.
            assertThat(connection.peakQueuedBytes())
                    .as("bytes queued for the connection")
                    .isGreaterThanOrEqualTo(high)
                    .isLessThan(high + TestProtocols.Streamer.CHUNK);
            // All that was produced sits in the socket buffers or the bounded queue: nothing else grew.
            assertThat(producedWhenBlocked).isLessThan(high + 16L * 1024 * 1024);
        }
        Conditions.await("connection closed", () -> server.connectionCount() == 0);
    }

    @Test
    void aClientResetMidTransferClosesTheConnectionAndTheServerCarriesOn() throws Exception {
        AtomicLong produced = new AtomicLong();
        TcpServer server = TcpServer.start(
                TcpServerConfig.loopback(0),
                c -> new TestProtocols.Streamer(-1, produced, new AtomicLong()),
                scheduler,
                recording);
        try (Socket socket = connect(server.port())) {
            socket.getOutputStream().write('x');
            socket.getInputStream().readNBytes(100_000);
            socket.setSoLinger(true, 0); // close() now sends RST
        }
        Conditions.await("connection closed", () -> !closed.isEmpty());
        assertThat(closed).singleElement().isIn(CloseReason.RESET, CloseReason.ERROR);

        TcpServer echo = TcpServer.start(TcpServerConfig.loopback(0), c -> new TestProtocols.Echo(), scheduler);
        try (Socket socket = connect(echo.port())) {
            socket.getOutputStream().write("still here".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            assertThat(new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII))
                    .isEqualTo("still here");
        }
    }

    @Test
    void gracefulStopFlushesInFlightOutputBeforeClosing() throws Exception {
        long total = 8L * 1024 * 1024;
        AtomicLong produced = new AtomicLong();
        TcpServerConfig config = TcpServerConfig.loopback(0)
                .withConnection(TcpConnectionConfig.defaults().withWriteWatermarks(64 * 1024, 16 * 1024));
        TcpServer server = TcpServer.start(
                config, c -> new TestProtocols.Streamer(total, produced, new AtomicLong()), scheduler, recording);
        try (Socket socket = connect(server.port())) {
            socket.getOutputStream().write('x');
            InputStream in = socket.getInputStream();
            byte[] first = in.readNBytes(1024);
            assertThat(first).hasSize(1024);

            CompletableFuture<Void> stopped = server.stop(Duration.ofSeconds(30));
            assertThat(server.isAccepting()).isFalse();

            long rest = 0;
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                rest += n;
            }
            assertThat(1024 + rest).isEqualTo(total);
            stopped.get(30, TimeUnit.SECONDS);
        }
        assertThatThrownBy(() -> connect(server.port())).isInstanceOf(IOException.class);
    }

    @Test
    void gracePeriodEndsWithAForcedClose() throws Exception {
        TcpServer server = TcpServer.start(
                TcpServerConfig.loopback(0),
                c -> new TestProtocols.Streamer(-1, new AtomicLong(), new AtomicLong()),
                scheduler,
                recording);
        try (Socket socket = connect(server.port())) {
            socket.getOutputStream().write('x');
            socket.getInputStream().readNBytes(1000);
            server.stop(Duration.ofMillis(200)).get(20, TimeUnit.SECONDS);
        }
        assertThat(closed).containsExactly(CloseReason.SERVER_STOPPED);
    }

    @Test
    void reportsTheBoundPortAndNamesTheAddressWhenBindingFails() throws Exception {
        TcpServer first = TcpServer.start(TcpServerConfig.loopback(0), c -> new TestProtocols.Echo(), scheduler);
        assertThat(first.port()).isPositive();
        assertThatThrownBy(() -> TcpServer.start(
                        TcpServerConfig.loopback(first.port()), c -> new TestProtocols.Echo(), scheduler))
                .isInstanceOf(TcpBindException.class)
                .hasMessageContaining(InetAddress.getLoopbackAddress().getHostAddress() + ":" + first.port());
    }

    @Test
    void servesIpv6Loopback() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        assertThat(v6).isInstanceOf(Inet6Address.class);
        TcpServer server;
        try {
            server = TcpServer.start(
                    TcpServerConfig.of(new InetSocketAddress(v6, 0)), c -> new TestProtocols.Echo(), scheduler);
        } catch (TcpBindException e) {
            org.junit.jupiter.api.Assumptions.abort("no IPv6 loopback on this machine: " + e.getMessage());
            return;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(v6, server.port()), 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(new byte[] {1, 2, 3});
            socket.shutdownOutput();
            assertThat(socket.getInputStream().readAllBytes()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void holdsNewClientsInTheBacklogAtTheConnectionLimit() throws Exception {
        TcpServer server = TcpServer.start(
                TcpServerConfig.loopback(0).withMaxConnections(1), c -> new TestProtocols.Echo(), scheduler);
        try (Socket first = connect(server.port());
                Socket second = connect(server.port())) {
            first.getOutputStream().write('a');
            assertThat(first.getInputStream().read()).isEqualTo('a');
            second.setSoTimeout(300);
            second.getOutputStream().write('b');
            assertThatThrownBy(() -> second.getInputStream().read())
                    .as("the second client is not served while the first is open")
                    .isInstanceOf(SocketTimeoutException.class);
            first.close();
            second.setSoTimeout(10_000);
            assertThat(second.getInputStream().read()).isEqualTo('b');
        }
    }

    @Test
    void closesWithTimeoutWhenWritesStall() throws Exception {
        TcpServerConfig config = TcpServerConfig.loopback(0)
                .withConnection(TcpConnectionConfig.defaults().withWriteStallTimeout(Duration.ofMillis(300)));
        TcpServer server = TcpServer.start(
                config, c -> new TestProtocols.Streamer(-1, new AtomicLong(), new AtomicLong()), scheduler, recording);
        AtomicReference<Socket> client = new AtomicReference<>();
        try (Socket socket = connect(server.port())) {
            client.set(socket);
            socket.getOutputStream().write('x');
            Conditions.await("stalled connection cut", () -> !closed.isEmpty());
        }
        assertThat(closed).containsExactly(CloseReason.TIMEOUT);
    }
}
