package org.kamaelia.http.compress;

import java.util.Locale;

/**
 * The content codings this server can apply to a response body (RFC 9110 section 8.4.1), in the order of
 * preference used to break a tie between equal q-values.
 */
public enum ContentCoding {
    /** The gzip format (RFC 1952): a deflate stream with a CRC-32 and the input's length. */
    GZIP("gzip"),
    /** The zlib format (RFC 1950), which HTTP calls {@code deflate} (RFC 9110 section 8.4.1.2). */
    DEFLATE("deflate");

    private final String token;

    ContentCoding(String token) {
        this.token = token;
    }

    /** The coding's name as it appears in {@code Accept-Encoding} and {@code Content-Encoding}. */
    public String token() {
        return token;
    }

    /** The coding named {@code name} (case-insensitive; {@code x-gzip} is gzip, RFC 9110 8.4.1.3), or null. */
    static ContentCoding named(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("gzip") || lower.equals("x-gzip")) {
            return GZIP;
        }
        if (lower.equals("deflate")) {
            return DEFLATE;
        }
        return null;
    }
}
