package org.kamaelia.http.codec.request;

import org.kamaelia.http.message.BadRequest;
import org.kamaelia.http.message.HttpHeaders;
import org.kamaelia.http.message.HttpSyntax;

/**
 * Parses the field lines of a header or trailer section (RFC 9112 section 5) from gathered bytes into headers,
 * giving common field names as shared strings.
 */
final class FieldSectionParser {
    private FieldSectionParser() {}

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    // Field names as clients usually spell them, matched byte for byte so they are shared strings instead of new
    // ones per request; a few in lower case too, as some clients send them.
    private static final String[] COMMON_FIELD_NAMES = {
        "Host",
        "User-Agent",
        "Accept",
        "Accept-Encoding",
        "Accept-Language",
        "Connection",
        "Content-Length",
        "Content-Type",
        "Cookie",
        "Referer",
        "Origin",
        "Cache-Control",
        "Pragma",
        "Upgrade-Insecure-Requests",
        "If-None-Match",
        "If-Modified-Since",
        "Range",
        "Authorization",
        "Transfer-Encoding",
        "Expect",
        "Sec-Fetch-Site",
        "Sec-Fetch-Mode",
        "Sec-Fetch-Dest",
        "Sec-Fetch-User",
        "Priority",
        "DNT",
        "TE",
        "X-Forwarded-For",
        "X-Forwarded-Proto",
        "X-Request-Id",
        "Last-Event-ID",
        "If-Range",
        "If-Match",
        "host",
        "user-agent",
        "accept",
        "connection",
        "content-length",
        "content-type"
    };

    /**
     * Adds the fields of {@code bytes[from, to)} to {@code fields}, and tells {@code framing} of each (when not
     * {@code null}). {@code from} is the start of the first field line; each line ends in LF or CRLF, and an empty
     * line, or {@code to}, ends the section. Line and count limits are the caller's: it gathered the lines.
     *
     * @return {@code null}, or a {@link BadRequest} (400) for the first malformed line
     */
    static BadRequest parse(byte[] bytes, int from, int to, HttpHeaders.Builder fields, FramingFields framing) {
        int pos = from;
        while (pos < to) {
            int lf = AsciiStrings.indexOf(bytes, LF, pos, to);
            int end = lf;
            if (end > pos && bytes[end - 1] == CR) {
                end--;
            }
            if (end == pos) {
                break; // the empty line that ends the section
            }
            byte first = bytes[pos];
            // obs-fold (section 5.2) is refused rather than unfolded: senders and proxies disagree on it.
            if (first == ' ' || first == '\t') {
                return new BadRequest(400, "obsolete line folding");
            }
            int colon = AsciiStrings.indexOf(bytes, (byte) ':', pos, end);
            if (colon <= pos) {
                return new BadRequest(400, "malformed header field");
            }
            // A name must be a token, so whitespace before the colon is refused (section 5.1): a proxy that trims
            // it and one that does not would see different fields.
            for (int i = pos; i < colon; i++) {
                if (!HttpSyntax.isTokenChar(bytes[i] & 0xFF)) {
                    return new BadRequest(400, "invalid header field name");
                }
            }
            int valueStart = colon + 1;
            int valueEnd = end;
            while (valueStart < valueEnd && (bytes[valueStart] == ' ' || bytes[valueStart] == '\t')) {
                valueStart++;
            }
            while (valueEnd > valueStart && (bytes[valueEnd - 1] == ' ' || bytes[valueEnd - 1] == '\t')) {
                valueEnd--;
            }
            for (int i = valueStart; i < valueEnd; i++) {
                if (!HttpSyntax.isFieldValueChar(bytes[i] & 0xFF)) {
                    return new BadRequest(400, "invalid character in header field value");
                }
            }
            String name = AsciiStrings.shared(COMMON_FIELD_NAMES, bytes, pos, colon);
            String value = AsciiStrings.of(bytes, valueStart, valueEnd);
            fields.add(name, value);
            if (framing != null) {
                framing.note(name, value);
            }
            pos = lf + 1;
        }
        return null;
    }
}
