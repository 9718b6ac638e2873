package org.kamaelia.http.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kamaelia.http.component.Conditions;
import org.kamaelia.http.net.MinimumDataRate;
import org.kamaelia.http.server.ConnectionSnapshot;
import org.kamaelia.http.server.HttpServer;

/**
 * 1,000 clients ask for an endless stream and never read: each connection may hold at most its write queue's and
 * its request handler's high marks (plus one part each), and the server's heap must stay flat while they hang.
 */
@Timeout(180)
class SlowReadersIT {
    private static final int CLIENTS = 1000;
    private static final long BOUND = 2 * (64 + 16) * 1024L;

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void aThousandClientsThatNeverReadHoldBoundedBuffersAndFlatHeap() throws Exception {
        HttpServer server = HttpServer.builder()
                .port(0)
                .eventLoops(2)
                // The clients must stay connected while their buffers are measured: the minimum response rate
                // would cut them after its grace period (that is MinimumDataRateIT's subject).
                .minResponseRate(MinimumDataRate.NONE)
                .route("/firehose", head -> new Firehose())
                .start();
        List<Socket> clients = new ArrayList<>();
        try {
            long heapBefore = usedHeapAfterGc();
            for (int i = 0; i < CLIENTS; i++) {
                Socket socket = new Socket();
                socket.setReceiveBufferSize(4096);
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 5_000);
                socket.getOutputStream()
                        .write("GET /firehose HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                clients.add(socket);
            }
            Conditions.await("every stream saturated", Duration.ofSeconds(120), () -> {
                List<ConnectionSnapshot> open = server.connections();
                return open.size() == CLIENTS && open.stream().allMatch(c -> c.peakBufferedBytes() >= 64 * 1024);
            });
            long heapSaturated = usedHeapAfterGc();
            new CountDownLatch(1).await(2, TimeUnit.SECONDS); // an observation window while nobody reads
            long heapLater = usedHeapAfterGc();
            long worst = server.connections().stream()
                    .mapToLong(ConnectionSnapshot::peakBufferedBytes)
                    .max()
                    .orElseThrow();
            System.out.printf(
                    "slow readers: %d connections, worst buffered %d B (bound %d B), heap %d MB before, %d MB"
                            + " saturated, %d MB after 2 s%n",
                    CLIENTS, worst, BOUND, heapBefore >> 20, heapSaturated >> 20, heapLater >> 20);
            assertThat(worst).isLessThanOrEqualTo(BOUND);
            assertThat(heapLater - heapSaturated)
                    .as("heap growth while the clients hang")
                    .isLessThan(16L << 20);
            assertThat(heapSaturated - heapBefore)
                    .as("heap held by %d stalled streams", CLIENTS)
                    .isLessThan(CLIENTS * BOUND + (64L << 20));
        } finally {
            for (Socket socket : clients) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing a test client
                }
            }
            server.stop(Duration.ofSeconds(5));
        }
    }
}
