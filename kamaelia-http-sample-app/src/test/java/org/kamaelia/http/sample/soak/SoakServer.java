package org.kamaelia.http.sample.soak;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The packaged sample app as a child process on ports the driver chose, and the readings taken of it: heap after
 * a full GC (through jcmd), open file descriptors and threads (from /proc), and the API's open connections (from
 * its Actuator).
 */
public final class SoakServer implements AutoCloseable {
    private static final Pattern G1_HEAP = Pattern.compile("garbage-first heap\\s+total (\\d+)K, used (\\d+)K");
    private static final Pattern METASPACE = Pattern.compile("Metaspace\\s+used (\\d+)K");
    private static final Pattern API_CONNECTIONS =
            Pattern.compile("\"name\":\"api\".*?\"activeConnections\":(\\d+)", Pattern.DOTALL);

    private final Process process;
    private final Path log;
    private final int apiPort;
    private final int managementPort;
    private final Thread killer;

    private SoakServer(Process process, Path log, int apiPort, int managementPort) {
        this.process = process;
        this.log = log;
        this.apiPort = apiPort;
        this.managementPort = managementPort;
        // if the driver's JVM ends without close() (a test framework giving up on it), the app must not outlive it
        this.killer = new Thread(process::destroyForcibly, "soak-server-killer");
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /**
     * Starts {@code jar} with {@code javaOptions} on free loopback ports, its output in {@code log}, and waits up
     * to {@code startup} for its readiness probe to answer 200.
     */
    public static SoakServer start(Path jar, List<String> javaOptions, Path log, Duration startup)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the packaged sample app is missing: " + jar + " (run the package phase)");
        }
        int[] ports = freePorts(3);
        List<String> command = new ArrayList<>();
        command.add(javaTool("java"));
        command.addAll(javaOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.add("--kamaelia.http.servers.api.port=" + ports[0]);
        command.add("--kamaelia.http.servers.site.port=" + ports[1]);
        command.add("--kamaelia.http.servers.management.port=" + ports[2]);
        command.add("--kamaelia.http.servers.secure.port=0"); // not soaked: any free port, so runs never collide
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        SoakServer server = new SoakServer(process, log, ports[0], ports[2]);
        try {
            server.awaitReady(startup);
            return server;
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * Ports found free by binding port 0 and letting go. Another process could take one before the app binds it;
     * the app then fails to start and says so in its log, which beats racing the app for the port it prints.
     */
    private static int[] freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket socket = new ServerSocket();
                sockets.add(socket);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private static String javaTool(String name) {
        Path tool = Path.of(System.getProperty("java.home"), "bin", name);
        return Files.isExecutable(tool) ? tool.toString() : name;
    }

    private void awaitReady(Duration startup) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + startup.toNanos();
        String last = "no answer";
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the sample app exited with " + process.exitValue() + " while starting:\n" + logTail());
            }
            try {
                String answer = get(managementPort, "/actuator/health/readiness");
                if (answer.startsWith("HTTP/1.1 200")) {
                    return;
                }
                last = answer.lines().findFirst().orElse("");
            } catch (IOException e) {
                last = e.toString();
            }
            pause(Duration.ofMillis(200));
        }
        throw new IllegalStateException(
                "the sample app was not ready within " + startup + " (" + last + "):\n" + logTail());
    }

    /** The pause between two polls of a condition that has a deadline. */
    static void pause(Duration interval) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(interval.toNanos());
    }

    /** The API server's port. */
    public int apiPort() {
        return apiPort;
    }

    /** The app's process id. */
    public long pid() {
        return process.pid();
    }

    /** Whether the app still runs. */
    public boolean alive() {
        return process.isAlive();
    }

    /** Open file descriptors of the process, counted in /proc/PID/fd. */
    public int fileDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid()), "fd"))) {
            return (int) fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Threads of the process, from the Threads line of /proc/PID/status. */
    public int threads() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("Threads:")) {
                    return Integer.parseInt(line.substring("Threads:".length()).trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no Threads line in /proc/" + pid() + "/status");
    }

    /** The API server's open connections, as its Actuator endpoint counts them. */
    public int apiConnections() throws IOException {
        String answer = get(managementPort, "/actuator/kamaelia");
        Matcher m = API_CONNECTIONS.matcher(answer);
        if (!answer.startsWith("HTTP/1.1 200") || !m.find()) {
            throw new IOException("unexpected /actuator/kamaelia answer: " + RawResponse.printable(answer));
        }
        return Integer.parseInt(m.group(1));
    }

    /**
     * The sum of the {@code _count} samples of {@code meter} (its Prometheus name) for the API server, from
     * {@code /actuator/prometheus}.
     */
    public long apiCount(String meter) throws IOException {
        String answer = get(managementPort, "/actuator/prometheus");
        if (!answer.startsWith("HTTP/1.1 200")) {
            throw new IOException("unexpected /actuator/prometheus answer: " + RawResponse.printable(answer));
        }
        double sum = 0;
        for (String line : answer.lines().toList()) {
            if (line.startsWith(meter + "_count{") && line.contains("server=\"api\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Math.round(sum);
    }

    /** Heap used and Metaspace used after a full GC, in bytes. */
    public record Heap(long usedBytes, long metaspaceBytes) {}

    /**
     * Forces a full GC with {@code jcmd PID GC.run} (with G1 a System.gc() is a full, compacting collection), then
     * reads the heap use with {@code jcmd PID GC.heap_info}: what is left is what the app still references.
     */
    public Heap heapAfterFullGc() throws IOException, InterruptedException {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher heap = G1_HEAP.matcher(info);
        if (!heap.find()) {
            throw new IOException("no G1 heap line in GC.heap_info (is the app on -XX:+UseG1GC?):\n" + info);
        }
        Matcher meta = METASPACE.matcher(info);
        long metaspace = meta.find() ? Long.parseLong(meta.group(1)) * 1024 : -1;
        return new Heap(Long.parseLong(heap.group(2)) * 1024, metaspace);
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("soak-jcmd", ".txt");
        try {
            Process jcmd = new ProcessBuilder(javaTool("jcmd"), Long.toString(pid()), command)
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            if (!jcmd.waitFor(60, TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
                throw new IOException("jcmd " + command + " took over 60 s");
            }
            String text = Files.readString(out);
            if (jcmd.exitValue() != 0) {
                throw new IOException("jcmd " + command + " exited with " + jcmd.exitValue() + ": " + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** One GET answered and closed: the driver's readings must not keep connections of their own open. */
    private static String get(int port, String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(SoakTraffic.ascii(
                            "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
            InputStream in = new BufferedInputStream(socket.getInputStream());
            RawResponse response = RawResponse.read(
                    in, false, System.nanoTime() + Duration.ofSeconds(20).toNanos());
            return "HTTP/1.1 " + response.status + "\r\n\r\n" + response.bodyText();
        }
    }

    /** The last lines of the app's log, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Stops the app: SIGTERM (its graceful stop), then SIGKILL if it is still there after 30 s. */
    @Override
    public void close() throws InterruptedException {
        try {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            throw e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs anyway, and the process is gone
            }
        }
    }
}
