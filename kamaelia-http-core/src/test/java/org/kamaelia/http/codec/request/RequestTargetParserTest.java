package org.kamaelia.http.codec.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.kamaelia.http.message.BadRequest;
import org.kamaelia.http.message.RequestTarget;

class RequestTargetParserTest {

    private static RequestTarget target(String method, String raw) {
        Object result = RequestTargetParser.parse(method, raw);
        assertThat(result).as(raw).isInstanceOf(RequestTarget.class);
        return (RequestTarget) result;
    }

    @Test
    void originFormKeepsTheRawPathAndQueryAndDecodesThePath() {
        RequestTarget t = target("GET", "/caf%C3%A9/x?a=1&b");
        assertThat(t.form()).isEqualTo(RequestTarget.Form.ORIGIN);
        assertThat(t.raw()).isEqualTo("/caf%C3%A9/x?a=1&b");
        assertThat(t.rawPath()).isEqualTo("/caf%C3%A9/x");
        assertThat(t.path()).isEqualTo("/café/x");
        assertThat(t.rawQuery()).contains("a=1&b");
        assertThat(t.authority()).isEmpty();
        assertThat(target("GET", "/x").rawQuery()).isEmpty();
        assertThat(target("GET", "/x?").rawQuery()).contains("");
    }

    @Test
    void absoluteFormTakesItsAuthorityAndAnEmptyPathIsTheRoot() {
        RequestTarget t = target("GET", "http://example.org:8080/a?q=1");
        assertThat(t.form()).isEqualTo(RequestTarget.Form.ABSOLUTE);
        assertThat(t.authority()).isEqualTo("example.org:8080");
        assertThat(t.path()).isEqualTo("/a");
        assertThat(t.rawQuery()).contains("q=1");
        assertThat(target("GET", "https://h").path()).isEqualTo("/");
        RequestTarget queryOnly = target("GET", "http://h?q");
        assertThat(queryOnly.path()).isEqualTo("/");
        assertThat(queryOnly.rawQuery()).contains("q");
        // The scheme is case-insensitive (RFC 3986 section 3.1).
        assertThat(target("GET", "HTTP://h/x").authority()).isEqualTo("h");
    }

    @Test
    void authorityFormIsForConnectAndAsteriskFormForOptions() {
        RequestTarget connect = target("CONNECT", "example.org:443");
        assertThat(connect.form()).isEqualTo(RequestTarget.Form.AUTHORITY);
        assertThat(connect.authority()).isEqualTo("example.org:443");
        RequestTarget asterisk = target("OPTIONS", "*");
        assertThat(asterisk.form()).isEqualTo(RequestTarget.Form.ASTERISK);
        assertThat(asterisk.path()).isEqualTo("*");
        // OPTIONS may also name a resource.
        assertThat(target("OPTIONS", "/x").form()).isEqualTo(RequestTarget.Form.ORIGIN);
    }

    static Stream<Arguments> badTargets() {
        return Stream.of(
                Arguments.of("GET", "*", "asterisk-form is only for OPTIONS"),
                Arguments.of("CONNECT", "/x", "CONNECT needs an authority-form target"),
                Arguments.of("CONNECT", "h:443/x", "CONNECT needs an authority-form target"),
                Arguments.of("CONNECT", "a b", "CONNECT needs an authority-form target"),
                Arguments.of("GET", "/a#b", "fragment in request target"),
                Arguments.of("GET", "a/b", "invalid request target"),
                Arguments.of("GET", "://h/", "invalid request target"),
                Arguments.of("GET", "ftp://h/", "unsupported scheme in request target"),
                Arguments.of("GET", "http:///x", "invalid authority in request target"),
                Arguments.of("GET", "http://u@h/", "invalid authority in request target"),
                Arguments.of("GET", "http://h:x/", "invalid authority in request target"),
                Arguments.of("GET", "/a%2Fb", "encoded slash, backslash or NUL in path"),
                Arguments.of("GET", "/a%5cb", "encoded slash, backslash or NUL in path"),
                Arguments.of("GET", "/a%00", "encoded slash, backslash or NUL in path"),
                Arguments.of("GET", "/a%zz", "invalid percent-encoding in path"),
                Arguments.of("GET", "/a%C3%28", "invalid percent-encoding in path"),
                Arguments.of("GET", "/a%01b", "control character in path"),
                Arguments.of("GET", "/a%7F", "control character in path"),
                Arguments.of("GET", "/..", "path escapes the root"),
                Arguments.of("GET", "/a/../../b", "path escapes the root"),
                Arguments.of("GET", "/%2e%2E/x", "path escapes the root"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badTargets")
    void refusesTargetsThatCouldMeanTwoThings(String method, String raw, String reason) {
        assertThat(RequestTargetParser.parse(method, raw)).isEqualTo(new BadRequest(400, reason));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/, /",
        "/a/b, /a/b",
        "/a/./b, /a/b",
        "/a/../b, /b",
        "/a/b/.., /a/",
        "/a/b/., /a/b/",
        "/a/.b/..c, /a/.b/..c",
        "/./, /",
        "/a/.., /",
        "/a//../b, /a/b",
        "/assets/app.js, /assets/app.js",
        "/a/.../b, /a/.../b",
        "/a/..b/, /a/..b/",
        "/.well-known/x., /.well-known/x.",
        "/a/b/.x/.., /a/b/"
    })
    void removesDotSegments(String path, String normalised) {
        assertThat(RequestTargetParser.removeDotSegments(path)).isEqualTo(normalised);
    }

    @Test
    void aPathWithoutDotSegmentsIsReturnedAsItIs() {
        String path = "/no/dots/here";
        assertThat(RequestTargetParser.removeDotSegments(path)).isSameAs(path);
        String names = "/assets/app.min.js";
        assertThat(RequestTargetParser.removeDotSegments(names)).isSameAs(names);
    }

    @Test
    void removesDotSegmentsAsSegmentBySegmentRemovalDoes() {
        // Every path of up to eight characters from '/' 'a' '.', after the leading '/', against a plain
        // segment-by-segment removal: the shortcut for paths without dot segments must not change any answer.
        char[] alphabet = {'/', 'a', '.'};
        int checked = 0;
        for (int n = 0; n <= 8; n++) {
            int combinations = (int) Math.pow(3, n);
            for (int c = 0; c < combinations; c++) {
                StringBuilder path = new StringBuilder("/");
                for (int i = 0, rest = c; i < n; i++, rest /= 3) {
                    path.append(alphabet[rest % 3]);
                }
                String p = path.toString();
                assertThat(RequestTargetParser.removeDotSegments(p)).as(p).isEqualTo(bySegments(p));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(9841);
    }

    // RFC 3986 section 5.2.4 on a path split at its slashes; null when ".." would climb above the root.
    private static String bySegments(String path) {
        String[] segments = path.substring(1).split("/", -1);
        java.util.ArrayDeque<String> kept = new java.util.ArrayDeque<>();
        boolean trailingSlash = false;
        for (int i = 0; i < segments.length; i++) {
            boolean last = i == segments.length - 1;
            if (segments[i].equals(".")) {
                trailingSlash = last;
            } else if (segments[i].equals("..")) {
                if (kept.isEmpty()) {
                    return null;
                }
                kept.removeLast();
                trailingSlash = last;
            } else {
                kept.addLast(segments[i]);
                trailingSlash = false;
            }
        }
        StringBuilder out = new StringBuilder();
        for (String segment : kept) {
            out.append('/').append(segment);
        }
        if (trailingSlash || out.length() == 0) {
            out.append('/');
        }
        return out.toString();
    }

    @ParameterizedTest(name = "\"{0}\" valid: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "example.org|true",
                "example.org:8080|true",
                "127.0.0.1:80|true",
                "[::1]:8080|true",
                "[::1]|true",
                "''|true",
                "a b|false",
                "a/b|false",
                "a,b|false",
                "u@h|false",
                "h:80x|false",
                "caf\u00e9|false"
            })
    void checksHostSyntax(String host, boolean valid) {
        assertThat(RequestTargetParser.isValidHost(host)).isEqualTo(valid);
    }
}
