package org.kamaelia.http.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.kamaelia.http.handler.HandlerExchange;
import org.kamaelia.http.handler.HandlerExchange.Answer;
import org.kamaelia.http.message.BadRequest;
import org.kamaelia.http.message.HttpDates;
import org.kamaelia.http.message.HttpHeaders;
import org.kamaelia.http.message.HttpVersion;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.RequestTarget;

class StaticFilesTest {
    private static final Instant MODIFIED = Instant.parse("2026-01-01T10:00:00Z");
    private static final String MODIFIED_TEXT = "Thu, 01 Jan 2026 10:00:00 GMT";
    private static final String EARLIER = "Thu, 01 Jan 2026 09:59:59 GMT";
    private static final String LATER = "Thu, 01 Jan 2026 10:00:01 GMT";

    @TempDir
    Path base;

    private Path root;
    private Path outside;
    private byte[] data;
    private StaticFiles files;

    @BeforeEach
    void tree() throws IOException {
        root = Files.createDirectories(base.resolve("root"));
        outside = Files.createDirectories(base.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.writeString(outside.resolve("index.html"), "secret index");
        data = new byte[1000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7);
        }
        write("data.bin", data);
        write("hello.txt", "hello, world\n".getBytes(StandardCharsets.UTF_8));
        write("index.html", "<p>root</p>".getBytes(StandardCharsets.UTF_8));
        write("docs/index.html", "<p>docs</p>".getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(root.resolve("empty"));
        write("app.js", "plain js".getBytes(StandardCharsets.UTF_8));
        write("app.js.gz", "gzipped js".getBytes(StandardCharsets.UTF_8));
        write("dir with space/a b.txt", "spaced".getBytes(StandardCharsets.UTF_8));
        write("été.txt", "accented".getBytes(StandardCharsets.UTF_8));
        files = StaticFiles.directory(root).build();
    }

    private void write(String relative, byte[] content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        Files.setLastModifiedTime(file, FileTime.from(MODIFIED));
    }

    private static Answer request(StaticFiles files, String method, String target, String... fields) {
        StringBuilder raw = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: x\r\n");
        for (String field : fields) {
            raw.append(field).append("\r\n");
        }
        return HandlerExchange.run(files, raw.append("\r\n").toString());
    }

    private Answer get(String target, String... fields) {
        return request(files, "GET", target, fields);
    }

    /** A head with a path the decoder would never produce, to test the handler's own defences. */
    private static RequestHead rawPathHead(String path) {
        RequestTarget target = new RequestTarget(path, RequestTarget.Form.ORIGIN, "x", path, path, Optional.empty());
        return new RequestHead(
                "GET",
                target,
                HttpVersion.HTTP_1_1,
                HttpHeaders.of("Host", "x"),
                "x",
                RequestHead.BodyFraming.NONE,
                OptionalLong.empty());
    }

    private String etag(String target) {
        return get(target).header("ETag");
    }

    @Test
    void servesAFileWithTypeLengthAndValidators() {
        Answer answer = get("/hello.txt");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.text()).isEqualTo("hello, world\n");
        assertThat(answer.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(answer.head().contentLength()).hasValue(13);
        assertThat(answer.header("Last-Modified")).isEqualTo(MODIFIED_TEXT);
        assertThat(answer.header("ETag")).matches("\"[0-9a-f]+-[0-9a-f]+\"");
        assertThat(answer.header("Accept-Ranges")).isEqualTo("bytes");
        assertThat(answer.header("Cache-Control")).isNull();
        assertThat(answer.header("Vary")).isNull();
        assertThat(answer.ended()).isTrue();
    }

    @Test
    void aChangedFileGetsANewEntityTag() throws IOException {
        String before = etag("/hello.txt");
        write("hello.txt", "hello, world!\n".getBytes(StandardCharsets.UTF_8));
        assertThat(etag("/hello.txt")).isNotEqualTo(before);
    }

    @Test
    void sendsTheConfiguredCacheControl() {
        StaticFiles cached =
                StaticFiles.directory(root).cacheControl("max-age=60").build();
        assertThat(request(cached, "GET", "/hello.txt").header("Cache-Control")).isEqualTo("max-age=60");
    }

    @Test
    void headGetsTheFieldsWithoutTheBody() {
        Answer answer = request(files, "HEAD", "/data.bin");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.head().contentLength()).hasValue(1000);
        assertThat(answer.body()).isEmpty();
        assertThat(answer.ended()).isTrue();
    }

    @Test
    void servesPercentEncodedAndNonAsciiNames() {
        assertThat(get("/dir%20with%20space/a%20b.txt").text()).isEqualTo("spaced");
        assertThat(get("/%C3%A9t%C3%A9.txt").text()).isEqualTo("accented");
    }

    static Stream<Arguments> mimeTypes() {
        return Stream.of(
                Arguments.of("page.html", "text/html; charset=utf-8"),
                Arguments.of("PAGE.HTM", "text/html; charset=utf-8"),
                Arguments.of("style.css", "text/css; charset=utf-8"),
                Arguments.of("main.mjs", "text/javascript; charset=utf-8"),
                Arguments.of("data.json", "application/json; charset=utf-8"),
                Arguments.of("logo.svg", "image/svg+xml; charset=utf-8"),
                Arguments.of("photo.JPG", "image/jpeg"),
                Arguments.of("font.woff2", "font/woff2"),
                Arguments.of("module.wasm", "application/wasm"),
                Arguments.of("archive.tar.gz", "application/gzip"),
                Arguments.of("README", "application/octet-stream"),
                Arguments.of("file.unknownext", "application/octet-stream"),
                Arguments.of(".hidden", "application/octet-stream"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("mimeTypes")
    void choosesTheContentTypeFromTheExtension(String name, String type) throws IOException {
        write(name, new byte[] {1});
        Answer answer = get("/" + name);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).isEqualTo(type);
    }

    @Test
    void usesACustomMimeTable() throws IOException {
        write("thing.kml", new byte[] {1});
        StaticFiles custom = StaticFiles.directory(root)
                .mimeTypes(MimeTypes.defaults().with("KML", "application/vnd.google-earth.kml+xml"))
                .build();
        assertThat(request(custom, "GET", "/thing.kml").header("Content-Type"))
                .isEqualTo("application/vnd.google-earth.kml+xml");
    }

    @Test
    void servesTheIndexFileOfADirectory() {
        assertThat(get("/").text()).isEqualTo("<p>root</p>");
        assertThat(get("/docs/").text()).isEqualTo("<p>docs</p>");
        assertThat(get("/docs/").header("Content-Type")).isEqualTo("text/html; charset=utf-8");
    }

    @Test
    void redirectsADirectoryWithoutItsTrailingSlash() {
        Answer answer = get("/docs?x=1");
        assertThat(answer.status()).isEqualTo(301);
        assertThat(answer.header("Location")).isEqualTo("/docs/?x=1");
        assertThat(get("/dir%20with%20space").header("Location")).isEqualTo("/dir%20with%20space/");
    }

    @Test
    void answers404ForADirectoryWithoutIndexAndNeverListsIt() {
        Answer answer = get("/empty/");
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.ended()).isTrue();
    }

    @Test
    void usesTheConfiguredIndexFile() throws IOException {
        write("docs/default.htm", "default".getBytes(StandardCharsets.UTF_8));
        StaticFiles other = StaticFiles.directory(root).indexFile("default.htm").build();
        assertThat(request(other, "GET", "/docs/").text()).isEqualTo("default");
        assertThat(request(other, "GET", "/").status()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/missing.txt", "/docs/missing/", "/hello.txt/", "/hello.txt/x", "/index.html.gz"})
    void answers404ForWhatIsNotThere(String target) {
        assertThat(get(target).status()).isEqualTo(404);
    }

    @Test
    void servesUnderAMountPointOnWholeSegments() {
        StaticFiles mounted = StaticFiles.directory(root).mountedAt("/static/").build();
        assertThat(request(mounted, "GET", "/static/hello.txt").text()).isEqualTo("hello, world\n");
        assertThat(request(mounted, "GET", "/static/").text()).isEqualTo("<p>root</p>");
        Answer bare = request(mounted, "GET", "/static");
        assertThat(bare.status()).isEqualTo(301);
        assertThat(bare.header("Location")).isEqualTo("/static/");
        assertThat(request(mounted, "GET", "/statichello.txt").status()).isEqualTo(404);
        assertThat(request(mounted, "GET", "/hello.txt").status()).isEqualTo(404);
    }

    /** Targets that try to leave the root; the decoder refuses them (400) or the handler does (404). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "/../outside/secret.txt",
                "/docs/../../outside/secret.txt",
                "/%2e%2e/outside/secret.txt",
                "/%2E%2E/outside/secret.txt",
                "/.%2e/outside/secret.txt",
                "/%2e./outside/secret.txt",
                "/docs/%2e%2e/%2e%2e/outside/secret.txt",
                "/..%2foutside%2fsecret.txt",
                "/..%2Foutside/secret.txt",
                "/%2e%2e%2foutside%2fsecret.txt",
                "/..%5coutside%5csecret.txt",
                "/..\\outside\\secret.txt",
                "/%c0%ae%c0%ae/outside/secret.txt",
                "/%c0%af../outside/secret.txt",
                "/%e0%80%ae%e0%80%ae/outside/secret.txt",
                "/%25%32%65%25%32%65/outside/secret.txt",
                "/hello.txt%00.html",
                "/%00/../outside/secret.txt",
                "/..;/outside/secret.txt",
                "//../outside/secret.txt",
                "/./../outside/secret.txt",
                "http://x/../outside/secret.txt"
            })
    void neverServesAFileOutsideTheRoot(String target) {
        String raw = "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n";
        Object decoded = HandlerExchange.decode(raw);
        if (decoded instanceof BadRequest bad) {
            assertThat(bad.status()).isEqualTo(400);
            return;
        }
        Answer answer = HandlerExchange.run(files, (RequestHead) decoded);
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.text()).doesNotContain("secret");
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(
            strings = {
                "/../outside/secret.txt",
                "/docs/../../outside/secret.txt",
                "/..",
                "/..\\outside\\secret.txt",
                "/docs\\..\\..\\outside\\secret.txt",
                "/hello.txt\0",
                "/\0/hello.txt"
            })
    void refusesDotDotBackslashAndNulThatReachItDirectly(String path) {
        Answer answer = HandlerExchange.run(files, rawPathHead(path));
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.text()).doesNotContain("secret");
    }

    @Test
    void refusesSymbolicLinksThatLeadOutsideTheRoot() throws IOException {
        Files.createSymbolicLink(root.resolve("link.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("linkdir"), outside);
        Files.createDirectories(root.resolve("trap"));
        Files.createSymbolicLink(root.resolve("trap/index.html"), outside.resolve("index.html"));
        Files.createSymbolicLink(root.resolve("relative.txt"), Path.of("../outside/secret.txt"));

        assertThat(get("/link.txt").status()).isEqualTo(404);
        assertThat(get("/linkdir/secret.txt").status()).isEqualTo(404);
        assertThat(get("/linkdir/").status()).isEqualTo(404);
        assertThat(get("/trap/").status()).isEqualTo(404);
        assertThat(get("/relative.txt").status()).isEqualTo(404);
    }

    @Test
    void followsSymbolicLinksInsideTheRootAndOutsideWhenAllowed() throws IOException {
        Files.createSymbolicLink(root.resolve("alias.txt"), root.resolve("hello.txt"));
        Files.createSymbolicLink(root.resolve("link.txt"), outside.resolve("secret.txt"));
        assertThat(get("/alias.txt").text()).isEqualTo("hello, world\n");

        StaticFiles open =
                StaticFiles.directory(root).followLinksOutsideRoot(true).build();
        assertThat(request(open, "GET", "/link.txt").text()).isEqualTo("secret");
    }

    @Test
    void aRootThatIsItselfASymbolicLinkStillServes() throws IOException {
        Path link = Files.createSymbolicLink(base.resolve("rootlink"), root);
        StaticFiles linked = StaticFiles.directory(link).build();
        assertThat(request(linked, "GET", "/hello.txt").text()).isEqualTo("hello, world\n");
    }

    @Test
    void doesNotServeAPrecompressedVariantThatLinksOutsideTheRoot() throws IOException {
        write("page.css", "plain".getBytes(StandardCharsets.UTF_8));
        Files.createSymbolicLink(root.resolve("page.css.gz"), outside.resolve("secret.txt"));
        Answer answer = get("/page.css", "Accept-Encoding: gzip");
        assertThat(answer.text()).isEqualTo("plain");
        assertThat(answer.header("Content-Encoding")).isNull();
    }

    static Stream<Arguments> acceptEncodings() {
        return Stream.of(
                Arguments.of("gzip", true),
                Arguments.of("GZIP", true),
                Arguments.of("br, gzip", true),
                Arguments.of("gzip;q=0.5", true),
                Arguments.of("gzip; q=1", true),
                Arguments.of("*", true),
                Arguments.of("identity", false),
                Arguments.of("br", false),
                Arguments.of("gzip;q=0", false),
                Arguments.of("gzip;q=0.000", false),
                Arguments.of("gzip;q=bad", false),
                Arguments.of("*;q=0", false),
                // an explicit gzip;q=0 is not overridden by the wildcard (RFC 9110 section 12.5.3)
                Arguments.of("gzip;q=0, *", false),
                Arguments.of("*, gzip;q=0", false),
                Arguments.of("x-gzip;q=0, gzip", true),
                Arguments.of("deflate, *;q=0.1", true));
    }

    @ParameterizedTest(name = "Accept-Encoding: {0} -> gzip {1}")
    @MethodSource("acceptEncodings")
    void servesThePrecompressedVariantToClientsThatAcceptGzip(String acceptEncoding, boolean gzip) {
        Answer answer = get("/app.js", "Accept-Encoding: " + acceptEncoding);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.text()).isEqualTo(gzip ? "gzipped js" : "plain js");
        assertThat(answer.header("Content-Encoding")).isEqualTo(gzip ? "gzip" : null);
        assertThat(answer.header("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(answer.header("Vary")).isEqualTo("Accept-Encoding");
    }

    @Test
    void theTwoVariantsHaveDifferentEntityTagsAndVaryEvenWithoutAcceptEncoding() {
        Answer plain = get("/app.js");
        Answer gzipped = get("/app.js", "Accept-Encoding: gzip");
        assertThat(plain.header("Vary")).isEqualTo("Accept-Encoding");
        assertThat(plain.header("Content-Encoding")).isNull();
        assertThat(plain.header("ETag")).isNotEqualTo(gzipped.header("ETag"));
        assertThat(get("/app.js", "Accept-Encoding: gzip", "If-None-Match: " + plain.header("ETag"))
                        .status())
                .isEqualTo(200);
        Answer notModified = get("/app.js", "Accept-Encoding: gzip", "If-None-Match: " + gzipped.header("ETag"));
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.header("Vary")).isEqualTo("Accept-Encoding");
    }

    @Test
    void ignoresPrecompressedVariantsWhenTurnedOff() {
        StaticFiles plainOnly = StaticFiles.directory(root).precompressed(false).build();
        Answer answer = request(plainOnly, "GET", "/app.js", "Accept-Encoding: gzip");
        assertThat(answer.text()).isEqualTo("plain js");
        assertThat(answer.header("Vary")).isNull();
    }

    enum Tag {
        CURRENT,
        WEAK_CURRENT,
        OTHER,
        STAR
    }

    /**
     * Preconditions (RFC 9110 section 13.2.2): If-Match, else If-Unmodified-Since (412); then If-None-Match, else
     * If-Modified-Since (304); then If-Range decides whether Range applies.
     */
    static Stream<Arguments> preconditions() {
        return Stream.of(
                Arguments.of(new String[] {}, 200),
                // step 1: If-Match, strong comparison
                Arguments.of(new String[] {"If-Match: CURRENT"}, 200),
                Arguments.of(new String[] {"If-Match: *"}, 200),
                Arguments.of(new String[] {"If-Match: \"other\""}, 412),
                Arguments.of(new String[] {"If-Match: WEAK"}, 412),
                Arguments.of(new String[] {"If-Match: \"other\", CURRENT"}, 200),
                // step 2: If-Unmodified-Since only without If-Match
                Arguments.of(new String[] {"If-Unmodified-Since: " + EARLIER}, 412),
                Arguments.of(new String[] {"If-Unmodified-Since: " + MODIFIED_TEXT}, 200),
                Arguments.of(new String[] {"If-Unmodified-Since: " + LATER}, 200),
                Arguments.of(new String[] {"If-Unmodified-Since: yesterday"}, 200),
                Arguments.of(new String[] {"If-Match: CURRENT", "If-Unmodified-Since: " + EARLIER}, 200),
                // step 3: If-None-Match, weak comparison, 304 for GET and HEAD
                Arguments.of(new String[] {"If-None-Match: CURRENT"}, 304),
                Arguments.of(new String[] {"If-None-Match: WEAK"}, 304),
                Arguments.of(new String[] {"If-None-Match: *"}, 304),
                Arguments.of(new String[] {"If-None-Match: \"other\""}, 200),
                Arguments.of(new String[] {"If-None-Match: \"a\", WEAK"}, 304),
                // step 4: If-Modified-Since only without If-None-Match
                Arguments.of(new String[] {"If-Modified-Since: " + MODIFIED_TEXT}, 304),
                Arguments.of(new String[] {"If-Modified-Since: " + LATER}, 304),
                Arguments.of(new String[] {"If-Modified-Since: " + EARLIER}, 200),
                Arguments.of(new String[] {"If-Modified-Since: not a date"}, 200),
                Arguments.of(new String[] {"If-None-Match: \"other\"", "If-Modified-Since: " + LATER}, 200),
                Arguments.of(new String[] {"If-None-Match: CURRENT", "If-Modified-Since: " + EARLIER}, 304),
                // the order of the steps
                Arguments.of(new String[] {"If-Match: \"other\"", "If-None-Match: \"other\""}, 412),
                Arguments.of(new String[] {"If-Match: \"other\"", "If-None-Match: CURRENT"}, 412),
                Arguments.of(new String[] {"If-Unmodified-Since: " + EARLIER, "If-None-Match: CURRENT"}, 412),
                Arguments.of(new String[] {"If-Unmodified-Since: " + EARLIER, "If-Modified-Since: " + LATER}, 412),
                Arguments.of(new String[] {"If-Match: CURRENT", "If-None-Match: CURRENT"}, 304),
                // step 5: a Range only applies once the other preconditions pass
                Arguments.of(new String[] {"Range: bytes=0-9"}, 206),
                Arguments.of(new String[] {"Range: bytes=0-9", "If-None-Match: CURRENT"}, 304),
                Arguments.of(new String[] {"Range: bytes=0-9", "If-Match: \"other\""}, 412),
                Arguments.of(new String[] {"Range: bytes=0-9", "If-Range: CURRENT"}, 206),
                Arguments.of(new String[] {"Range: bytes=0-9", "If-Range: \"stale\""}, 200),
                Arguments.of(new String[] {"Range: bytes=0-9", "If-Range: WEAK"}, 200),
                Arguments.of(new String[] {"Range: bytes=0-9", "If-Range: " + MODIFIED_TEXT}, 206),
                Arguments.of(new String[] {"Range: bytes=0-9", "If-Range: " + LATER}, 200),
                Arguments.of(new String[] {"Range: bytes=5000-", "If-Range: \"stale\""}, 200),
                Arguments.of(new String[] {"Range: bytes=5000-", "If-Range: CURRENT"}, 416));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("preconditions")
    void evaluatesPreconditionsInTheOrderOfRfc9110(String[] fields, int status) {
        String etag = etag("/data.bin");
        String[] actual = Arrays.stream(fields)
                .map(f -> f.replace("WEAK", "W/" + etag).replace("CURRENT", etag))
                .toArray(String[]::new);
        Answer answer = get("/data.bin", actual);
        assertThat(answer.status()).isEqualTo(status);
        if (status == 304 || status == 412) {
            assertThat(answer.body()).isEmpty();
            assertThat(answer.header("ETag")).isEqualTo(etag);
            assertThat(answer.ended()).isTrue();
        }
        if (status == 200) {
            assertThat(answer.body()).isEqualTo(data);
        }
    }

    @Test
    void headAnswersConditionalRequestsToo() {
        String etag = etag("/data.bin");
        assertThat(request(files, "HEAD", "/data.bin", "If-None-Match: " + etag).status())
                .isEqualTo(304);
        assertThat(request(files, "HEAD", "/data.bin", "If-Match: \"x\"").status())
                .isEqualTo(412);
    }

    @Test
    void servesOneRangeWith206AndContentRange() {
        Answer answer = get("/data.bin", "Range: bytes=10-19");
        assertThat(answer.status()).isEqualTo(206);
        assertThat(answer.header("Content-Range")).isEqualTo("bytes 10-19/1000");
        assertThat(answer.head().contentLength()).hasValue(10);
        assertThat(answer.body()).isEqualTo(Arrays.copyOfRange(data, 10, 20));
        assertThat(get("/data.bin", "Range: bytes=-5").body()).isEqualTo(Arrays.copyOfRange(data, 995, 1000));
        assertThat(get("/data.bin", "Range: bytes=990-").body()).isEqualTo(Arrays.copyOfRange(data, 990, 1000));
    }

    @Test
    void servesSeveralRangesAsMultipartByteranges() {
        Answer answer = get("/data.bin", "Range: bytes=0-4, 100-104");
        assertThat(answer.status()).isEqualTo(206);
        String type = answer.header("Content-Type");
        assertThat(type).startsWith("multipart/byteranges; boundary=");
        String boundary = type.substring(type.indexOf('=') + 1);
        String body = answer.text();
        assertThat(answer.head().contentLength()).hasValue(answer.body().length);
        String expected =
                "--" + boundary + "\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes 0-4/1000"
                        + "\r\n\r\n" + new String(Arrays.copyOfRange(data, 0, 5), StandardCharsets.ISO_8859_1)
                        + "\r\n--" + boundary
                        + "\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes 100-104/1000"
                        + "\r\n\r\n" + new String(Arrays.copyOfRange(data, 100, 105), StandardCharsets.ISO_8859_1)
                        + "\r\n--" + boundary + "--\r\n";
        assertThat(body).isEqualTo(expected);
    }

    @Test
    void answersAnUnsatisfiableRangeWith416() {
        Answer answer = get("/data.bin", "Range: bytes=1000-");
        assertThat(answer.status()).isEqualTo(416);
        assertThat(answer.header("Content-Range")).isEqualTo("bytes */1000");
        assertThat(answer.head().contentLength()).hasValue(answer.body().length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=5-3", "bytes=x-", "items=0-9", "bytes=0-9,5-3", "bytes="})
    void servesTheWholeFileForARangeItIgnores(String range) {
        Answer answer = get("/data.bin", "Range: " + range);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(data);
    }

    @Test
    void ignoresRangeOnHead() {
        Answer answer = request(files, "HEAD", "/data.bin", "Range: bytes=0-9");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.head().contentLength()).hasValue(1000);
    }

    @Test
    void rangesOfThePrecompressedVariantAreRangesOfItsBytes() {
        Answer answer = get("/app.js", "Accept-Encoding: gzip", "Range: bytes=0-6");
        assertThat(answer.status()).isEqualTo(206);
        assertThat(answer.text()).isEqualTo("gzipped");
        assertThat(answer.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(answer.header("Content-Range")).isEqualTo("bytes 0-6/10");
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH"})
    void answersOtherMethodsWith405AndAllow(String method) {
        Answer answer = request(files, method, "/hello.txt");
        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.header("Allow")).isEqualTo("GET, HEAD, OPTIONS");
    }

    @Test
    void answersOptionsWith204AndAllow() {
        Answer answer = request(files, "OPTIONS", "/hello.txt");
        assertThat(answer.status()).isEqualTo(204);
        assertThat(answer.header("Allow")).isEqualTo("GET, HEAD, OPTIONS");
        assertThat(answer.body()).isEmpty();
    }

    @Test
    void aMissingRootAnswers404() {
        StaticFiles none = StaticFiles.directory(base.resolve("no-such-dir")).build();
        assertThat(request(none, "GET", "/hello.txt").status()).isEqualTo(404);
        assertThat(request(none, "GET", "/").status()).isEqualTo(404);
    }

    @Test
    void theLastModifiedFieldIsAnHttpDate() {
        assertThat(HttpDates.parse(get("/hello.txt").header("Last-Modified"))).contains(MODIFIED);
    }
}
