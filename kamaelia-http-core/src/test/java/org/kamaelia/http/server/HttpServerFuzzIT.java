package org.kamaelia.http.server;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kamaelia.http.codec.request.DecoderLimits;
import org.kamaelia.http.component.ComponentDescription;
import org.kamaelia.http.component.Conditions;
import org.kamaelia.http.fuzz.ByteMutations;
import org.kamaelia.http.fuzz.Choices;
import org.kamaelia.http.fuzz.EscapedBytes;
import org.kamaelia.http.fuzz.HttpRequestGrammar;
import org.kamaelia.http.handler.Handlers;
import org.kamaelia.http.handler.HttpResponse;
import org.kamaelia.http.message.HttpTimeouts;
import org.kamaelia.http.message.ResponseHead;

/**
 * Fuzzes a whole server over real sockets on the loopback address: each input is a request stream (valid,
 * mutated or cut short) followed by one of three ways a client leaves (FIN, RST, silence). Whatever was sent, the
 * server must close the connection within its configured deadlines plus a margin, anything it sends must start
 * with a valid status line, and once the connection is gone the server must hold no connection and no component
 * for it.
 *
 * <p>Fuzzing runs in the build for a short while; the hand-picked inputs of {@link #edgeCases} run in every
 * build too, so the known half-close cases are always tried (see docs/fuzzing.md).
 */
// Bounds the whole fuzzing run as well as each input (Jazzer passes it to libFuzzer as the per-input limit).
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HttpServerFuzzIT {

    /** How a client leaves once its bytes are sent. */
    enum Ending {
        /** Half-closes its side (shutdownOutput) and keeps reading. */
        FIN,
        /** Aborts the connection: linger zero, then close, so the server gets a reset. */
        RST,
        /** Sends nothing more and keeps reading. */
        SILENCE
    }

    // Every server deadline (head, idle, body stall, write stall). A connection is idle, stalled or done at most
    // one deadline after the client's last byte; the margin absorbs a loaded machine.
    private static final Duration DEADLINE = Duration.ofSeconds(1);
    private static final Duration MARGIN = Duration.ofSeconds(2);
    private static final Duration ALLOWED = DEADLINE.plus(MARGIN);
    // status-line = HTTP-version SP status-code SP [ reason-phrase ] CRLF (RFC 9112 section 4)
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] [1-5][0-9][0-9] [\\t\\x20-\\x7e]*\r\n");
    private static final HttpRequestGrammar GRAMMAR = new HttpRequestGrammar(
            List.of("/hello", "/echo", "/refuse", "/blocking", "/stream", "/missing", "/echo/more"), 64);

    private HttpServer server;
    private int idleComponents;

    @BeforeEach
    void start() {
        server = HttpServer.builder()
                .port(0)
                .eventLoops(2)
                .timeouts(new HttpTimeouts(DEADLINE, DEADLINE, DEADLINE, DEADLINE))
                .limits(DecoderLimits.defaults().withMaxBody(64 * 1024))
                .route("/hello", Handlers.function(request -> HttpResponse.text(200, "Hello")), Set.of("GET", "HEAD"))
                .route("/echo", head -> new TestHandlers.Echo())
                .route("/refuse", head -> new TestHandlers.Refuser())
                .route("/stream", head -> new TestHandlers.Stream(3, 100))
                .route("/blocking", Handlers.blocking((head, body, response) -> {
                    long n = body.transferTo(OutputStream.nullOutputStream());
                    response.send(ResponseHead.status(200).build());
                    response.write(("read " + n).getBytes(StandardCharsets.US_ASCII));
                }))
                .start();
        idleComponents = liveComponents().size();
        // The first connections load (and, when fuzzing, instrument) the classes of the request path, which on a
        // busy machine can take longer than the margin: that cost is paid here, outside the checks.
        for (String warmUp :
                new String[] {"GET /hello HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n", "X\r\n\r\n"}) {
            try (RawHttpClient client = new RawHttpClient(server.port())) {
                client.send(warmUp);
                client.socket().setSoTimeout(30_000);
                client.socket().getInputStream().readAllBytes();
            } catch (IOException e) {
                throw new AssertionError("warming up with " + warmUp, e);
            }
        }
        Conditions.await("warm-up connections closed", Duration.ofSeconds(30), () -> server.connectionCount() == 0);
        Conditions.await(
                "warm-up components finished",
                Duration.ofSeconds(30),
                () -> liveComponents().size() == idleComponents);
    }

    @AfterEach
    void stop() {
        server.stop(Duration.ofSeconds(2));
    }

    @FuzzTest(maxDuration = "20s")
    void everyConnectionIsClosedInTimeAndLeavesNothingBehind(FuzzedDataProvider fuzzerInput) throws IOException {
        // A seed rather than the fuzzer's bytes: each try costs a round trip (up to a deadline), too few for
        // libFuzzer to grow its short first inputs into requests with bodies, so each seed builds a whole one.
        long seed = fuzzerInput.consumeLong();
        Choices data = Choices.seeded(seed);
        Ending ending = data.oneOf(Ending.values());
        byte[] request = request(data);
        int[] cuts = {data.intIn(0, request.length), data.intIn(0, request.length)};
        Arrays.sort(cuts);
        exchange(request, cuts, ending, "seed " + seed);
    }

    static Stream<Arguments> edgeCases() {
        String echo = "POST /echo HTTP/1.1\r\nHost: h\r\n";
        String[] requests = {
            "GET /hello HTTP/1.1\r\nHost: h\r\n\r\n",
            echo + "Content-Length: 11\r\n\r\nhell",
            echo + "Transfer-Encoding: chunked\r\n\r\n5",
            "GET /hello HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n",
            echo + "Expect: 100-continue\r\nContent-Length: 5\r\n\r\nhello",
            "GET /hel",
        };
        List<Arguments> cases = new ArrayList<>();
        for (String request : requests) {
            for (Ending ending : Ending.values()) {
                cases.add(Arguments.of(request, ending));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{1} after {0}")
    @MethodSource("edgeCases")
    void edgeCasesAreClosedInTimeAndLeaveNothingBehind(String request, Ending ending) throws IOException {
        exchange(request.getBytes(StandardCharsets.ISO_8859_1), new int[0], ending, "edge case");
    }

    private static byte[] request(Choices data) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        int count = data.intIn(1, 2);
        for (int i = 0; i < count; i++) {
            stream.writeBytes(data.coin() ? GRAMMAR.validRequest(data) : GRAMMAR.request(data));
        }
        byte[] request = stream.toByteArray();
        switch (data.intIn(0, 3)) {
            case 0:
                return ByteMutations.mutate(request, data, 2);
            case 1:
                return ByteMutations.truncate(request, data);
            case 2:
                // A few bytes short: for a request with a body, that body is cut short.
                return Arrays.copyOf(request, Math.max(0, request.length - data.intIn(1, 16)));
            default:
                return request;
        }
    }

    /**
     * Sends {@code request} in pieces cut at {@code cuts}, leaves by {@code ending}, and checks the invariants;
     * {@code origin} says in a failure where the input came from.
     */
    private void exchange(byte[] request, int[] cuts, Ending ending, String origin) throws IOException {
        String sent = "\n  sent (" + origin + "): " + EscapedBytes.of(request) + " cut at " + Arrays.toString(cuts)
                + ", then " + ending;
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        boolean closed;
        long lastByte;
        try (RawHttpClient client = new RawHttpClient(server.port())) {
            Socket socket = client.socket();
            boolean refused = false;
            int from = 0;
            try {
                for (int cut : cuts) {
                    client.send(Arrays.copyOfRange(request, from, cut));
                    from = cut;
                }
                client.send(Arrays.copyOfRange(request, from, request.length));
            } catch (IOException e) {
                refused = true; // the server closed early (a bad request): the rest has nowhere to go
            }
            lastByte = System.nanoTime();
            if (ending == Ending.RST) {
                socket.setSoLinger(true, 0);
                socket.close();
                closed = true;
            } else {
                if (ending == Ending.FIN && !refused) {
                    try {
                        socket.shutdownOutput();
                    } catch (IOException e) {
                        // already closed by the server
                    }
                }
                closed = readUntilClosed(socket, received, lastByte + ALLOWED.toNanos());
            }
        }
        byte[] response = received.toByteArray();
        if (!closed) {
            throw new AssertionError("the server neither closed the connection nor ended its answer within " + ALLOWED
                    + " of the last byte sent" + sent + "\n  received: " + EscapedBytes.of(response));
        }
        if (response.length > 0) {
            String start = new String(response, 0, Math.min(response.length, 512), StandardCharsets.ISO_8859_1);
            int lineEnd = start.indexOf("\r\n");
            if (lineEnd < 0
                    || !STATUS_LINE.matcher(start.substring(0, lineEnd + 2)).matches()) {
                throw new AssertionError("the response does not start with a valid status line" + sent
                        + "\n  received: " + EscapedBytes.of(response));
            }
        }
        Conditions.await(
                "no open connection after the client left" + sent, ALLOWED, () -> server.connectionCount() == 0);
        try {
            Conditions.await(
                    "the connection's components finished" + sent,
                    ALLOWED,
                    () -> liveComponents().size() == idleComponents);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n  still live: " + componentTypes(), e);
        }
    }

    // Reads everything the server sends until it closes; false if it has not closed by the deadline. Every read
    // has a timeout: the time left.
    private static boolean readUntilClosed(Socket socket, ByteArrayOutputStream received, long deadline)
            throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return false;
            }
            socket.setSoTimeout((int) Math.max(1, left));
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException e) {
                return false;
            } catch (SocketException e) {
                return true; // reset by the server: closed too
            }
            if (n < 0) {
                return true;
            }
            received.write(buffer, 0, n);
        }
    }

    private List<ComponentDescription> liveComponents() {
        return server.describeConnection(0).components();
    }

    private String componentTypes() {
        List<String> types = new ArrayList<>();
        for (ComponentDescription c : liveComponents()) {
            types.add(c.type() + "#" + c.id() + " (" + c.state() + ")");
        }
        return types + " (" + idleComponents + " when idle)";
    }
}
