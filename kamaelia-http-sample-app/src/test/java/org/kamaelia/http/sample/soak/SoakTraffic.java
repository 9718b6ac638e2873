package org.kamaelia.http.sample.soak;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The soak's traffic: worker threads that send the mix of {@link Kind}s to the API server on 127.0.0.1 as fast
 * as it answers, until the duration ends, and count every outcome in a {@link Tally} per kind.
 */
public final class SoakTraffic {
    static final String HELLO = "Hello, World!";

    /** Long enough for a 2 MB answer on a loaded 2-core machine; short enough that a stuck read is noticed. */
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    /** The server sees the client's EOF at once; if neither an answer nor a close comes in this time, it won't. */
    private static final int INCOMPLETE_BODY_TIMEOUT_MILLIS = 5_000;

    private static final Duration OPERATION_LIMIT = Duration.ofSeconds(30);

    /** A bound on each worker's loop besides the clock, in case an operation ever returns instantly. */
    private static final long MAX_OPERATIONS_PER_WORKER = 100_000_000L;

    private final int port;
    private final int threads;
    private final Set<Kind> kinds;
    private final Map<Kind, Tally> tallies = new EnumMap<>(Kind.class);
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicInteger running = new AtomicInteger();
    private CountDownLatch finished = new CountDownLatch(0);
    private long endNanos;

    /**
     * {@code threads} general workers share the weighted mix; the incomplete-body kind, when included, gets one
     * more worker of its own (see {@link Kind#weight}).
     */
    public SoakTraffic(int port, int threads, Set<Kind> kinds) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.port = port;
        this.threads = threads;
        this.kinds = Set.copyOf(kinds);
        for (Kind kind : Kind.values()) {
            tallies.put(kind, new Tally());
        }
    }

    /** Starts the workers; they stop by themselves when {@code duration} has passed. */
    public synchronized void start(Duration duration, long seed) {
        if (!workers.isEmpty()) {
            throw new IllegalStateException("already started");
        }
        endNanos = System.nanoTime() + duration.toNanos();
        List<Kind> mix = new ArrayList<>();
        for (Kind kind : kinds) {
            for (int i = 0; i < kind.weight; i++) {
                mix.add(kind);
            }
        }
        Collections.sort(mix);
        List<List<Kind>> schedules = new ArrayList<>();
        if (!mix.isEmpty()) {
            for (int i = 0; i < threads; i++) {
                schedules.add(mix);
            }
        }
        if (kinds.contains(Kind.HALF_CLOSE_INCOMPLETE_BODY)) {
            schedules.add(List.of(Kind.HALF_CLOSE_INCOMPLETE_BODY));
        }
        finished = new CountDownLatch(schedules.size());
        for (int i = 0; i < schedules.size(); i++) {
            Worker worker = new Worker(schedules.get(i), new SplittableRandom(seed + i));
            Thread thread = new Thread(worker, "soak-worker-" + i);
            thread.setDaemon(true);
            workers.add(thread);
        }
        running.set(workers.size());
        workers.forEach(Thread::start);
    }

    /** Waits up to {@code timeout} for every worker to stop; true if they all did. */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Workers still running (one that outlives the soak's end by far is itself a finding). */
    public int running() {
        return running.get();
    }

    /** The tallies so far, every kind present (zero for kinds not sent). */
    public Map<Kind, Tally> tallies() {
        return Collections.unmodifiableMap(tallies);
    }

    /** Complete responses received so far, all kinds together. */
    public long served() {
        return tallies.values().stream().mapToLong(Tally::served).sum();
    }

    /** Thrown by a check: {@code cause} is the counting key, {@code detail} what was seen. */
    static final class Unexpected extends Exception {
        private static final long serialVersionUID = 1L;
        final String cause;

        Unexpected(String cause, String detail) {
            super(detail, null, false, false);
            this.cause = cause;
        }
    }

    static void check(boolean condition, String cause, String detail) throws Unexpected {
        if (!condition) {
            throw new Unexpected(cause, detail);
        }
    }

    /** A stable counting key for an exception: its class and message, numbers masked so like errors group. */
    static String causeOf(Throwable e) {
        Throwable t = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        String message = t.getMessage() == null ? "" : ": " + t.getMessage().replaceAll("[0-9]+", "#");
        if (message.length() > 100) {
            message = message.substring(0, 100) + "...";
        }
        return t.getClass().getSimpleName() + message;
    }

    private final class Worker implements Runnable {
        private final List<Kind> schedule;
        private final SplittableRandom random;
        private final HttpClient client;
        private final String base;

        Worker(List<Kind> schedule, SplittableRandom random) {
            this.schedule = schedule;
            this.random = random;
            this.client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
            this.base = "http://127.0.0.1:" + port;
        }

        @Override
        public void run() {
            try {
                for (long n = 0; n < MAX_OPERATIONS_PER_WORKER && System.nanoTime() - endNanos < 0; n++) {
                    Kind kind = schedule.get(random.nextInt(schedule.size()));
                    Tally tally = tallies.get(kind);
                    tally.attempt();
                    long deadline = System.nanoTime() + OPERATION_LIMIT.toNanos();
                    try {
                        operation(kind, tally, deadline);
                        tally.expected();
                    } catch (Unexpected e) {
                        tally.error(e.cause, e.getMessage());
                    } catch (IOException | TimeoutException | ExecutionException | RuntimeException e) {
                        tally.error(causeOf(e), String.valueOf(e));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
                finished.countDown();
            }
        }

        private void operation(Kind kind, Tally tally, long deadline)
                throws IOException, Unexpected, InterruptedException, TimeoutException, ExecutionException {
            switch (kind) {
                case KEEP_ALIVE_GET -> keepAliveGet(tally, deadline);
                case CONNECTION_CLOSE -> connectionClose(tally, deadline);
                case PIPELINED -> pipelined(tally, deadline);
                case STREAM -> stream(tally, deadline);
                case UPLOAD -> upload(tally, deadline);
                case BAD_REQUEST -> badRequest(tally, deadline);
                case HALF_CLOSE_COMPLETE -> halfCloseComplete(tally, deadline);
                case HALF_CLOSE_INCOMPLETE_BODY -> halfCloseIncompleteBody(tally, deadline);
                case VANISH -> vanish(deadline); // nothing is served: the client leaves
            }
        }

        // ---- keep-alive -------------------------------------------------------------------------------------

        private void keepAliveGet(Tally tally, long deadline)
                throws IOException, Unexpected, InterruptedException, TimeoutException, ExecutionException {
            if (random.nextBoolean()) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/hello"))
                        .timeout(Duration.ofSeconds(10))
                        .build();
                for (int i = 0; i < 10; i++) {
                    HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString());
                    check(response.statusCode() == 200, "status " + response.statusCode(), "GET /hello");
                    check(HELLO.equals(response.body()), "wrong body", response.body());
                    tally.served(1);
                }
                return;
            }
            // java.net.http hides whether a connection was reused: on a raw socket the test can see it
            try (Socket socket = open(READ_TIMEOUT_MILLIS)) {
                InputStream in = new BufferedInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                int count = 5 + random.nextInt(20);
                for (int i = 0; i < count; i++) {
                    out.write(ascii("GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
                    out.flush();
                    RawResponse response = RawResponse.read(in, false, deadline);
                    tally.served(1);
                    expectHello(response);
                    check(!response.closes(), "keep-alive answer closes", "request " + i + " of " + count);
                }
            }
        }

        // ---- Connection: close ------------------------------------------------------------------------------

        private void connectionClose(Tally tally, long deadline) throws IOException, Unexpected {
            boolean http10 = random.nextInt(4) == 0;
            try (Socket socket = open(READ_TIMEOUT_MILLIS)) {
                InputStream in = new BufferedInputStream(socket.getInputStream());
                socket.getOutputStream()
                        .write(ascii(
                                http10
                                        ? "GET /hello HTTP/1.0\r\n\r\n"
                                        : "GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
                RawResponse response = RawResponse.read(in, false, deadline);
                tally.served(1);
                expectHello(response);
                check(http10 || response.closes(), "no Connection: close", "answer to Connection: close");
                expectEof(in, deadline, http10 ? "HTTP/1.0 request" : "Connection: close request");
            }
        }

        // ---- pipelining -------------------------------------------------------------------------------------

        private void pipelined(Tally tally, long deadline) throws IOException, Unexpected {
            int count = 2 + random.nextInt(15);
            boolean closeLast = random.nextBoolean();
            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            List<Expectation> expectations = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String connection = closeLast && i == count - 1 ? "Connection: close\r\n" : "";
                switch (random.nextInt(4)) {
                    case 0 -> {
                        batch.write(ascii("GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n" + connection + "\r\n"));
                        expectations.add(new Expectation(false, ascii(HELLO)));
                    }
                    case 1 -> {
                        batch.write(ascii("HEAD /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n" + connection + "\r\n"));
                        expectations.add(new Expectation(true, new byte[0]));
                    }
                    case 2 -> {
                        int parts = 1 + random.nextInt(4);
                        int size = 1 + random.nextInt(2000);
                        batch.write(ascii("GET /stream?parts=" + parts + "&size=" + size
                                + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + connection + "\r\n"));
                        expectations.add(new Expectation(false, xs(parts * size)));
                    }
                    default -> {
                        byte[] body = randomBytes(random.nextInt(4097));
                        batch.write(ascii("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/"
                                + "octet-stream\r\nContent-Length: " + body.length + "\r\n" + connection + "\r\n"));
                        batch.write(body);
                        expectations.add(new Expectation(false, body));
                    }
                }
            }
            try (Socket socket = open(READ_TIMEOUT_MILLIS)) {
                InputStream in = new BufferedInputStream(socket.getInputStream());
                socket.getOutputStream().write(batch.toByteArray());
                for (int i = 0; i < count; i++) {
                    Expectation expectation = expectations.get(i);
                    RawResponse response = RawResponse.read(in, expectation.head, deadline);
                    tally.served(1);
                    check(response.status == 200, "status " + response.status, "pipelined " + i + " of " + count);
                    check(
                            Arrays.equals(expectation.body, response.body),
                            "wrong pipelined body",
                            "answer " + i + " of " + count + ": " + response.body.length + " bytes, expected "
                                    + expectation.body.length);
                    if (expectation.head) {
                        check(
                                response.field("content-length").equals(Optional.of("13")),
                                "HEAD Content-Length",
                                "HEAD /hello: " + response.field("content-length"));
                    }
                }
                if (closeLast) {
                    expectEof(in, deadline, "pipelined batch ending in Connection: close");
                }
            }
        }

        // ---- streamed answers -------------------------------------------------------------------------------

        private void stream(Tally tally, long deadline)
                throws IOException, Unexpected, InterruptedException, TimeoutException, ExecutionException {
            int parts = 1 + random.nextInt(64);
            int size = 1 + random.nextInt(32 * 1024);
            String path = "/stream?parts=" + parts + "&size=" + size;
            int variant = random.nextInt(10);
            if (variant < 5) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(10))
                        .build();
                HttpResponse<byte[]> response = send(request, HttpResponse.BodyHandlers.ofByteArray());
                tally.served(1);
                check(response.statusCode() == 200, "status " + response.statusCode(), path);
                expectXs(response.body(), parts * size, path);
                return;
            }
            boolean http10 = variant == 9;
            try (Socket socket = open(READ_TIMEOUT_MILLIS)) {
                InputStream in = new BufferedInputStream(socket.getInputStream());
                socket.getOutputStream()
                        .write(ascii("GET " + path + (http10 ? " HTTP/1.0\r\n\r\n" : " HTTP/1.1\r\nHost: x\r\n\r\n")));
                RawResponse response = RawResponse.read(in, false, deadline);
                tally.served(1);
                check(response.status == 200, "status " + response.status, path);
                if (http10) {
                    // no chunked coding on 1.0: the close ends the body, so having read it means the close came
                    check(response.field("transfer-encoding").isEmpty(), "chunked to HTTP/1.0", path);
                } else {
                    check(
                            response.field("transfer-encoding")
                                    .map("chunked"::equalsIgnoreCase)
                                    .orElse(false),
                            "not chunked",
                            path + ": " + response.fields);
                }
                expectXs(response.body, parts * size, path);
            }
        }

        // ---- uploads ----------------------------------------------------------------------------------------

        private void upload(Tally tally, long deadline)
                throws IOException, Unexpected, InterruptedException, TimeoutException, ExecutionException {
            int length = random.nextInt(10) < 7 ? random.nextInt(16 * 1024 + 1) : random.nextInt(512 * 1024 + 1);
            byte[] body = randomBytes(length);
            if (random.nextBoolean()) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/echo"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build();
                HttpResponse<byte[]> response = send(request, HttpResponse.BodyHandlers.ofByteArray());
                tally.served(1);
                check(response.statusCode() == 200, "status " + response.statusCode(), "POST /echo " + length);
                check(
                        Arrays.equals(body, response.body()),
                        "echo differs",
                        "sent " + length + " bytes, got " + response.body().length);
                return;
            }
            try (Socket socket = open(READ_TIMEOUT_MILLIS)) {
                InputStream in = new BufferedInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                String head = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n";
                out.write(ascii(head + "Transfer-Encoding: chunked\r\n\r\n"));
                for (int at = 0; at < length; ) {
                    int n = Math.min(length - at, 1 + random.nextInt(64 * 1024));
                    out.write(ascii(Integer.toHexString(n) + "\r\n"));
                    out.write(body, at, n);
                    out.write(ascii("\r\n"));
                    at += n;
                }
                out.write(ascii("0\r\n\r\n"));
                out.flush();
                RawResponse response = RawResponse.read(in, false, deadline);
                tally.served(1);
                check(response.status == 200, "status " + response.status, "chunked POST /echo " + length);
                check(
                        Arrays.equals(body, response.body),
                        "chunked echo differs",
                        "sent " + length + " bytes, got " + response.body.length);
            }
        }

        // ---- bad requests -----------------------------------------------------------------------------------

        private void badRequest(Tally tally, long deadline) throws IOException, Unexpected {
            BadCase bad = BAD_CASES.get(random.nextInt(BAD_CASES.size()));
            try (Socket socket = open(READ_TIMEOUT_MILLIS)) {
                InputStream in = new BufferedInputStream(socket.getInputStream());
                socket.getOutputStream().write(bad.request);
                RawResponse response = RawResponse.read(in, false, deadline);
                tally.served(1);
                check(
                        response.status == bad.status,
                        bad.name + ": status " + response.status,
                        "expected " + bad.status);
                check(response.closes(), bad.name + ": no Connection: close", String.valueOf(response.fields));
                expectEof(in, deadline, bad.name);
            }
        }

        // ---- half-closed clients ----------------------------------------------------------------------------

        private void halfCloseComplete(Tally tally, long deadline) throws IOException, Unexpected {
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            List<Expectation> expectations = new ArrayList<>();
            switch (random.nextInt(3)) {
                case 0 -> {
                    request.write(ascii("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
                    expectations.add(new Expectation(false, ascii(HELLO)));
                }
                case 1 -> {
                    byte[] body = randomBytes(random.nextInt(64 * 1024 + 1));
                    request.write(
                            ascii("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length + "\r\n\r\n"));
                    request.write(body);
                    expectations.add(new Expectation(false, body));
                }
                default -> {
                    for (int i = 0; i < 3; i++) {
                        request.write(ascii("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
                        expectations.add(new Expectation(false, ascii(HELLO)));
                    }
                }
            }
            try (Socket socket = open(READ_TIMEOUT_MILLIS)) {
                InputStream in = new BufferedInputStream(socket.getInputStream());
                socket.getOutputStream().write(request.toByteArray());
                socket.shutdownOutput();
                for (Expectation expectation : expectations) {
                    RawResponse response = RawResponse.read(in, false, deadline);
                    tally.served(1);
                    check(response.status == 200, "status " + response.status, "after shutdownOutput");
                    check(
                            Arrays.equals(expectation.body, response.body),
                            "wrong body after shutdownOutput",
                            response.body.length + " bytes, expected " + expectation.body.length);
                }
                expectEof(in, deadline, "complete request then shutdownOutput");
            }
        }

        private void halfCloseIncompleteBody(Tally tally, long deadline) throws IOException, Unexpected {
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            String variant;
            if (random.nextBoolean()) {
                int length = 2 + random.nextInt(10_000);
                request.write(ascii("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + length + "\r\n\r\n"));
                request.write(randomBytes(random.nextInt(length)));
                variant = "Content-Length body cut short";
            } else {
                request.write(ascii("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"));
                request.write(ascii("400\r\n"));
                request.write(randomBytes(random.nextInt(1024)));
                variant = "chunked body cut short";
            }
            try (Socket socket = open(INCOMPLETE_BODY_TIMEOUT_MILLIS)) {
                InputStream in = new BufferedInputStream(socket.getInputStream());
                socket.getOutputStream().write(request.toByteArray());
                socket.shutdownOutput();
                in.mark(1);
                int first;
                try {
                    first = in.read();
                } catch (java.net.SocketTimeoutException e) {
                    throw new Unexpected(
                            "no answer and no close within " + INCOMPLETE_BODY_TIMEOUT_MILLIS + " ms",
                            variant + ", then shutdownOutput");
                }
                if (first < 0) {
                    return; // closed without an answer: allowed
                }
                in.reset();
                RawResponse response = RawResponse.read(in, false, deadline);
                tally.served(1);
                check(response.status == 400, "status " + response.status, variant);
                expectEof(in, deadline, variant + ", after the 400");
            }
        }

        // ---- clients that vanish ----------------------------------------------------------------------------

        private void vanish(long deadline) throws IOException, Unexpected {
            try (Socket socket = open(READ_TIMEOUT_MILLIS)) {
                InputStream in = new BufferedInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                boolean reset = true;
                switch (random.nextInt(6)) {
                    case 0 -> {
                        String head = "GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: abcdefgh\r\n\r\n";
                        out.write(ascii(head.substring(0, 1 + random.nextInt(head.length() - 2))));
                    }
                    case 1 -> {
                        out.write(ascii("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n"));
                        out.write(randomBytes(random.nextInt(50_000)));
                    }
                    case 2 -> {
                        // a big answer, so the server is mid-write (its buffers full) when the reset comes
                        out.write(ascii("GET /stream?parts=2000&size=16384 HTTP/1.1\r\nHost: x\r\n\r\n"));
                        RawResponse head = RawResponse.head(in, deadline);
                        check(head.status == 200, "status " + head.status, "/stream before vanishing");
                        readSome(in, 1 + random.nextInt(256 * 1024), deadline);
                    }
                    case 3 -> {
                        out.write(ascii("GET /ticker HTTP/1.1\r\nHost: x\r\n\r\n"));
                        RawResponse head = RawResponse.head(in, deadline);
                        check(head.status == 200, "status " + head.status, "/ticker");
                        readUntil(in, "tick ", deadline);
                        reset = random.nextBoolean();
                    }
                    case 4 -> {
                        out.write(ascii("GET /events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n"));
                        RawResponse head = RawResponse.head(in, deadline);
                        check(head.status == 200, "status " + head.status, "/events");
                        readUntil(in, "event: time", deadline);
                        reset = random.nextBoolean();
                    }
                    default -> {
                        for (int i = 0; i < 5; i++) {
                            out.write(ascii("GET /stream?parts=4&size=65536 HTTP/1.1\r\nHost: x\r\n\r\n"));
                        }
                    }
                }
                out.flush();
                if (reset) {
                    socket.setSoLinger(true, 0); // close() now sends RST, as a client that crashed would
                }
            }
        }

        private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
                throws InterruptedException, ExecutionException, TimeoutException {
            // send() has no bound on reading the body; a future with a timeout has
            CompletableFuture<HttpResponse<T>> future = client.sendAsync(request, handler);
            try {
                return future.get(20, TimeUnit.SECONDS);
            } catch (TimeoutException | InterruptedException e) {
                future.cancel(true);
                throw e;
            }
        }

        private byte[] randomBytes(int n) {
            byte[] bytes = new byte[n];
            for (int i = 0; i < n; i++) {
                bytes[i] = (byte) random.nextInt(256);
            }
            return bytes;
        }
    }

    private Socket open(int readTimeoutMillis) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout(readTimeoutMillis);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static void expectHello(RawResponse response) throws Unexpected {
        check(response.status == 200, "status " + response.status, "GET /hello");
        check(HELLO.equals(response.bodyText()), "wrong body", RawResponse.printable(response.bodyText()));
    }

    private static void expectXs(byte[] body, int length, String what) throws Unexpected {
        check(body.length == length, "wrong stream length", what + ": " + body.length + " bytes");
        for (byte b : body) {
            if (b != 'x') {
                throw new Unexpected("wrong stream bytes", what);
            }
        }
    }

    private static void expectEof(InputStream in, long deadline, String after) throws IOException, Unexpected {
        boolean eof;
        try {
            eof = RawResponse.readsEof(in, deadline);
        } catch (java.net.SocketTimeoutException e) {
            throw new Unexpected("not closed", "no close within the read timeout after " + after);
        }
        check(eof, "bytes after the last answer", after);
    }

    private static void readSome(InputStream in, int n, long deadline) throws IOException, Unexpected {
        byte[] buffer = new byte[16 * 1024];
        for (int read = 0; read < n; ) {
            check(System.nanoTime() - deadline < 0, "slow stream", "deadline passed");
            int r = in.read(buffer, 0, Math.min(buffer.length, n - read));
            check(r >= 0, "stream closed early", "after " + read + " bytes");
            read += r;
        }
    }

    private static void readUntil(InputStream in, String marker, long deadline) throws IOException, Unexpected {
        byte[] wanted = ascii(marker);
        int matched = 0;
        for (int read = 0; read < 64 * 1024; read++) {
            check(System.nanoTime() - deadline < 0, "slow endless stream", "waiting for " + marker);
            int b = in.read();
            check(b >= 0, "endless stream closed", "before " + marker);
            matched = b == wanted[matched] ? matched + 1 : (b == wanted[0] ? 1 : 0);
            if (matched == wanted.length) {
                return;
            }
        }
        throw new Unexpected("marker missing", marker + " not in the first 64 KiB");
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] xs(int n) {
        byte[] bytes = new byte[n];
        Arrays.fill(bytes, (byte) 'x');
        return bytes;
    }

    /** What one pipelined or half-closed request must be answered with. */
    private static final class Expectation {
        final boolean head;
        final byte[] body;

        Expectation(boolean head, byte[] body) {
            this.head = head;
            this.body = body;
        }
    }

    /** A request the server must refuse with {@code status}, then close. */
    private static final class BadCase {
        final String name;
        final byte[] request;
        final int status;

        BadCase(String name, byte[] request, int status) {
            this.name = name;
            this.request = request;
            this.status = status;
        }
    }

    private static final List<BadCase> BAD_CASES = badCases();

    private static List<BadCase> badCases() {
        List<BadCase> cases = new ArrayList<>();
        cases.add(bad("double space in request line", "GET  /hello HTTP/1.1\r\nHost: x\r\n\r\n", 400));
        cases.add(bad("lower-case version", "GET /hello http/1.1\r\nHost: x\r\n\r\n", 400));
        cases.add(bad("garbage request line", "\u0001\u0002 nonsense\r\n\r\n", 400));
        cases.add(bad("space in target", "GET /he llo HTTP/1.1\r\nHost: x\r\n\r\n", 400));
        cases.add(bad("space in field name", "GET /hello HTTP/1.1\r\nHost: x\r\nBad Field: v\r\n\r\n", 400));
        cases.add(bad("space before colon", "GET /hello HTTP/1.1\r\nHost: x\r\nX-A : v\r\n\r\n", 400));
        cases.add(bad("field without colon", "GET /hello HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n", 400));
        cases.add(bad("control character in value", "GET /hello HTTP/1.1\r\nHost: x\r\nX-A: a\u0001b\r\n\r\n", 400));
        cases.add(bad("obs-fold", "GET /hello HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n", 400));
        cases.add(bad("no Host", "GET /hello HTTP/1.1\r\n\r\n", 400));
        cases.add(bad("two Hosts", "GET /hello HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400));
        cases.add(bad(
                "Content-Length with Transfer-Encoding",
                "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                400));
        cases.add(bad("bad Content-Length", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1x\r\n\r\n", 400));
        cases.add(bad(
                "bad chunk size",
                "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
                400));
        cases.add(bad("request line over 8 KiB", "GET /" + "a".repeat(9 * 1024) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414));
        cases.add(bad(
                "field section over 16 KiB",
                "GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20 * 1024) + "\r\n\r\n",
                431));
        StringBuilder many = new StringBuilder("GET /hello HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 120; i++) {
            many.append("X-F").append(i).append(": v\r\n");
        }
        cases.add(bad("over 100 fields", many.append("\r\n").toString(), 431));
        cases.add(bad(
                "declared body over 10 MiB",
                "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 20000000\r\n\r\n",
                413));
        cases.add(bad("HTTP/2.0 request line", "GET /hello HTTP/2.0\r\nHost: x\r\n\r\n", 505));
        return List.copyOf(cases);
    }

    private static BadCase bad(String name, String request, int status) {
        return new BadCase(name, request.getBytes(StandardCharsets.ISO_8859_1), status);
    }
}
