package org.kamaelia.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kamaelia.http.component.Conditions;
import org.kamaelia.http.handler.Handlers;
import org.kamaelia.http.handler.HttpResponse;
import org.kamaelia.http.net.AcceptProblem;
import org.kamaelia.http.observe.HttpObserver;

/**
 * A server that runs out of file descriptors keeps serving the connections it holds, counts every failed accept,
 * warns at most once a second, does not spin, and accepts again once descriptors are free. The server runs in a
 * child JVM whose descriptor limit is lowered with {@code prlimit} (util-linux), so this JVM is not starved.
 */
@Timeout(120)
class DescriptorExhaustionIT {

    /** The child process: a server whose {@code /stats} route answers its accept-problem counts. */
    public static final class ChildServer {
        private ChildServer() {}

        /**
         * Starts the server and prints {@code PORT <n>}; runs until its standard input closes. With a second argument
         * {@code warm}, it first logs a line, as every real application has by then.
         */
        public static void main(String[] args) throws IOException {
            if (args.length > 1 && args[1].equals("warm")) {
                System.getLogger(ChildServer.class.getName()).log(System.Logger.Level.INFO, "child server starting");
            }
            AtomicLong exhausted = new AtomicLong();
            AtomicLong limited = new AtomicLong();
            HttpServer server = HttpServer.builder()
                    .port(0)
                    .maxConnections(Integer.parseInt(args[0]))
                    .observer(new HttpObserver() {
                        @Override
                        public void acceptProblem(AcceptProblem problem) {
                            (problem == AcceptProblem.CONNECTION_LIMIT ? limited : exhausted).incrementAndGet();
                        }
                    })
                    .route(
                            "/stats",
                            Handlers.function(r -> HttpResponse.text(200, exhausted.get() + " " + limited.get())),
                            Set.of("GET"))
                    .start();
            System.out.println("PORT " + server.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our input
            }
            server.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void runningOutOfDescriptorsIsSurvivedCountedAndWarnedAboutOncePerSecond() throws Exception {
        Process child = startChild(100_000, "warm");
        ConcurrentLinkedQueue<String> errors = drain(child);
        List<Socket> flood = new ArrayList<>();
        try (RawHttpClient held = new RawHttpClient(readPort(child))) {
            int port = held.socket().getPort();
            assertThat(held.send("GET /stats HTTP/1.1\r\nHost: h\r\n\r\n")
                            .read()
                            .text())
                    .isEqualTo("0 0");
            long open = descriptors(child.pid());
            run("prlimit", "--pid", Long.toString(child.pid()), "--nofile=" + (open + 5) + ":");
            long started = System.nanoTime();
            for (int i = 0; i < 40; i++) {
                flood.add(connect(port)); // the kernel completes these; the server can take only a few
            }
            Conditions.await("accept failures counted", Duration.ofSeconds(20), () -> stats(held)[0] > 0);
            // Out of descriptors, the server rests instead of waking for the waiting connections again and again.
            long cpuBefore = cpuNanos(child.pid());
            long windowStart = System.nanoTime();
            Conditions.await(
                    "a one-second window",
                    Duration.ofSeconds(5),
                    () -> System.nanoTime() - windowStart >= TimeUnit.SECONDS.toNanos(1));
            long cpu = cpuNanos(child.pid()) - cpuBefore;
            assertThat(cpu).as("CPU time over one second out of descriptors").isLessThan(600_000_000L);
            // The connection it held is still served.
            assertThat(stats(held)[0]).isPositive();
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + 1);
            long warnings = errors.stream()
                    .filter(line -> line.contains("out of file descriptors"))
                    .count();
            assertThat(warnings).as("warnings in the child's log: %s", errors).isBetween(1L, seconds + 1);
            // Descriptors come back: the server accepts again.
            for (Socket s : flood) {
                s.close();
            }
            flood.clear();
            run("prlimit", "--pid", Long.toString(child.pid()), "--nofile=4096:");
            Conditions.await("a new connection is served", Duration.ofSeconds(20), () -> answers(port));
        } finally {
            for (Socket s : flood) {
                s.close();
            }
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void atMaxConnectionsNoMoreAreAcceptedAndTheHeldOnesAreServed() throws Exception {
        Process child = startChild(3, "warm");
        drain(child);
        try (RawHttpClient first = new RawHttpClient(readPort(child))) {
            int port = first.socket().getPort();
            try (RawHttpClient second = new RawHttpClient(port);
                    RawHttpClient third = new RawHttpClient(port);
                    RawHttpClient fourth = new RawHttpClient(port)) {
                assertThat(second.send("GET /stats HTTP/1.1\r\nHost: h\r\n\r\n")
                                .read()
                                .status())
                        .isEqualTo(200);
                assertThat(third.send("GET /stats HTTP/1.1\r\nHost: h\r\n\r\n")
                                .read()
                                .status())
                        .isEqualTo(200);
                // The fourth waits in the backlog: no answer while three are open.
                fourth.socket().setSoTimeout(500);
                fourth.send("GET /stats HTTP/1.1\r\nHost: h\r\n\r\n");
                assertThat(fourth.closedByServer()).isFalse(); // timed out: neither answered nor closed
                assertThat(stats(first)[1]).isPositive();
                // One closes, and the waiting one is taken and answered.
                second.close();
                fourth.socket().setSoTimeout(10_000);
                assertThat(fourth.read().status()).isEqualTo(200);
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aLoggerThatCannotWriteOutOfDescriptorsDoesNotStopTheServer() throws Exception {
        // Nothing logged before the descriptors run out: the log back end fails to initialise then (it opens the
        // JDK's time zone file), and the server must go on all the same.
        Process child = startChild(100_000, "cold");
        ConcurrentLinkedQueue<String> errors = drain(child);
        List<Socket> flood = new ArrayList<>();
        try (RawHttpClient held = new RawHttpClient(readPort(child))) {
            int port = held.socket().getPort();
            assertThat(stats(held)[0]).isZero();
            long open = descriptors(child.pid());
            run("prlimit", "--pid", Long.toString(child.pid()), "--nofile=" + (open + 5) + ":");
            for (int i = 0; i < 20; i++) {
                flood.add(connect(port));
            }
            try {
                Conditions.await("accept failures counted", Duration.ofSeconds(20), () -> stats(held)[0] > 1);
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError("the child's log: " + errors, e);
            }
            for (Socket s : flood) {
                s.close();
            }
            flood.clear();
            run("prlimit", "--pid", Long.toString(child.pid()), "--nofile=4096:");
            Conditions.await("a new connection is served", Duration.ofSeconds(20), () -> answers(port));
        } finally {
            for (Socket s : flood) {
                s.close();
            }
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static boolean answers(int port) {
        try (RawHttpClient fresh = new RawHttpClient(port)) {
            fresh.socket().setSoTimeout(2_000);
            return fresh.send("GET /stats HTTP/1.1\r\nHost: h\r\n\r\n").read().status() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static Process startChild(int maxConnections, String logging) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        ChildServer.class.getName(),
                        Integer.toString(maxConnections),
                        logging)
                .start();
    }

    private static int readPort(Process child) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("PORT ")) {
            throw new IOException("the child server did not start: " + line);
        }
        return Integer.parseInt(line.substring(5).trim());
    }

    /** Collects the child's standard error (its log) on a daemon thread. */
    private static ConcurrentLinkedQueue<String> drain(Process child) {
        ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader err =
                    new BufferedReader(new InputStreamReader(child.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = err.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the child ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static long[] stats(RawHttpClient client) {
        try {
            String[] parts = client.send("GET /stats HTTP/1.1\r\nHost: h\r\n\r\n")
                    .read()
                    .text()
                    .split(" ");
            return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        socket.setSoTimeout(5_000);
        return socket;
    }

    private static long descriptors(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
        }
    }

    /** User plus system CPU time of a process, from /proc (clock ticks of 10 ms on Linux). */
    private static long cpuNanos(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * 10_000_000L;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }
}
