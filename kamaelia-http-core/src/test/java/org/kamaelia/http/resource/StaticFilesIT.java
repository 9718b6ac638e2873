package org.kamaelia.http.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kamaelia.http.component.Conditions;
import org.kamaelia.http.server.ConnectionSnapshot;
import org.kamaelia.http.server.HttpServer;

@Timeout(120)
class StaticFilesIT {
    @TempDir
    static Path dir;

    static Path root;
    static HttpServer server;
    static byte[] data;
    static final Instant MODIFIED = Instant.parse("2026-01-02T03:04:05Z");

    @BeforeAll
    static void start() throws IOException {
        root = Files.createDirectories(dir.resolve("site"));
        Files.writeString(root.resolve("index.html"), "<h1>home</h1>");
        Files.writeString(root.resolve("style.css"), "body{}");
        data = new byte[100_000];
        new Random(3).nextBytes(data);
        Files.write(root.resolve("data.bin"), data);
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("sub/index.html"), "sub home");
        Files.createDirectories(root.resolve("empty"));
        String js = "console.log('hello');\n".repeat(50);
        Files.writeString(root.resolve("app.js"), js);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(js.getBytes(StandardCharsets.UTF_8));
        }
        Files.write(root.resolve("app.js.gz"), gz.toByteArray());
        Path outside = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-CONTENT");
        Files.createSymbolicLink(root.resolve("leak.txt"), outside);
        Files.createSymbolicLink(root.resolve("inside.css"), root.resolve("style.css"));
        try (RandomAccessFile big = new RandomAccessFile(root.resolve("big.bin").toFile(), "rw")) {
            big.setLength(1L << 30); // 1 GiB, sparse: costs no disk
        }
        for (String name : List.of("index.html", "data.bin", "style.css")) {
            Files.setLastModifiedTime(root.resolve(name), FileTime.from(MODIFIED));
        }
        server = HttpServer.builder()
                .port(0)
                .eventLoops(1)
                .route(
                        "/files",
                        StaticFiles.directory(root)
                                .mountedAt("/files")
                                .cacheControl("max-age=60")
                                .build(),
                        Set.of("GET", "HEAD"))
                .start();
    }

    @AfterAll
    static void stop() {
        server.stop(Duration.ofSeconds(2));
    }

    /** A response read off a raw socket. */
    record Response(int status, List<String> fields, byte[] body) {
        String field(String name) {
            for (String f : fields) {
                if (f.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                    return f.substring(name.length() + 1).trim();
                }
            }
            return null;
        }
    }

    static Response request(String method, String target, String... headers) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 5000);
            socket.setSoTimeout(10_000);
            StringBuilder request =
                    new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: h\r\nConnection: close\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            byte[] all = socket.getInputStream().readAllBytes();
            int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String head = new String(all, 0, end, StandardCharsets.ISO_8859_1);
            String[] lines = head.split("\r\n");
            List<String> fields = new ArrayList<>(List.of(lines).subList(1, lines.length));
            byte[] body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
            return new Response(Integer.parseInt(lines[0].substring(9, 12)), fields, body);
        }
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void servesAFileWithTypeValidatorsAndCacheControl() throws IOException {
        Response r = request("GET", "/files/style.css");
        assertThat(r.status()).isEqualTo(200);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("body{}");
        assertThat(r.field("Content-Type")).isEqualTo("text/css; charset=utf-8");
        assertThat(r.field("Content-Length")).isEqualTo("6");
        assertThat(r.field("ETag")).startsWith("\"").endsWith("\"");
        assertThat(r.field("Last-Modified")).isEqualTo("Fri, 02 Jan 2026 03:04:05 GMT");
        assertThat(r.field("Accept-Ranges")).isEqualTo("bytes");
        assertThat(r.field("Cache-Control")).isEqualTo("max-age=60");
    }

    @Test
    void servesIndexFilesAndRedirectsDirectoriesWithoutTheirSlash() throws IOException {
        assertThat(new String(request("GET", "/files/").body(), StandardCharsets.UTF_8))
                .isEqualTo("<h1>home</h1>");
        Response moved = request("GET", "/files/sub?x=1");
        assertThat(moved.status()).isEqualTo(301);
        assertThat(moved.field("Location")).isEqualTo("/files/sub/?x=1");
        assertThat(new String(request("GET", "/files/sub/").body(), StandardCharsets.UTF_8))
                .isEqualTo("sub home");
        assertThat(request("GET", "/files/empty/").status())
                .as("directory without an index")
                .isEqualTo(404);
        assertThat(request("GET", "/files/nothing.txt").status()).isEqualTo(404);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/files/../secret.txt, 404",
        "/files/%2e%2e/secret.txt, 404",
        "/files/%2E%2E/%2E%2E/etc/passwd, 400",
        "/files/%2E%2E/%2E%2E/%2E%2E/etc/passwd, 400",
        "/files/..%2fsecret.txt, 400",
        "/files/..%5csecret.txt, 400",
        "/files/%5c..%5csecret.txt, 400",
        "/files/style.css%00.txt, 400",
        "/files//etc/passwd, 404",
        "/files/%2Fetc%2Fpasswd, 400",
        "/files/leak.txt, 404",
        "/files/..\\secret.txt, 404",
        "/files/sub/../../secret.txt, 404",
    })
    void refusesEveryWayOutOfTheRoot(String target, int status) throws IOException {
        Response r = request("GET", target);
        assertThat(r.status()).isEqualTo(status);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).doesNotContain("TOP-SECRET-CONTENT");
    }

    @Test
    void followsSymbolicLinksThatStayInsideTheRoot() throws IOException {
        assertThat(request("GET", "/files/inside.css").status()).isEqualTo(200);
    }

    @Test
    void answersConditionalRequests() throws IOException {
        String etag = request("GET", "/files/style.css").field("ETag");
        Response notModified = request("GET", "/files/style.css", "If-None-Match: " + etag);
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(notModified.field("ETag")).isEqualTo(etag);
        assertThat(request("GET", "/files/style.css", "If-None-Match: \"other\", W/" + etag)
                        .status())
                .as("weak comparison")
                .isEqualTo(304);
        assertThat(request("GET", "/files/style.css", "If-None-Match: *").status())
                .isEqualTo(304);
        assertThat(request("GET", "/files/style.css", "If-None-Match: \"other\"")
                        .status())
                .isEqualTo(200);
        assertThat(request("GET", "/files/style.css", "If-Modified-Since: Fri, 02 Jan 2026 03:04:05 GMT")
                        .status())
                .isEqualTo(304);
        assertThat(request("GET", "/files/style.css", "If-Modified-Since: Thu, 01 Jan 2026 00:00:00 GMT")
                        .status())
                .isEqualTo(200);
        assertThat(request("GET", "/files/style.css", "If-Match: \"other\"").status())
                .isEqualTo(412);
        assertThat(request("GET", "/files/style.css", "If-Match: " + etag).status())
                .isEqualTo(200);
        assertThat(request("GET", "/files/style.css", "If-Match: W/" + etag).status())
                .as("If-Match uses strong comparison")
                .isEqualTo(412);
        assertThat(request("GET", "/files/style.css", "If-Unmodified-Since: Thu, 01 Jan 2026 00:00:00 GMT")
                        .status())
                .isEqualTo(412);
    }

    @Test
    void servesSingleMultipleAndUnsatisfiableRanges() throws IOException {
        Response one = request("GET", "/files/data.bin", "Range: bytes=10-19");
        assertThat(one.status()).isEqualTo(206);
        assertThat(one.field("Content-Range")).isEqualTo("bytes 10-19/100000");
        assertThat(one.body()).isEqualTo(java.util.Arrays.copyOfRange(data, 10, 20));
        Response suffix = request("GET", "/files/data.bin", "Range: bytes=-5");
        assertThat(suffix.body()).isEqualTo(java.util.Arrays.copyOfRange(data, 99_995, 100_000));

        Response many = request("GET", "/files/data.bin", "Range: bytes=0-9, 500-599, 99990-");
        assertThat(many.status()).isEqualTo(206);
        String type = many.field("Content-Type");
        assertThat(type).startsWith("multipart/byteranges; boundary=");
        List<long[]> expected = List.of(new long[] {0, 9}, new long[] {500, 599}, new long[] {99_990, 99_999});
        List<byte[]> parts = multipartParts(many.body(), type.substring(type.indexOf('=') + 1), expected.size());
        for (int i = 0; i < expected.size(); i++) {
            long[] range = expected.get(i);
            assertThat(parts.get(i))
                    .as("part %d", i)
                    .isEqualTo(java.util.Arrays.copyOfRange(data, (int) range[0], (int) range[1] + 1));
        }
        assertThat(Long.parseLong(many.field("Content-Length"))).isEqualTo(many.body().length);

        Response none = request("GET", "/files/data.bin", "Range: bytes=200000-");
        assertThat(none.status()).isEqualTo(416);
        assertThat(none.field("Content-Range")).isEqualTo("bytes */100000");

        Response stale = request("GET", "/files/data.bin", "Range: bytes=0-9", "If-Range: \"stale\"");
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.body()).hasSize(100_000);
        String etag = one.field("ETag");
        assertThat(request("GET", "/files/data.bin", "Range: bytes=0-9", "If-Range: " + etag)
                        .status())
                .isEqualTo(206);
        assertThat(request("GET", "/files/data.bin", "Range: items=0-9").status())
                .as("unknown range unit")
                .isEqualTo(200);
    }

    /** Splits a multipart/byteranges body and checks each part's Content-Range line is present. */
    static List<byte[]> multipartParts(byte[] body, String boundary, int count) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        List<byte[]> parts = new ArrayList<>();
        int at = indexOf(body, delimiter);
        for (int i = 0; i < count; i++) {
            int headEnd = at + indexOf(java.util.Arrays.copyOfRange(body, at, body.length), "\r\n\r\n".getBytes()) + 4;
            String head = new String(body, at, headEnd - at, StandardCharsets.ISO_8859_1);
            assertThat(head).contains("Content-Range: bytes ");
            int next = headEnd + indexOf(java.util.Arrays.copyOfRange(body, headEnd, body.length), delimiter);
            parts.add(java.util.Arrays.copyOfRange(body, headEnd, next - 2)); // minus the CRLF before the delimiter
            at = next;
        }
        assertThat(new String(body, at, body.length - at, StandardCharsets.ISO_8859_1))
                .isEqualTo("--" + boundary + "--\r\n");
        return parts;
    }

    @Test
    void headGetsTheFieldsWithoutTheBody() throws IOException {
        Response head = request("HEAD", "/files/data.bin");
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.field("Content-Length")).isEqualTo("100000");
        assertThat(head.body()).isEmpty();
    }

    @Test
    void servesThePrecompressedVariantToClientsThatAcceptGzip() throws IOException {
        Response zipped = request("GET", "/files/app.js", "Accept-Encoding: br, gzip");
        assertThat(zipped.field("Content-Encoding")).isEqualTo("gzip");
        assertThat(zipped.field("Vary")).isEqualTo("Accept-Encoding");
        assertThat(zipped.body()).isEqualTo(Files.readAllBytes(root.resolve("app.js.gz")));
        Response plain = request("GET", "/files/app.js");
        assertThat(plain.field("Content-Encoding")).isNull();
        assertThat(plain.field("Vary")).isEqualTo("Accept-Encoding");
        assertThat(plain.field("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(request("GET", "/files/app.js", "Accept-Encoding: gzip;q=0").field("Content-Encoding"))
                .isNull();
    }

    @Test
    void answersOtherMethodsWith405() throws IOException {
        Response r = request("POST", "/files/style.css", "Content-Length: 0");
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.field("Allow")).isEqualTo("GET, HEAD, OPTIONS");
    }

    @Test
    void aGigabyteFileToAClientThatReadsSlowlyKeepsServerMemoryBounded() throws Exception {
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(16 * 1024);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 5000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write("GET /files/big.bin HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            long read = 0;
            for (int i = 0; i < 200; i++) { // a slow reader: 1.6 MB, then it stops reading altogether
                read += Math.max(0, in.read(buffer));
            }
            assertThat(read).isPositive();
            Conditions.await("server side saturated", () -> {
                List<ConnectionSnapshot> open = server.connections();
                return !open.isEmpty() && open.get(0).peakBufferedBytes() > 64 * 1024;
            });
            long peak = server.connections().get(0).peakBufferedBytes();
            // Connection write queue (64 KiB mark) + the request handler's buffer (64 KiB mark) + one 64 KiB part
            // each: a bound that does not depend on the file's size.
            assertThat(peak).isLessThanOrEqualTo(2 * (64 + 64) * 1024L);
        }
    }

    @Test
    void curlSeesRangesConditionalsAndCompression() throws Exception {
        String url = "http://127.0.0.1:" + server.port() + "/files/";
        assertThat(curl("-r", "0-9", url + "data.bin"))
                .isEqualTo(new String(java.util.Arrays.copyOfRange(data, 0, 10), StandardCharsets.ISO_8859_1));
        assertThat(curl(
                        "-s",
                        "-o",
                        "/dev/null",
                        "-w",
                        "%{http_code}",
                        "-z",
                        "Sat, 03 Jan 2026 00:00:00 GMT",
                        url + "style.css"))
                .isEqualTo("304");
        assertThat(curl("--compressed", url + "app.js")).startsWith("console.log('hello');");
    }

    static String curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "10"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return new String(out, StandardCharsets.ISO_8859_1);
    }
}
