package org.kamaelia.http.sample.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.lifecycle.Startables;

/**
 * A rolling restart under load: HAProxy in front of three instances of the packaged sample app, keeping pooled
 * connections to them and retrying nothing, while clients send short requests, download 1 MiB streams and upload
 * bodies that must come back intact. Each instance in turn is stopped with SIGTERM, started again and waited for
 * until HAProxy sends it traffic; not one request may fail. Each stop also covers what the former
 * LoadBalancedGracefulStopIT proved: an instance stopping gracefully under load while the others take over.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class RollingRestartIT {
    private static final List<String> INSTANCES = List.of("app1", "app2", "app3");

    /**
     * Readiness goes 503 on SIGTERM; the instance keeps serving for this long before its listeners and idle
     * connections close. It must exceed the time HAProxy needs to take it out of rotation: inter 500 ms x fall 3
     * = 1.5 s, plus a check that may be in flight (timeout check 1 s), with room for two loaded cores.
     */
    private static final Duration DRAIN_DELAY = Duration.ofSeconds(5);

    /** The sample app's grace period (application.yml), the longest the stop waits for responses in flight. */
    private static final Duration GRACE_PERIOD = Duration.ofSeconds(10);

    /** docker stop's wait before SIGKILL: above drain delay + grace period, so a stop is never a kill. */
    private static final int STOP_TIMEOUT_SECONDS = 30;

    /** Every client stops at this deadline even if the test did not tell it to. */
    private static final Duration LOAD_LIMIT = Duration.ofSeconds(170);

    private static final int STREAM_PARTS = 16;
    private static final int STREAM_PART_SIZE = 64 * 1024;
    private static final int STREAM_BYTES = STREAM_PARTS * STREAM_PART_SIZE;
    private static final int UPLOAD_MIN = 256 * 1024;
    private static final int UPLOAD_MAX = 1024 * 1024;

    /**
     * The balancer. Every choice here removes a way HAProxy could hide a failure of the servers:
     *
     * <ul>
     *   <li>{@code retries 0}, no {@code option redispatch}, no {@code retry-on}: a request HAProxy cannot deliver
     *       is answered 502/503 and counted by the clients.
     *   <li>{@code option http-keep-alive} with {@code http-reuse always}: server connections are pooled and any
     *       request, even the first of a client connection, may go on an idle one. That is the mode most exposed
     *       to a server closing an idle connection just as HAProxy picks it, so passing here shows the servers
     *       never do that while HAProxy may still pick them: they close idle connections only after the drain
     *       delay, when HAProxy has marked them DOWN, and their idle timeout (60 s) is far above HAProxy's
     *       {@code pool-purge-delay} (5 s by default), after which HAProxy drops idle connections itself.
     *   <li>{@code resolvers} on Docker's embedded DNS (127.0.0.11), asked every second: a restarted container
     *       may come back on another address (the test makes sure it does), and HAProxy resolves names only at
     *       startup unless a resolvers section is given. While a container is stopped its name does not resolve
     *       (no answer, or NXDOMAIN). The long {@code hold} periods keep that from putting the server into
     *       maintenance: HAProxy 2.6 takes a server leaving resolution maintenance as UP at once, before any
     *       check passed, and sent requests to an instance still starting (17 requests failed with 503 so, in
     *       one run before the holds were raised). With the holds the server just stays DOWN by its checks, its
     *       address changes when the name resolves again, and only {@code rise} passing checks bring it back.
     *       {@code init-addr last,libc,none} lets HAProxy start even when a name does not resolve yet, instead of
     *       refusing the configuration.
     *   <li>The check is the readiness probe on the management port, so the instance's own "refusing traffic"
     *       takes it out of rotation; inter 500 ms x fall 3 is shorter than the drain delay.
     *   <li>A stats listener (CSV) lets the test see what HAProxy thinks of each server.
     * </ul>
     */
    private static final String HAPROXY_CONFIG = """
            global
              maxconn 512
              log stdout format raw local0
            defaults
              mode http
              log global
              option httplog
              option dontlog-normal
              timeout connect 2s
              timeout client 30s
              timeout server 30s
              timeout http-keep-alive 10s
              timeout check 1s
              retries 0
              option http-keep-alive
              http-reuse always
            resolvers docker
              nameserver dockerdns 127.0.0.11:53
              timeout resolve 1s
              timeout retry 1s
              hold nx 1h
              hold other 1h
              hold refused 1h
              hold timeout 1h
            frontend front
              bind *:8000
              default_backend apps
            frontend stats
              bind *:8404
              stats enable
              stats uri /stats
            backend apps
              balance roundrobin
              option httpchk GET /actuator/health/readiness
              http-check expect status 200
              default-server check port 8082 inter 500ms fall 3 rise 2 resolvers docker resolve-prefer ipv4 init-addr last,libc,none
              server app1 app1:8081
              server app2 app2:8081
              server app3 app3:8081
            """;

    @BeforeAll
    static void docker() {
        SampleContainers.requireDocker();
    }

    @Test
    void restartingEachInstanceInTurnUnderLoadFailsNoRequest() throws Exception {
        ImageFromDockerfile image = SampleContainers.image();
        Map<String, GenericContainer<?>> apps = new TreeMap<>();
        try (Network network = Network.newNetwork()) {
            for (String name : INSTANCES) {
                apps.put(
                        name,
                        SampleContainers.app(image, network, name)
                                // Which process answered: the instance's name and an id drawn at each start, so
                                // the clients can tell the restarted process from the one before it.
                                .withEnv("KAMAELIA_HTTP_SERVERS_API_SERVERHEADER", name + "/${random.uuid}")
                                .withEnv("KAMAELIA_HTTP_SHUTDOWN_DRAINDELAY", DRAIN_DELAY.toMillis() + "ms")
                                .withEnv("KAMAELIA_HTTP_SHUTDOWN_GRACEPERIOD", GRACE_PERIOD.toMillis() + "ms"));
            }
            try (GenericContainer<?> haproxy = new GenericContainer<>(SampleContainers.BASE)
                    .withNetwork(network)
                    .withExposedPorts(8000, 8404)
                    .withCopyToContainer(Transferable.of(HAPROXY_CONFIG), "/etc/haproxy/test.cfg")
                    .withCommand("haproxy", "-f", "/etc/haproxy/test.cfg", "-db")
                    .waitingFor(Wait.forHttp("/hello").forPort(8000).forStatusCode(200))) {
                try {
                    Startables.deepStart(apps.values()).get(180, TimeUnit.SECONDS);
                    haproxy.start();
                    rollThrough(apps, haproxy, network);
                } finally {
                    apps.values().forEach(GenericContainer::stop);
                }
            }
        }
    }

    private static void rollThrough(Map<String, GenericContainer<?>> apps, GenericContainer<?> haproxy, Network network)
            throws Exception {
        String front = "http://" + haproxy.getHost() + ":" + haproxy.getMappedPort(8000);
        URI stats = URI.create("http://" + haproxy.getHost() + ":" + haproxy.getMappedPort(8404) + "/stats;csv");
        HttpClient probe = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        for (String name : INSTANCES) {
            Poll.until(
                    "HAProxy sees " + name + " UP",
                    Duration.ofSeconds(30),
                    () -> "UP".equals(haproxyStatus(probe, stats, name)));
        }

        Load load = new Load(front);
        SoftAssertions softly = new SoftAssertions();
        List<String> timeline = new ArrayList<>();
        ExecutorService stopper = Executors.newSingleThreadExecutor();
        List<GenericContainer<?>> placeholders = new ArrayList<>();
        try {
            load.start();
            Poll.until("every kind of request served through HAProxy", Duration.ofSeconds(60), load::warmedUp);

            for (String name : INSTANCES) {
                GenericContainer<?> app = apps.get(name);
                DockerClient docker = app.getDockerClient();
                String id = app.getContainerId();
                Poll.until(
                        name + " serves traffic before its restart",
                        Duration.ofSeconds(30),
                        () -> !load.generations(name).isEmpty());
                Set<String> before = load.generations(name);
                String addressBefore = address(docker, id);

                // SIGTERM, as an orchestrator would; meanwhile watch the readiness probe and HAProxy's view.
                load.phase = "stopping " + name;
                int management = hostPort(docker, id, 8082);
                URI readiness = URI.create("http://" + app.getHost() + ":" + management + "/actuator/health/readiness");
                long stopStart = System.nanoTime();
                CompletableFuture<Void> stopping = CompletableFuture.runAsync(
                        () -> docker.stopContainerCmd(id)
                                .withTimeout(STOP_TIMEOUT_SECONDS)
                                .exec(),
                        stopper);
                boolean refused503 = false;
                boolean outWhileDraining = false;
                long stopDeadline = stopStart + TimeUnit.SECONDS.toNanos(STOP_TIMEOUT_SECONDS + 15L);
                while (!stopping.isDone() && System.nanoTime() - stopDeadline < 0) {
                    int status = statusOf(probe, readiness);
                    String balancer = haproxyStatus(probe, stats, name);
                    refused503 |= status == 503;
                    // out of rotation while the instance still answers: taken out before anything closed
                    outWhileDraining |= status == 503 && outOfRotation(balancer);
                    Poll.pause();
                }
                stopping.get(15, TimeUnit.SECONDS);
                long stopped = System.nanoTime();
                softly.assertThat(refused503)
                        .as(name + ": readiness answered 503 while the instance drained")
                        .isTrue();
                softly.assertThat(outWhileDraining)
                        .as(name + ": HAProxy took the instance out of rotation while it still served")
                        .isTrue();
                assertThat(docker.inspectContainerCmd(id).exec().getState().getRunning())
                        .as(name + " stopped")
                        .isFalse();

                // The same container again, on another address: Docker would hand the freed address back to it,
                // so a placeholder takes that address first, and HAProxy must follow the name to the new one.
                load.phase = "starting " + name;
                GenericContainer<?> placeholder = new GenericContainer<>(SampleContainers.BASE)
                        .withNetwork(network)
                        .withCommand("sleep", "infinity");
                placeholders.add(placeholder);
                placeholder.start();
                docker.startContainerCmd(id).exec();
                URI restartedReadiness = URI.create(
                        "http://" + app.getHost() + ":" + hostPort(docker, id, 8082) + "/actuator/health/readiness");
                Poll.until(
                        name + " ready again",
                        Duration.ofSeconds(90),
                        () -> statusOf(probe, restartedReadiness) == 200);
                long ready = System.nanoTime();
                String addressAfter = address(docker, id);
                softly.assertThat(addressAfter)
                        .as(name + " restarted on another address")
                        .isNotEqualTo(addressBefore);
                Poll.until(
                        "HAProxy sees " + name + " UP again",
                        Duration.ofSeconds(30),
                        () -> "UP".equals(haproxyStatus(probe, stats, name)));
                load.phase = "after restarting " + name;
                Poll.until(name + " serves traffic through HAProxy after its restart", Duration.ofSeconds(30), () -> {
                    Set<String> now = load.generations(name);
                    now.removeAll(before);
                    return !now.isEmpty();
                });
                timeline.add(String.format(
                        "%s: address %s then %s; stop %d ms, start to ready %d ms, ready to serving %d ms",
                        name,
                        addressBefore,
                        addressAfter,
                        TimeUnit.NANOSECONDS.toMillis(stopped - stopStart),
                        TimeUnit.NANOSECONDS.toMillis(ready - stopped),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ready)));
            }
            load.phase = "after the rolling restart";
            int settled = load.total();
            Poll.until(
                    "more requests after the last restart", Duration.ofSeconds(30), () -> load.total() > settled + 50);
        } finally {
            load.stop();
            stopper.shutdownNow();
            placeholders.forEach(GenericContainer::stop);
        }

        System.out.println("RollingRestartIT: " + load.summary());
        timeline.forEach(line -> System.out.println("RollingRestartIT: " + line));
        if (load.failures.isEmpty()) {
            // what HAProxy decided about each server, and when: enough to see a restart went as designed
            haproxy.getLogs()
                    .lines()
                    .filter(line -> line.startsWith("[WARNING]"))
                    .forEach(line -> System.out.println("RollingRestartIT: HAProxy: " + line));
        } else {
            System.out.println("RollingRestartIT: HAProxy's log of abnormal sessions:\n" + haproxy.getLogs());
        }
        assertThat(load.failures)
                .as("failed requests, counted by the clients (" + load.failures.size() + ")")
                .isEmpty();
        softly.assertThat(load.succeeded(Kind.HELLO)).as("short requests").isPositive();
        softly.assertThat(load.succeeded(Kind.STREAM)).as("1 MiB streams").isPositive();
        softly.assertThat(load.succeeded(Kind.UPLOAD)).as("uploads").isPositive();
        for (String name : INSTANCES) {
            softly.assertThat(load.generations(name))
                    .as(name + ": processes that served traffic, before and after its restart")
                    .hasSize(2);
        }
        softly.assertAll();
    }

    /** The host port Docker publishes {@code containerPort} on now: a restart may publish it on another one. */
    private static int hostPort(DockerClient docker, String id, int containerPort) {
        Ports.Binding[] bindings = docker.inspectContainerCmd(id)
                .exec()
                .getNetworkSettings()
                .getPorts()
                .getBindings()
                .get(ExposedPort.tcp(containerPort));
        assertThat(bindings).as("published port " + containerPort).isNotEmpty();
        return Integer.parseInt(bindings[0].getHostPortSpec());
    }

    /** The container's address on the test network: a restart may give it another one. */
    private static String address(DockerClient docker, String id) {
        return docker.inspectContainerCmd(id).exec().getNetworkSettings().getNetworks().values().stream()
                .map(network -> network.getIpAddress())
                .findFirst()
                .orElse("none");
    }

    /** The status of a GET, or -1 when the connection is refused or reset. */
    private static int statusOf(HttpClient client, URI uri) throws InterruptedException {
        try {
            return client.send(
                            HttpRequest.newBuilder(uri)
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    /** The status HAProxy's stats give server {@code name} of backend {@code apps} ("UP", "DOWN", "MAINT"...). */
    private static String haproxyStatus(HttpClient client, URI stats, String name) throws InterruptedException {
        String csv;
        try {
            csv = client.send(
                            HttpRequest.newBuilder(stats)
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (java.io.IOException e) {
            return "unknown: " + e;
        }
        String[] lines = csv.split("\n", -1);
        List<String> header = Arrays.asList(lines[0].replaceFirst("^# ", "").split(",", -1));
        int status = header.indexOf("status");
        for (String line : lines) {
            String[] fields = line.split(",", -1);
            if (fields.length > status && fields[0].equals("apps") && fields[1].equals(name)) {
                return fields[status];
            }
        }
        return "missing";
    }

    private static boolean outOfRotation(String haproxyStatus) {
        return haproxyStatus.startsWith("DOWN") || haproxyStatus.startsWith("MAINT");
    }

    /** What a client sends. */
    private enum Kind {
        HELLO,
        STREAM,
        UPLOAD
    }

    /**
     * Clients in their own threads, each on its own keep-alive connection to HAProxy, counting successes by kind
     * and by the process that answered (its Server header), and recording every failure with what the test was
     * doing at the time.
     */
    private static final class Load {
        private static final int CLIENTS_PER_KIND = 2;
        private static final int MAX_REQUESTS_PER_CLIENT = 100_000;

        private final String front;
        private final long started = System.nanoTime();
        private final long deadline = started + LOAD_LIMIT.toNanos();
        private final ExecutorService threads = Executors.newFixedThreadPool(Kind.values().length * CLIENTS_PER_KIND);
        private final List<Future<?>> clients = new ArrayList<>();
        private final Map<Kind, AtomicInteger> succeeded = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> byProcess = new ConcurrentHashMap<>();
        private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        private volatile boolean running = true;
        volatile String phase = "warming up";

        Load(String front) {
            this.front = front;
            for (Kind kind : Kind.values()) {
                succeeded.put(kind, new AtomicInteger());
            }
        }

        void start() {
            int seed = 0;
            for (Kind kind : Kind.values()) {
                for (int c = 0; c < CLIENTS_PER_KIND; c++) {
                    long clientSeed = seed++;
                    clients.add(threads.submit(() -> run(kind, new Random(clientSeed))));
                }
            }
        }

        private void run(Kind kind, Random random) {
            HttpClient client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            byte[] pool = new byte[2 * UPLOAD_MAX];
            random.nextBytes(pool);
            for (int i = 0;
                    i < MAX_REQUESTS_PER_CLIENT && running && System.nanoTime() - deadline < 0 && !failedTooOften();
                    i++) {
                String label = kind + " #" + i;
                long at = System.nanoTime();
                try {
                    String problem = exchange(kind, client, random, pool);
                    if (problem != null) {
                        fail(label, at, problem);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    fail(label, at, e.toString());
                }
            }
        }

        /** One request; null if it succeeded, what was wrong otherwise. */
        private String exchange(Kind kind, HttpClient client, Random random, byte[] pool) throws Exception {
            switch (kind) {
                case HELLO -> {
                    HttpResponse<String> response = send(
                            client,
                            HttpRequest.newBuilder(URI.create(front + "/hello")),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200 || !response.body().equals("Hello, World!")) {
                        return "status " + response.statusCode() + ": " + abbreviate(response.body());
                    }
                    return served(kind, response);
                }
                case STREAM -> {
                    HttpResponse<byte[]> response = send(
                            client,
                            HttpRequest.newBuilder(
                                    URI.create(front + "/stream?parts=" + STREAM_PARTS + "&size=" + STREAM_PART_SIZE)),
                            HttpResponse.BodyHandlers.ofByteArray());
                    byte[] body = response.body();
                    if (response.statusCode() != 200) {
                        return "status " + response.statusCode() + ": "
                                + abbreviate(new String(body, StandardCharsets.ISO_8859_1));
                    }
                    if (body.length != STREAM_BYTES) {
                        return "stream of " + body.length + " bytes, not " + STREAM_BYTES;
                    }
                    for (byte b : body) {
                        if (b != 'x') {
                            return "stream with a byte that is not 'x'";
                        }
                    }
                    return served(kind, response);
                }
                case UPLOAD -> {
                    int length = UPLOAD_MIN + random.nextInt(UPLOAD_MAX - UPLOAD_MIN + 1);
                    int offset = random.nextInt(pool.length - length + 1);
                    byte[] upload = Arrays.copyOfRange(pool, offset, offset + length);
                    HttpResponse<byte[]> response = send(
                            client,
                            HttpRequest.newBuilder(URI.create(front + "/echo"))
                                    .header("Content-Type", "application/octet-stream")
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(upload)),
                            HttpResponse.BodyHandlers.ofByteArray());
                    if (response.statusCode() != 200) {
                        return "status " + response.statusCode() + ": "
                                + abbreviate(new String(response.body(), StandardCharsets.ISO_8859_1));
                    }
                    if (!Arrays.equals(response.body(), upload)) {
                        return "echo of " + response.body().length + " bytes differs from the " + length + " sent";
                    }
                    return served(kind, response);
                }
            }
            throw new AssertionError(kind);
        }

        private static <T> HttpResponse<T> send(
                HttpClient client, HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) throws Exception {
            // The request timeout bounds the wait for the response head; the bounded get bounds the whole body.
            CompletableFuture<HttpResponse<T>> response =
                    client.sendAsync(request.timeout(Duration.ofSeconds(15)).build(), body);
            try {
                return response.get(30, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                response.cancel(true);
                throw e;
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }

        private String served(Kind kind, HttpResponse<?> response) {
            String process = response.headers().firstValue("Server").orElse(null);
            if (process == null) {
                return "no Server header to tell which instance answered";
            }
            succeeded.get(kind).incrementAndGet();
            byProcess.computeIfAbsent(process, p -> new AtomicInteger()).incrementAndGet();
            return null;
        }

        private void fail(String label, long at, String problem) {
            failures.add(String.format(
                    "%s at +%d ms (%s): %s", label, TimeUnit.NANOSECONDS.toMillis(at - started), phase, problem));
        }

        /** A broken setup fails every request: stop early rather than flood the report. */
        private boolean failedTooOften() {
            return failures.size() > 2_000;
        }

        private static String abbreviate(String body) {
            String line = body.replace('\n', ' ').replace('\r', ' ');
            return line.length() > 120 ? line.substring(0, 120) + "..." : line;
        }

        boolean warmedUp() {
            return succeeded.values().stream().allMatch(n -> n.get() >= 20);
        }

        int succeeded(Kind kind) {
            return succeeded.get(kind).get();
        }

        int total() {
            return succeeded.values().stream().mapToInt(AtomicInteger::get).sum();
        }

        /** The processes of instance {@code name} that have answered so far (Server header values). */
        Set<String> generations(String name) {
            Set<String> processes = new TreeSet<>();
            for (Map.Entry<String, AtomicInteger> entry : byProcess.entrySet()) {
                if (entry.getKey().startsWith(name + "/") && entry.getValue().get() > 0) {
                    processes.add(entry.getKey());
                }
            }
            return processes;
        }

        void stop() throws Exception {
            running = false;
            for (Future<?> client : clients) {
                client.get(60, TimeUnit.SECONDS);
            }
            threads.shutdownNow();
        }

        String summary() {
            return "succeeded " + new TreeMap<>(succeeded) + ", failed " + failures.size() + ", by process "
                    + new TreeMap<>(byProcess) + ", in "
                    + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + " s";
        }
    }
}
