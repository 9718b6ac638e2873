package org.kamaelia.http.codec.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kamaelia.http.message.BadRequest;
import org.kamaelia.http.message.HttpVersion;

class RequestLineParserTest {

    // As the decoder hands a line over: the bytes of the line, then its line ending and whatever followed.
    private static Object parse(String line) {
        byte[] bytes = (line + "\r\nHost: h\r\n").getBytes(StandardCharsets.ISO_8859_1);
        return RequestLineParser.parse(bytes, line.length());
    }

    private static RequestLineParser.RequestLine parsed(String line) {
        Object result = parse(line);
        assertThat(result).isInstanceOf(RequestLineParser.RequestLine.class);
        return (RequestLineParser.RequestLine) result;
    }

    @Test
    void splitsTheLineIntoMethodTargetAndVersion() {
        RequestLineParser.RequestLine line = parsed("POST /a/b?c=d HTTP/1.1");
        assertThat(line.method()).isEqualTo("POST");
        assertThat(line.rawTarget()).isEqualTo("/a/b?c=d");
        assertThat(line.version()).isEqualTo(HttpVersion.HTTP_1_1);
    }

    @Test
    void commonMethodsAreTheSharedLiteralsAndOthersAreNewStrings() {
        assertThat(parsed("GET / HTTP/1.1").method()).isSameAs("GET");
        assertThat(parsed("OPTIONS * HTTP/1.1").method()).isSameAs("OPTIONS");
        // Methods are case-sensitive (RFC 9110 section 9.1): "get" is some other method, not GET.
        assertThat(parsed("get / HTTP/1.1").method()).isEqualTo("get");
        assertThat(parsed("PROPFIND / HTTP/1.1").method()).isEqualTo("PROPFIND");
    }

    @Test
    void readsHttp10AsItselfAndAnyLaterMinorVersionAs11() {
        assertThat(parsed("GET / HTTP/1.0").version()).isEqualTo(HttpVersion.HTTP_1_0);
        assertThat(parsed("GET / HTTP/1.1").version()).isEqualTo(HttpVersion.HTTP_1_1);
        assertThat(parsed("GET / HTTP/1.9").version()).isEqualTo(HttpVersion.HTTP_1_1);
    }

    @Test
    void readsOnlyUpToTheGivenEnd() {
        byte[] bytes = "GET / HTTP/1.1 trailing junk".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(RequestLineParser.parse(bytes, "GET / HTTP/1.1".length()))
                .isEqualTo(new RequestLineParser.RequestLine("GET", "/", HttpVersion.HTTP_1_1));
    }

    static Stream<Arguments> badLines() {
        return Stream.of(
                Arguments.of("", 400, "malformed request line"),
                Arguments.of(" / HTTP/1.1", 400, "malformed request line"),
                Arguments.of("GET", 400, "malformed request line"),
                Arguments.of("GET /", 400, "malformed request line"),
                Arguments.of("GET  / HTTP/1.1", 400, "malformed request line"),
                Arguments.of("GE(T / HTTP/1.1", 400, "invalid method"),
                Arguments.of("G\u00c9T / HTTP/1.1", 400, "invalid method"),
                Arguments.of("GET /a\tb HTTP/1.1", 400, "invalid character in request target"),
                Arguments.of("GET /a\u007fb HTTP/1.1", 400, "invalid character in request target"),
                Arguments.of("GET /caf\u00e9 HTTP/1.1", 400, "invalid character in request target"),
                Arguments.of("GET / HTTP/1.1 ", 400, "malformed HTTP version"),
                Arguments.of("GET / HTTP/1.1 x", 400, "malformed HTTP version"),
                Arguments.of("GET / http/1.1", 400, "malformed HTTP version"),
                Arguments.of("GET / HTTP/1", 400, "malformed HTTP version"),
                Arguments.of("GET / HTTP/1.x", 400, "malformed HTTP version"),
                Arguments.of("GET / HTTP/10.0", 400, "malformed HTTP version"),
                Arguments.of("GET / HTTP/1,1", 400, "malformed HTTP version"),
                Arguments.of("GET / HTTP/2.0", 505, "unsupported HTTP version"),
                Arguments.of("GET / HTTP/0.9", 505, "unsupported HTTP version"));
    }

    @ParameterizedTest(name = "\"{0}\" is {1}")
    @MethodSource("badLines")
    void refusesMalformedLinesWithTheirStatusAndReason(String line, int status, String reason) {
        assertThat(parse(line)).isEqualTo(new BadRequest(status, reason));
    }
}
