package org.kamaelia.http.message;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * The request line and header fields of one request, validated: what a handler factory sees first (the
 * original's request dictionary, as a typed value).
 *
 * @param method the method token, case-sensitive ({@code GET}, {@code POST}...)
 * @param target the request target, raw and decoded
 * @param version the protocol version (1.x above 1.1 is read as 1.1)
 * @param headers the header fields, in order, repeats kept
 * @param authority the effective host: an absolute-form target's authority, else the Host field, else empty
 * @param body how the body is framed
 * @param contentLength the body length when framed by Content-Length
 * @param origin who sent the request: client and local addresses, scheme, TLS session
 */
public record RequestHead(
        String method,
        RequestTarget target,
        HttpVersion version,
        HttpHeaders headers,
        String authority,
        BodyFraming body,
        OptionalLong contentLength,
        ClientOrigin origin)
        implements RequestPart {

    /** Validates the origin. */
    public RequestHead {
        Objects.requireNonNull(origin, "origin");
    }

    /** A head whose origin is {@link ClientOrigin#UNKNOWN} (built without a connection: tests, harnesses). */
    public RequestHead(
            String method,
            RequestTarget target,
            HttpVersion version,
            HttpHeaders headers,
            String authority,
            BodyFraming body,
            OptionalLong contentLength) {
        this(method, target, version, headers, authority, body, contentLength, ClientOrigin.UNKNOWN);
    }

    /** This head, sent from {@code value}. */
    public RequestHead withOrigin(ClientOrigin value) {
        return value == origin
                ? this
                : new RequestHead(method, target, version, headers, authority, body, contentLength, value);
    }

    /** This head with the effective host {@code value} (a trusted proxy's {@code Forwarded: host=}). */
    public RequestHead withAuthority(String value) {
        return new RequestHead(method, target, version, headers, value, body, contentLength, origin);
    }

    /** How a request body is delimited (RFC 9112 section 6.3). */
    public enum BodyFraming {
        /** No body. */
        NONE,
        /** A body of Content-Length bytes. */
        CONTENT_LENGTH,
        /** A chunked body. */
        CHUNKED
    }

    /** The decoded, normalised path. */
    public String path() {
        return target.path();
    }

    /** Whether the request may carry body bytes. */
    public boolean hasBody() {
        return body == BodyFraming.CHUNKED || (body == BodyFraming.CONTENT_LENGTH && contentLength.orElse(0) > 0);
    }

    /** Whether this is a HEAD request, whose response carries no content. */
    public boolean isHead() {
        return method.equals("HEAD");
    }

    /** Whether the client asked for {@code 100 Continue} before sending its body (RFC 9110 section 10.1.1). */
    public boolean expectsContinue() {
        return version == HttpVersion.HTTP_1_1 && hasBody() && headers.containsToken("Expect", "100-continue");
    }

    /**
     * Whether an HTTP/1.1 client sent an {@code Expect} field with an expectation other than {@code 100-continue},
     * which this server cannot meet (answered 417, RFC 9110 section 10.1.1). HTTP/1.0 requests' {@code Expect} is
     * ignored, as the RFC requires.
     */
    public boolean hasUnmetExpectation() {
        if (version != HttpVersion.HTTP_1_1 || !headers.contains("Expect")) {
            return false;
        }
        for (String value : headers.all("Expect")) {
            for (String member : value.split(",", -1)) {
                String expectation = member.strip();
                if (!expectation.isEmpty() && !expectation.equalsIgnoreCase("100-continue")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether the client wants the connection kept open after this request: on HTTP/1.1 unless it sent
     * {@code Connection: close}; on HTTP/1.0 only if it sent {@code Connection: keep-alive} (RFC 9112 section
     * 9.3).
     */
    public boolean keepAliveRequested() {
        if (headers.containsToken("Connection", "close")) {
            return false;
        }
        return version == HttpVersion.HTTP_1_1 || headers.containsToken("Connection", "keep-alive");
    }
}
