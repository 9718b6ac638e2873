package org.kamaelia.http.compress;

import java.util.Locale;

/**
 * The content codings this server can apply to a response body (RFC 9110 section 8.4.1). Which are offered, and
 * in which order a tie between equal q-values is broken, is {@link Compression#codings()}.
 */
public enum ContentCoding {
    /** The gzip format (RFC 1952): a deflate stream with a CRC-32 and the input's length. */
    GZIP("gzip"),
    /** The zlib format (RFC 1950), which HTTP calls {@code deflate} (RFC 9110 section 8.4.1.2). */
    DEFLATE("deflate"),
    /**
     * Zstandard (RFC 8878, as an HTTP coding RFC 9659), through the optional {@code com.github.luben:zstd-jni}:
     * offered only when that library and its native code load.
     */
    ZSTD("zstd");

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
        if (lower.equals("zstd")) {
            return ZSTD;
        }
        return null;
    }
}
