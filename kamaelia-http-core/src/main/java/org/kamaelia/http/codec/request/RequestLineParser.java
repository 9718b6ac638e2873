package org.kamaelia.http.codec.request;

import org.kamaelia.http.message.BadRequest;
import org.kamaelia.http.message.HttpSyntax;
import org.kamaelia.http.message.HttpVersion;

/**
 * Parses a request line, {@code method SP request-target SP HTTP-version} (RFC 9112 section 3), from the bytes the
 * decoder gathered; the target is only checked for its characters here, {@link RequestTargetParser} reads it.
 */
final class RequestLineParser {
    private RequestLineParser() {}

    /** A request line's three parts. */
    record RequestLine(String method, String rawTarget, HttpVersion version) {}

    // As clients usually spell them, so a request's method is a shared string.
    private static final String[] COMMON_METHODS = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"};

    /**
     * Parses {@code bytes[0, end)}, the line without its line ending.
     *
     * @return a {@link RequestLine}, or a {@link BadRequest}: 505 for a major version other than 1, 400 otherwise
     */
    static Object parse(byte[] bytes, int end) {
        // Single spaces only (section 3): a lenient split on whitespace is how request-line smuggling starts.
        int sp1 = AsciiStrings.indexOf(bytes, (byte) ' ', 0, end);
        if (sp1 <= 0) {
            return new BadRequest(400, "malformed request line");
        }
        for (int i = 0; i < sp1; i++) {
            if (!HttpSyntax.isTokenChar(bytes[i] & 0xFF)) {
                return new BadRequest(400, "invalid method");
            }
        }
        int sp2 = AsciiStrings.indexOf(bytes, (byte) ' ', sp1 + 1, end);
        if (sp2 < 0 || sp2 == sp1 + 1) {
            return new BadRequest(400, "malformed request line");
        }
        for (int i = sp1 + 1; i < sp2; i++) {
            int c = bytes[i] & 0xFF;
            if (c <= 0x20 || c >= 0x7F) {
                return new BadRequest(400, "invalid character in request target");
            }
        }
        // HTTP-version = "HTTP" "/" DIGIT "." DIGIT (section 2.3), case-sensitive.
        int v = sp2 + 1;
        if (end - v != 8
                || bytes[v] != 'H'
                || bytes[v + 1] != 'T'
                || bytes[v + 2] != 'T'
                || bytes[v + 3] != 'P'
                || bytes[v + 4] != '/'
                || !isDigit(bytes[v + 5])
                || bytes[v + 6] != '.'
                || !isDigit(bytes[v + 7])) {
            return new BadRequest(400, "malformed HTTP version");
        }
        if (bytes[v + 5] != '1') {
            return new BadRequest(505, "unsupported HTTP version");
        }
        // A 1.x above 1.1 is answered as 1.1, the highest minor version we implement (RFC 9110 section 2.5).
        HttpVersion version = bytes[v + 7] == '0' ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1;
        String method = AsciiStrings.shared(COMMON_METHODS, bytes, 0, sp1);
        return new RequestLine(method, AsciiStrings.of(bytes, sp1 + 1, sp2), version);
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
