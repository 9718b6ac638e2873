package org.kamaelia.http.codec.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kamaelia.http.message.BadRequest;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.EndOfRequest;
import org.kamaelia.http.message.HttpVersion;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.RequestPart;
import org.kamaelia.http.message.RequestTarget;

class RequestDecoderTest {

    /** The ways one input is fed: whole, split at one position, one byte at a time. */
    enum Feeding {
        WHOLE,
        EVERY_SPLIT,
        BYTE_AT_A_TIME
    }

    /** What decoding produced, summarised so that all feedings can be compared. */
    record Decoded(List<RequestHead> heads, String body, List<EndOfRequest> ends, BadRequest bad) {}

    static Decoded decodeWhole(String input, DecoderLimits limits) {
        return decode(List.of(bytes(input)), limits);
    }

    static Decoded decode(List<byte[]> pieces, DecoderLimits limits) {
        RequestDecoder decoder = new RequestDecoder(limits);
        List<RequestHead> heads = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        List<EndOfRequest> ends = new ArrayList<>();
        BadRequest bad = null;
        for (byte[] piece : pieces) {
            // Read-only, as the parser hands over the connection's bytes.
            ByteBuffer buffer = ByteBuffer.wrap(piece).asReadOnlyBuffer();
            RequestPart part;
            while ((part = decoder.next(buffer)) != null) {
                if (part instanceof RequestHead head) {
                    heads.add(head);
                } else if (part instanceof ByteChunk chunk) {
                    body.append(chunk.utf8());
                } else if (part instanceof EndOfRequest end) {
                    ends.add(end);
                } else if (part instanceof BadRequest b) {
                    bad = b;
                }
            }
            if (bad != null) {
                break;
            }
            // As the parser does whenever its input runs out: a head or size line in progress must survive it.
            decoder.releaseIdleBuffer();
        }
        return new Decoded(heads, body.toString(), ends, bad);
    }

    static List<List<byte[]>> feedings(String input) {
        byte[] all = bytes(input);
        List<List<byte[]>> result = new ArrayList<>();
        result.add(List.of(all));
        for (int split = 1; split < all.length; split++) {
            result.add(List.of(
                    java.util.Arrays.copyOfRange(all, 0, split), java.util.Arrays.copyOfRange(all, split, all.length)));
        }
        List<byte[]> single = new ArrayList<>();
        for (byte b : all) {
            single.add(new byte[] {b});
        }
        result.add(single);
        return result;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Decodes {@code input} every way and checks that all ways agree; returns the whole-input result. */
    static Decoded decodeEveryWay(String input, DecoderLimits limits) {
        Decoded whole = decodeWhole(input, limits);
        for (List<byte[]> pieces : feedings(input)) {
            Decoded other = decode(pieces, limits);
            assertThat(other.heads())
                    .as("heads when split into %d pieces", pieces.size())
                    .usingRecursiveFieldByFieldElementComparator()
                    .isEqualTo(whole.heads());
            assertThat(other.body()).isEqualTo(whole.body());
            assertThat(other.ends()).isEqualTo(whole.ends());
            assertThat(other.bad()).isEqualTo(whole.bad());
        }
        return whole;
    }

    static Decoded decodeEveryWay(String input) {
        return decodeEveryWay(input, DecoderLimits.defaults());
    }

    // ----- valid requests -----------------------------------------------------------------------------

    @Test
    void decodesASimpleGet() {
        Decoded d = decodeEveryWay(
                "GET /hello?name=w%C3%B6rld&x=1&x=2 HTTP/1.1\r\nHost: example.com\r\n" + "Accept: */*\r\n\r\n");
        assertThat(d.bad()).isNull();
        RequestHead head = d.heads().get(0);
        assertThat(head.method()).isEqualTo("GET");
        assertThat(head.version()).isEqualTo(HttpVersion.HTTP_1_1);
        assertThat(head.target().raw()).isEqualTo("/hello?name=w%C3%B6rld&x=1&x=2");
        assertThat(head.path()).isEqualTo("/hello");
        assertThat(head.target().queryParameter("name")).contains("wörld");
        assertThat(head.target().queryParameters().get("x")).containsExactly("1", "2");
        assertThat(head.authority()).isEqualTo("example.com");
        assertThat(head.headers().first("accept")).contains("*/*");
        assertThat(head.body()).isEqualTo(RequestHead.BodyFraming.NONE);
        assertThat(d.ends()).containsExactly(EndOfRequest.INSTANCE);
    }

    @Test
    void decodesAContentLengthBodyAndThenAPipelinedRequest() {
        Decoded d = decodeEveryWay("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello world"
                + "GET /next HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(d.heads()).extracting(RequestHead::path).containsExactly("/echo", "/next");
        assertThat(d.body()).isEqualTo("hello world");
        assertThat(d.ends()).hasSize(2);
    }

    @Test
    void decodesAChunkedBodyWithExtensionsAndTrailers() {
        Decoded d = decodeEveryWay("POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n6 ; x\r\n world\r\n0\r\nChecksum: abc\r\n\r\n");
        assertThat(d.bad()).isNull();
        assertThat(d.heads().get(0).body()).isEqualTo(RequestHead.BodyFraming.CHUNKED);
        assertThat(d.body()).isEqualTo("hello world");
        assertThat(d.ends()).hasSize(1);
        assertThat(d.ends().get(0).trailers().first("Checksum")).contains("abc");
    }

    @Test
    void skipsEmptyLinesBeforeTheRequestLine() {
        Decoded d = decodeEveryWay("\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(d.bad()).isNull();
        assertThat(d.heads()).hasSize(1);
    }

    @Test
    void acceptsBareLfLineEndsInTheHead() {
        Decoded d = decodeEveryWay("GET / HTTP/1.1\nHost: h\n\n");
        assertThat(d.bad()).isNull();
        assertThat(d.heads()).hasSize(1);
    }

    @Test
    void absoluteFormAuthorityWinsOverHost() {
        Decoded d = decodeEveryWay("GET http://example.org:8080/a/b?q=1 HTTP/1.1\r\nHost: other\r\n\r\n");
        RequestHead head = d.heads().get(0);
        assertThat(head.target().form()).isEqualTo(RequestTarget.Form.ABSOLUTE);
        assertThat(head.authority()).isEqualTo("example.org:8080");
        assertThat(head.path()).isEqualTo("/a/b");
        assertThat(head.target().rawQuery()).contains("q=1");
    }

    @Test
    void asteriskFormForOptions() {
        Decoded d = decodeEveryWay("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(d.heads().get(0).target().form()).isEqualTo(RequestTarget.Form.ASTERISK);
    }

    @Test
    void authorityFormForConnect() {
        Decoded d = decodeEveryWay("CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n");
        assertThat(d.heads().get(0).target().form()).isEqualTo(RequestTarget.Form.AUTHORITY);
    }

    @Test
    void decodesAndNormalisesThePath() {
        Decoded d = decodeEveryWay("GET /a/./b/../c/%7Euser/caf%C3%A9 HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(d.heads().get(0).path()).isEqualTo("/a/c/~user/café");
        assertThat(d.heads().get(0).target().rawPath()).isEqualTo("/a/./b/../c/%7Euser/caf%C3%A9");
    }

    @Test
    void treatsHttp1xAbove1Point1As1Point1AndHttp10WithoutHostAsValid() {
        assertThat(decodeEveryWay("GET / HTTP/1.7\r\nHost: h\r\n\r\n")
                        .heads()
                        .get(0)
                        .version())
                .isEqualTo(HttpVersion.HTTP_1_1);
        RequestHead old = decodeEveryWay("GET / HTTP/1.0\r\n\r\n").heads().get(0);
        assertThat(old.version()).isEqualTo(HttpVersion.HTTP_1_0);
        assertThat(old.keepAliveRequested()).isFalse();
    }

    @Test
    void keepsRepeatedFieldsAndTrimsValues() {
        RequestHead head = decodeEveryWay("GET / HTTP/1.1\r\nHost: h\r\nX-A: 1 \r\nx-a:\t2\r\n\r\n")
                .heads()
                .get(0);
        assertThat(head.headers().all("X-A")).containsExactly("1", "2");
    }

    @Test
    void acceptsIdenticalRepeatedContentLengths() {
        Decoded d =
                decodeEveryWay("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3, 3\r\nContent-Length: 3\r\n\r\nabc");
        assertThat(d.bad()).isNull();
        assertThat(d.body()).isEqualTo("abc");
    }

    // ----- bad requests -------------------------------------------------------------------------------

    static Stream<Arguments> badRequests() {
        String host = "Host: h\r\n";
        return Stream.of(
                Arguments.of("lowercase version", "GET / http/1.1\r\n" + host + "\r\n", 400),
                Arguments.of("HTTP/2.0", "GET / HTTP/2.0\r\n" + host + "\r\n", 505),
                Arguments.of("HTTP/0.9 version", "GET / HTTP/0.9\r\n" + host + "\r\n", 505),
                Arguments.of("HTTP/3.0", "GET / HTTP/3.0\r\n" + host + "\r\n", 505),
                Arguments.of("two-digit major", "GET / HTTP/10.0\r\n" + host + "\r\n", 400),
                Arguments.of("no version (0.9 simple request)", "GET /\r\n\r\n", 400),
                Arguments.of("double space", "GET  / HTTP/1.1\r\n" + host + "\r\n", 400),
                Arguments.of("trailing space", "GET / HTTP/1.1 \r\n" + host + "\r\n", 400),
                Arguments.of("tab separator", "GET\t/ HTTP/1.1\r\n" + host + "\r\n", 400),
                Arguments.of("invalid method char", "GE(T / HTTP/1.1\r\n" + host + "\r\n", 400),
                Arguments.of("control char in target", "GET /a\u0001b HTTP/1.1\r\n" + host + "\r\n", 400),
                Arguments.of("non-ASCII in target", "GET /caf\u00e9 HTTP/1.1\r\n" + host + "\r\n", 400),
                Arguments.of("fragment in target", "GET /a#b HTTP/1.1\r\n" + host + "\r\n", 400),
                Arguments.of("relative target", "GET a/b HTTP/1.1\r\n" + host + "\r\n", 400),
                Arguments.of("asterisk with GET", "GET * HTTP/1.1\r\n" + host + "\r\n", 400),
                Arguments.of("ftp scheme", "GET ftp://h/ HTTP/1.1\r\n" + host + "\r\n", 400),
                Arguments.of("userinfo in absolute form", "GET http://u:p@h/ HTTP/1.1\r\n" + host + "\r\n", 400),
                Arguments.of("bad escape", "GET /%zz HTTP/1.1\r\n" + host + "\r\n", 400),
                Arguments.of("encoded NUL", "GET /a%00b HTTP/1.1\r\n" + host + "\r\n", 400),
                Arguments.of("encoded slash", "GET /a%2fb HTTP/1.1\r\n" + host + "\r\n", 400),
                Arguments.of("encoded backslash", "GET /a%5Cb HTTP/1.1\r\n" + host + "\r\n", 400),
                Arguments.of("dot segments above root", "GET /../etc/passwd HTTP/1.1\r\n" + host + "\r\n", 400),
                Arguments.of("encoded dot segments above root", "GET /%2e%2e/x HTTP/1.1\r\n" + host + "\r\n", 400),
                Arguments.of("invalid UTF-8 in path", "GET /%C3%28 HTTP/1.1\r\n" + host + "\r\n", 400),
                Arguments.of("missing Host on 1.1", "GET / HTTP/1.1\r\n\r\n", 400),
                Arguments.of("two Hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
                Arguments.of("two Hosts on 1.0", "GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n", 400),
                Arguments.of("invalid Host", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400),
                Arguments.of("Host with path", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", 400),
                Arguments.of("two hosts in one Host field", "GET / HTTP/1.1\r\nHost: a, b\r\n\r\n", 400),
                Arguments.of("userinfo in Host", "GET / HTTP/1.1\r\nHost: u@h\r\n\r\n", 400),
                Arguments.of("space before colon", "GET / HTTP/1.1\r\n" + host + "Foo : bar\r\n\r\n", 400),
                Arguments.of("tab before colon", "GET / HTTP/1.1\r\n" + host + "Foo\t: bar\r\n\r\n", 400),
                Arguments.of("obs-fold", "GET / HTTP/1.1\r\n" + host + "Foo: bar\r\n baz\r\n\r\n", 400),
                Arguments.of("no colon", "GET / HTTP/1.1\r\n" + host + "NoColon\r\n\r\n", 400),
                Arguments.of("empty name", "GET / HTTP/1.1\r\n" + host + ": v\r\n\r\n", 400),
                Arguments.of("NUL in value", "GET / HTTP/1.1\r\n" + host + "Foo: a\u0000b\r\n\r\n", 400),
                Arguments.of("bare CR in value", "GET / HTTP/1.1\r\n" + host + "Foo: a\rb\r\n\r\n", 400),
                Arguments.of("bare CR leading", "\rGET / HTTP/1.1\r\n" + host + "\r\n", 400),
                Arguments.of("invalid name char", "GET / HTTP/1.1\r\n" + host + "Fo\"o: a\r\n\r\n", 400),
                Arguments.of(
                        "TE and CL",
                        "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n",
                        400),
                Arguments.of("TE on 1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
                Arguments.of(
                        "gzip coding", "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: gzip, chunked\r\n\r\n", 501),
                Arguments.of("unknown coding", "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: foo\r\n\r\n", 501),
                Arguments.of(
                        "chunked twice",
                        "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked, chunked\r\n\r\n",
                        400),
                Arguments.of(
                        "chunked in two fields",
                        "POST / HTTP/1.1\r\n" + host
                                + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
                        400),
                Arguments.of("empty TE", "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: \r\n\r\n", 400),
                Arguments.of(
                        "TE with invalid token",
                        "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chun ked\r\n\r\n",
                        400),
                Arguments.of("negative CL", "POST / HTTP/1.1\r\n" + host + "Content-Length: -1\r\n\r\n", 400),
                Arguments.of("plus CL", "POST / HTTP/1.1\r\n" + host + "Content-Length: +1\r\n\r\n", 400),
                Arguments.of("non-numeric CL", "POST / HTTP/1.1\r\n" + host + "Content-Length: abc\r\n\r\n", 400),
                Arguments.of("hex CL", "POST / HTTP/1.1\r\n" + host + "Content-Length: 0x10\r\n\r\n", 400),
                Arguments.of("empty CL", "POST / HTTP/1.1\r\n" + host + "Content-Length: \r\n\r\n", 400),
                Arguments.of(
                        "overflowing CL",
                        "POST / HTTP/1.1\r\n" + host + "Content-Length: 99999999999999999999\r\n\r\n",
                        400),
                Arguments.of(
                        "different CLs",
                        "POST / HTTP/1.1\r\n" + host + "Content-Length: 1\r\nContent-Length: 2\r\n\r\n",
                        400),
                Arguments.of(
                        "different CLs in a list", "POST / HTTP/1.1\r\n" + host + "Content-Length: 1, 2\r\n\r\n", 400),
                Arguments.of("CL over limit", "POST / HTTP/1.1\r\n" + host + "Content-Length: 10485761\r\n\r\n", 413),
                Arguments.of("chunk size not hex", chunked("zz\r\nabc\r\n0\r\n\r\n"), 400),
                Arguments.of("chunk size 0x", chunked("0x3\r\nabc\r\n0\r\n\r\n"), 400),
                Arguments.of("negative chunk size", chunked("-3\r\nabc\r\n0\r\n\r\n"), 400),
                Arguments.of("chunk size overflow", chunked("10000000000000000\r\nabc\r\n0\r\n\r\n"), 400),
                Arguments.of("chunk size over body limit", chunked("A00001\r\nabc\r\n0\r\n\r\n"), 413),
                Arguments.of("chunk size bare LF", chunked("3\nabc\r\n0\r\n\r\n"), 400),
                Arguments.of("chunk data without CRLF", chunked("3\r\nabcX\r\n0\r\n\r\n"), 400),
                Arguments.of("chunk data longer than size", chunked("3\r\nabcd\r\n0\r\n\r\n"), 400),
                Arguments.of("chunk data with bare LF", chunked("3\r\nabc\n0\r\n\r\n"), 400),
                Arguments.of("space inside size", chunked("1 0\r\n0123456789abcdef\r\n0\r\n\r\n"), 400),
                Arguments.of("control char in extension", chunked("3;a\u0001\r\nabc\r\n0\r\n\r\n"), 400),
                Arguments.of("obs-fold in trailer", chunked("3\r\nabc\r\n0\r\nA: b\r\n c\r\n\r\n"), 400),
                Arguments.of("bad trailer name", chunked("3\r\nabc\r\n0\r\nA B: c\r\n\r\n"), 400));
    }

    private static String chunked(String body) {
        return "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n" + body;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void rejectsMalformedRequests(String name, String input, int status) {
        Decoded d = decodeEveryWay(input);
        assertThat(d.bad()).as(name).isNotNull();
        assertThat(d.bad().status()).as(name).isEqualTo(status);
    }

    @Test
    void decodesNothingAfterABadRequest() {
        RequestDecoder decoder = new RequestDecoder(DecoderLimits.defaults());
        ByteBuffer input = ByteBuffer.wrap(bytes("GET / HTTP/1.1\r\nFoo : x\r\nHost: h\r\n\r\nGET / HTTP/1.1\r\n\r\n"));
        assertThat(decoder.next(input)).isInstanceOf(BadRequest.class);
        assertThat(decoder.next(input)).isNull();
        assertThat(decoder.state()).isEqualTo(RequestDecoder.State.FAILED);
    }

    // ----- limits at the limit and one past it ---------------------------------------------------------

    @Test
    void requestLineAtItsLimitPassesAndOneByteMoreIs414() {
        DecoderLimits limits = DecoderLimits.defaults().withMaxRequestLine(64);
        String prefix = "GET /";
        String suffix = " HTTP/1.1";
        String atLimit = prefix + "a".repeat(64 - prefix.length() - suffix.length()) + suffix;
        assertThat(atLimit).hasSize(64);
        assertThat(decodeEveryWay(atLimit + "\r\nHost: h\r\n\r\n", limits).bad())
                .isNull();
        String over = prefix + "a".repeat(65 - prefix.length() - suffix.length()) + suffix;
        assertThat(decodeEveryWay(over + "\r\nHost: h\r\n\r\n", limits).bad().status())
                .isEqualTo(414);
    }

    @Test
    void anEndlessRequestLineIsRejectedWithoutWaitingForItsEnd() {
        DecoderLimits limits = DecoderLimits.defaults().withMaxRequestLine(64);
        assertThat(decodeWhole("GET /" + "a".repeat(100), limits).bad().status())
                .isEqualTo(414);
    }

    @Test
    void fieldSectionAtItsLimitPassesAndOneByteMoreIs431() {
        // Field section = every field line with its CRLF; "Host: h\r\n" is 9 bytes.
        int limit = 100;
        DecoderLimits limits = DecoderLimits.defaults().withFieldLimits(limit, 100);
        String filler = "X: " + "v".repeat(limit - 9 - 5) + "\r\n";
        String atLimit = "Host: h\r\n" + filler;
        assertThat(atLimit).hasSize(limit);
        assertThat(decodeEveryWay("GET / HTTP/1.1\r\n" + atLimit + "\r\n", limits)
                        .bad())
                .isNull();
        String over = "Host: h\r\n" + "X: " + "v".repeat(limit - 9 - 4) + "\r\n";
        assertThat(decodeEveryWay("GET / HTTP/1.1\r\n" + over + "\r\n", limits)
                        .bad()
                        .status())
                .isEqualTo(431);
    }

    @Test
    void fieldCountAtItsLimitPassesAndOneMoreIs431() {
        DecoderLimits limits = DecoderLimits.defaults().withFieldLimits(16 * 1024, 5);
        String four = "A: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n";
        assertThat(decodeEveryWay("GET / HTTP/1.1\r\nHost: h\r\n" + four + "\r\n", limits)
                        .bad())
                .isNull();
        assertThat(decodeEveryWay("GET / HTTP/1.1\r\nHost: h\r\n" + four + "E: 5\r\n\r\n", limits)
                        .bad()
                        .status())
                .isEqualTo(431);
    }

    @Test
    void bodyAtItsLimitPassesAndOneByteMoreIs413() {
        DecoderLimits limits = DecoderLimits.defaults().withMaxBody(10);
        assertThat(decodeEveryWay("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n0123456789", limits)
                        .body())
                .isEqualTo("0123456789");
        assertThat(decodeEveryWay("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n", limits)
                        .bad()
                        .status())
                .isEqualTo(413);
        assertThat(decodeEveryWay(chunked("5\r\n01234\r\n5\r\n56789\r\n0\r\n\r\n"), limits)
                        .body())
                .isEqualTo("0123456789");
        Decoded over = decodeEveryWay(chunked("5\r\n01234\r\n6\r\n567890\r\n0\r\n\r\n"), limits);
        assertThat(over.bad().status()).isEqualTo(413);
        assertThat(over.body()).isEqualTo("01234");
        // A chunk size near 2^63 after some body must not wrap the limit check round.
        Decoded huge = decodeEveryWay(chunked("1\r\na\r\n7fffffffffffffff\r\n" + "x".repeat(1000)), limits);
        assertThat(huge.bad().status()).isEqualTo(413);
        assertThat(huge.body()).isEqualTo("a");
    }

    @Test
    void chunkLineAtItsLimitPassesAndOneByteMoreIs400() {
        DecoderLimits limits = new DecoderLimits(8192, 16384, 100, 1 << 20, 10);
        assertThat(decodeEveryWay(chunked("3;abcdefgh\r\nabc\r\n0\r\n\r\n"), limits)
                        .bad())
                .isNull();
        assertThat(decodeEveryWay(chunked("3;abcdefghi\r\nabc\r\n0\r\n\r\n"), limits)
                        .bad()
                        .status())
                .isEqualTo(400);
    }
}
