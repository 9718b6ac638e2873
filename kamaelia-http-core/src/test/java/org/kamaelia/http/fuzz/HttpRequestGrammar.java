package org.kamaelia.http.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Builds HTTP/1.1 request streams from fuzzer choices, following the grammar of RFC 9112 (request line, field
 * lines, Content-Length and chunked bodies with extensions and trailers, pipelined requests) but taking, now and
 * then, the near-miss alternative a client or an attacker would send.
 *
 * <p>Most choices pick the valid production, so that the deep states of a parser (chunk data, trailers, the
 * second pipelined request) are reached often; the other alternatives are the classic edge cases of each rule.
 * Every choice is drawn from the {@link Choices}, so one fuzzer input always builds the same bytes.
 */
public final class HttpRequestGrammar {

    private static final String[] METHODS = {
        "GET",
        "GET",
        "GET",
        "POST",
        "POST",
        "POST",
        "HEAD",
        "PUT",
        "DELETE",
        "OPTIONS",
        "PATCH",
        "CONNECT",
        "TRACE",
        "get",
        "G(T",
        "M-SEARCH",
        "X"
    };
    private static final String[] SEGMENTS = {
        "a",
        "b",
        "index.html",
        ".",
        "..",
        "%2e%2e",
        "%2E",
        "%7Euser",
        "caf%C3%A9",
        "%C3%28",
        "%zz",
        "%",
        "%00",
        "%2F",
        "%5c",
        "caf\u00e9",
        "a\u0001b",
        "",
        "~",
        "a;b",
        "a b"
    };
    private static final String[] QUERIES = {"", "", "", "?q=1", "?x=1&x=2", "?name=w%C3%B6rld", "?", "?a=%", "?%00"};
    private static final String[] HOSTS = {
        "localhost",
        "localhost",
        "example.com",
        "example.com:8080",
        "127.0.0.1:80",
        "[::1]:80",
        "h",
        "",
        "a b",
        "u@h",
        "a, b",
        "h:x",
        "a/b"
    };
    private static final String[] VERSIONS = {
        "HTTP/1.1",
        "HTTP/1.1",
        "HTTP/1.1",
        "HTTP/1.1",
        "HTTP/1.1",
        "HTTP/1.0",
        "HTTP/1.7",
        "HTTP/2.0",
        "HTTP/0.9",
        "http/1.1",
        "HTTP/1.10",
        "HTTP/1",
        "HTTP/11.1",
        "HTTP/1.1 ",
        ""
    };
    private static final String[] TRANSFER_CODINGS = {
        "chunked",
        "chunked",
        "chunked",
        "chunked",
        "Chunked",
        "CHUNKED",
        "gzip, chunked",
        "chunked, chunked",
        "chunked;q=1",
        "identity",
        "",
        "chun ked",
        "chunked, gzip",
        " chunked "
    };
    private static final String[] EXTENSIONS = {
        "", "", "", ";a", ";name=value", ";n=\"quoted ; value\"", " ; x", ";", "; a = b", ";a\u0001", ";\t"
    };
    private static final String[] EXTRA_FIELDS = {
        "Accept: */*",
        "Accept-Encoding: gzip, deflate",
        "Connection: close",
        "Connection: keep-alive",
        "Connection: Upgrade, close",
        "Expect: 100-continue",
        "User-Agent: fuzz/1.0",
        "Content-Type: text/plain; charset=utf-8",
        "X-Empty:",
        "X-Spaces:   padded\t ",
        "Cookie: a=b; c=d",
        "Range: bytes=0-1",
        "TE: trailers",
        "Trailer: Checksum",
        "Foo : bar",
        "Foo\t: bar",
        " folded: line",
        ": no-name",
        "NoColon",
        "Foo: a\u0000b",
        "Foo: a\rb",
        "Fo\"o: quoted-name",
        "X-Latin1: caf\u00e9"
    };
    private static final String[] TRAILERS = {
        "Checksum: abc", "X-Trailer: 1", "Content-Length: 5", "Bad Name: x", " folded", "X: a\u0000b", "NoColon"
    };
    private static final String[] HUGE_NUMBERS = {
        "99999999999999999999",
        "18446744073709551616",
        "9223372036854775807",
        "9223372036854775808",
        "4294967296",
        "2147483648",
        "10485761",
        "-1",
        "+1",
        "0x10",
        "1e3",
        "007",
        "1 1",
        "1,2",
        ""
    };
    private static final String[] HEX_SIZES_OVER = {
        "10000000000000000", "FFFFFFFFFFFFFFFF", "7fffffffffffffff", "A00001"
    };

    private final String[] paths;
    private final int maxBody;

    /**
     * A grammar whose origin-form targets usually start with one of {@code paths} (the routes a server under test
     * has), with bodies of at most {@code maxBody} bytes.
     */
    public HttpRequestGrammar(List<String> paths, int maxBody) {
        this.paths = paths.toArray(new String[0]);
        this.maxBody = maxBody;
    }

    /** One to three pipelined requests, as bytes (ISO-8859-1, so every char is one byte). */
    public byte[] requests(Choices data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int count = data.intIn(1, 3);
        for (int i = 0; i < count; i++) {
            if (data.intIn(0, 15) == 0) {
                out.writeBytes(latin1(data.oneOf(new String[] {"\r\n", "\n", "\r\n\r\n", "\r"})));
            }
            out.writeBytes(request(data));
        }
        return out.toByteArray();
    }

    /** One request: request line, fields, the empty line and a body that matches (or nearly) its framing. */
    public byte[] request(Choices data) {
        StringBuilder head = new StringBuilder();
        String eol = lineEnd(data);
        String method = data.oneOf(METHODS);
        String separator = data.intIn(0, 31) == 0 ? data.oneOf(new String[] {"  ", "\t", ""}) : " ";
        head.append(method)
                .append(separator)
                .append(target(data, method))
                .append(' ')
                .append(data.oneOf(VERSIONS))
                .append(eol);

        int hosts = data.intIn(0, 15) == 0 ? data.intIn(0, 2) : 1;
        for (int i = 0; i < hosts; i++) {
            head.append(data.intIn(0, 7) == 0 ? "host" : "Host")
                    .append(": ")
                    .append(data.oneOf(HOSTS))
                    .append(eol);
        }

        byte[] body = new byte[0];
        int framing = data.intIn(0, 9);
        if (framing <= 3) {
            // no framing field: no body
        } else if (framing <= 6) {
            body = data.bytes(data.intIn(0, maxBody));
            head.append("Content-Length: ")
                    .append(contentLength(data, body.length))
                    .append(eol);
        } else if (framing <= 8) {
            head.append("Transfer-Encoding: ")
                    .append(data.oneOf(TRANSFER_CODINGS))
                    .append(eol);
            body = chunkedBody(data);
        } else {
            body = data.bytes(data.intIn(0, 16));
            head.append("Transfer-Encoding: chunked").append(eol);
            head.append("Content-Length: ").append(body.length).append(eol);
        }

        int extras = data.intIn(0, 3);
        for (int i = 0; i < extras; i++) {
            head.append(data.oneOf(EXTRA_FIELDS)).append(eol);
        }
        if (data.intIn(0, 63) == 0) {
            head.append("X-Long: ").append("v".repeat(data.intIn(0, 20_000))).append(eol);
        }
        head.append(eol);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(latin1(head.toString()));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /**
     * One well-formed request to one of the paths: no near-misses, so that what a server does with a complete or
     * cut-short valid request (the common case) is tried as often as the malformed ones.
     */
    public byte[] validRequest(Choices data) {
        String method = data.oneOf(new String[] {"GET", "POST", "POST", "PUT", "DELETE", "HEAD", "OPTIONS"});
        String path = paths.length > 0 ? data.oneOf(paths) : "/";
        StringBuilder head = new StringBuilder(method)
                .append(' ')
                .append(path)
                .append(data.oneOf(new String[] {"", "", "?q=1"}))
                .append(" HTTP/1.1\r\nHost: localhost\r\n");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        switch (data.intIn(0, 2)) {
            case 0 -> {
                // no body
            }
            case 1 -> {
                body.writeBytes(data.bytes(data.intIn(0, maxBody)));
                head.append("Content-Length: ").append(body.size()).append("\r\n");
            }
            default -> {
                head.append("Transfer-Encoding: chunked\r\n");
                int chunks = data.intIn(0, 3);
                for (int i = 0; i < chunks; i++) {
                    byte[] bytes = data.bytes(data.intIn(1, Math.max(1, maxBody / 2)));
                    if (bytes.length == 0) {
                        break;
                    }
                    body.writeBytes(latin1(Integer.toHexString(bytes.length)
                            + data.oneOf(new String[] {"", "", ";a", ";name=value"}) + "\r\n"));
                    body.writeBytes(bytes);
                    body.writeBytes(latin1("\r\n"));
                }
                body.writeBytes(latin1(data.coin() ? "0\r\n\r\n" : "0\r\nChecksum: abc\r\n\r\n"));
            }
        }
        if (data.intIn(0, 3) == 0) {
            head.append("Connection: close\r\n");
        }
        if (data.intIn(0, 7) == 0) {
            head.append("Expect: 100-continue\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(latin1(head.toString()));
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private String target(Choices data, String method) {
        if (method.equals("CONNECT") && data.coin()) {
            return data.oneOf(HOSTS);
        }
        if (method.equals("OPTIONS") && data.coin()) {
            return "*";
        }
        switch (data.intIn(0, 15)) {
            case 0:
                return scheme(data) + data.oneOf(HOSTS) + originForm(data);
            case 1:
                return data.oneOf(new String[] {"*", "a/b", "", "//x", "http://", "/a#frag", "/" + "a".repeat(9000)});
            default:
                return originForm(data);
        }
    }

    private static String scheme(Choices data) {
        return data.oneOf(new String[] {"http://", "http://", "https://", "HTTP://", "ftp://"});
    }

    private String originForm(Choices data) {
        StringBuilder path = new StringBuilder();
        if (paths.length > 0 && data.intIn(0, 3) != 0) {
            path.append(data.oneOf(paths));
        }
        int segments = data.intIn(0, 3);
        for (int i = 0; i < segments; i++) {
            path.append('/').append(data.oneOf(SEGMENTS));
        }
        if (path.length() == 0) {
            path.append('/');
        }
        return path.append(data.oneOf(QUERIES)).toString();
    }

    private static String contentLength(Choices data, int length) {
        switch (data.intIn(0, 11)) {
            case 0:
                return data.oneOf(HUGE_NUMBERS);
            case 1:
                return length + ", " + length;
            case 2:
                return length + "\r\nContent-Length: " + (data.coin() ? length : length + 1);
            case 3:
                return Integer.toString(length + data.intIn(-3, 3));
            default:
                return Integer.toString(length);
        }
    }

    private byte[] chunkedBody(Choices data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int chunks = data.intIn(0, 3);
        for (int i = 0; i < chunks; i++) {
            byte[] bytes = data.bytes(data.intIn(1, Math.max(1, maxBody / 2)));
            if (bytes.length == 0) {
                break;
            }
            out.writeBytes(latin1(chunkSize(data, bytes.length) + data.oneOf(EXTENSIONS) + chunkLineEnd(data)));
            out.writeBytes(bytes);
            out.writeBytes(latin1(chunkLineEnd(data)));
        }
        out.writeBytes(latin1((data.intIn(0, 7) == 0 ? "000" : "0") + data.oneOf(EXTENSIONS) + chunkLineEnd(data)));
        int trailers = data.intIn(0, 7) == 0 ? data.intIn(1, 2) : 0;
        for (int i = 0; i < trailers; i++) {
            out.writeBytes(latin1(data.oneOf(TRAILERS) + chunkLineEnd(data)));
        }
        out.writeBytes(latin1(chunkLineEnd(data)));
        return out.toByteArray();
    }

    private static String chunkSize(Choices data, int size) {
        switch (data.intIn(0, 15)) {
            case 0:
                return data.oneOf(HEX_SIZES_OVER);
            case 1:
                return "0000" + Integer.toHexString(size);
            case 2:
                return Integer.toHexString(size).toUpperCase(Locale.ROOT);
            case 3:
                return Integer.toHexString(size + data.intIn(-2, 2));
            case 4:
                return data.oneOf(new String[] {"", "-1", "0x5", "g", " 5", "5 "});
            default:
                return Integer.toHexString(size);
        }
    }

    private static String lineEnd(Choices data) {
        return data.intIn(0, 15) == 0 ? "\n" : "\r\n";
    }

    private static String chunkLineEnd(Choices data) {
        return data.intIn(0, 31) == 0 ? data.oneOf(new String[] {"\n", "\r", ""}) : "\r\n";
    }

    static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
