package org.kamaelia.http.handler;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.kamaelia.http.message.HttpHeaders;

/**
 * A whole response from a function-level {@link HttpHandler}: status, fields and a body of bytes, text (encoded
 * as UTF-8 before its length is taken) or a file streamed from disk.
 *
 * <pre>{@code
 * HttpResponse.text(200, "Hello, World!")
 * HttpResponse.bytes(200, "application/octet-stream", data).withHeader("Cache-Control", "no-store")
 * HttpResponse.file(200, "text/html; charset=utf-8", Path.of("index.html"))
 * }</pre>
 *
 * @param status the status code
 * @param headers the fields (the server adds Date, framing and Connection)
 * @param body the body bytes, when not a file; do not change the array
 * @param file a file to stream as the body instead
 */
public record HttpResponse(int status, HttpHeaders headers, byte[] body, Optional<Path> file) {

    private static final HttpHeaders TEXT_PLAIN = HttpHeaders.of("Content-Type", "text/plain; charset=utf-8");

    /** Validates the values. */
    public HttpResponse {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(file, "file");
    }

    /** A {@code text/plain; charset=utf-8} response. */
    public static HttpResponse text(int status, String text) {
        return new HttpResponse(status, TEXT_PLAIN, text.getBytes(StandardCharsets.UTF_8), Optional.empty());
    }

    /** A response with {@code contentType} and {@code body}. */
    public static HttpResponse bytes(int status, String contentType, byte[] body) {
        return new HttpResponse(status, HttpHeaders.of("Content-Type", contentType), body, Optional.empty());
    }

    /** A response with no body. */
    public static HttpResponse empty(int status) {
        return new HttpResponse(status, HttpHeaders.EMPTY, new byte[0], Optional.empty());
    }

    /** A response whose body is the file at {@code path}, streamed with backpressure. */
    public static HttpResponse file(int status, String contentType, Path path) {
        return new HttpResponse(status, HttpHeaders.of("Content-Type", contentType), new byte[0], Optional.of(path));
    }

    /** A copy with one more header field (validated: CR, LF and NUL are refused). */
    public HttpResponse withHeader(String name, String value) {
        return new HttpResponse(status, headers.toBuilder().add(name, value).build(), body, file);
    }
}
