package org.kamaelia.http.sample.soak;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP/1.1 response read from a raw socket: status, fields and the body, framed by Content-Length, chunked
 * coding or the end of the connection, as RFC 9112 section 6.3 says a client must.
 */
final class RawResponse {
    /** Bigger than anything the soak asks for, so a runaway answer ends the read rather than the heap. */
    static final int MAX_BODY = 64 * 1024 * 1024;

    private static final int MAX_LINE = 64 * 1024;

    final int status;
    final Map<String, String> fields;
    final byte[] body;

    private RawResponse(int status, Map<String, String> fields, byte[] body) {
        this.status = status;
        this.fields = fields;
        this.body = body;
    }

    Optional<String> field(String name) {
        return Optional.ofNullable(fields.get(name.toLowerCase(Locale.ROOT)));
    }

    boolean closes() {
        return field("connection").map(v -> v.equalsIgnoreCase("close")).orElse(false);
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Reads a response's status line and fields only, for answers that never end (the ticker, events). */
    static RawResponse head(InputStream in, long deadlineNanos) throws IOException {
        String statusLine = line(in, deadlineNanos, true);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not a status line: " + printable(statusLine));
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("bad status code: " + printable(statusLine), e);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; ; i++) {
            if (i > 200) {
                throw new IOException("more than 200 response fields");
            }
            String line = line(in, deadlineNanos, false);
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("bad response field: " + printable(line));
            }
            fields.merge(
                    line.substring(0, colon).toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).trim(),
                    (a, b) -> a + ", " + b);
        }
        return new RawResponse(status, fields, new byte[0]);
    }

    /**
     * Reads one response; {@code head} says the request was HEAD (no body whatever the fields say). The socket's
     * read timeout bounds each read; {@code deadlineNanos} bounds the whole response, so a server that trickles
     * bytes cannot hold a worker past the soak's end.
     */
    static RawResponse read(InputStream in, boolean head, long deadlineNanos) throws IOException {
        RawResponse start = head(in, deadlineNanos);
        int status = start.status;
        Map<String, String> fields = start.fields;
        byte[] body;
        boolean noBody = head || status / 100 == 1 || status == 204 || status == 304;
        String te = fields.get("transfer-encoding");
        String cl = fields.get("content-length");
        if (noBody) {
            body = new byte[0];
        } else if (te != null) {
            if (!te.equalsIgnoreCase("chunked")) {
                throw new IOException("unexpected Transfer-Encoding: " + te);
            }
            body = chunked(in, deadlineNanos);
        } else if (cl != null) {
            long length;
            try {
                length = Long.parseLong(cl);
            } catch (NumberFormatException e) {
                throw new IOException("bad Content-Length: " + cl, e);
            }
            if (length < 0 || length > MAX_BODY) {
                throw new IOException("Content-Length out of range: " + cl);
            }
            body = exactly(in, (int) length, deadlineNanos);
        } else {
            body = untilEof(in, deadlineNanos);
        }
        return new RawResponse(status, fields, body);
    }

    /** True when the server closed the connection (EOF) before the deadline; false if bytes came instead. */
    static boolean readsEof(InputStream in, long deadlineNanos) throws IOException {
        checkDeadline(deadlineNanos);
        int b = in.read();
        return b < 0;
    }

    private static byte[] chunked(InputStream in, long deadlineNanos) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in, deadlineNanos, false);
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim();
            int size;
            try {
                size = Integer.parseInt(hex, 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size line: " + printable(sizeLine), e);
            }
            if (size < 0 || out.size() + (long) size > MAX_BODY) {
                throw new IOException("chunked body over " + MAX_BODY + " bytes");
            }
            if (size == 0) {
                while (!line(in, deadlineNanos, false).isEmpty()) {
                    // trailer fields: the soak's server sends none, but they are legal
                }
                return out.toByteArray();
            }
            out.write(exactly(in, size, deadlineNanos));
            if (!line(in, deadlineNanos, false).isEmpty()) {
                throw new IOException("chunk data not followed by CRLF");
            }
        }
    }

    private static byte[] exactly(InputStream in, int length, long deadlineNanos) throws IOException {
        byte[] data = new byte[length];
        int at = 0;
        while (at < length) {
            checkDeadline(deadlineNanos);
            int n = in.read(data, at, length - at);
            if (n < 0) {
                throw new EOFException("connection closed after " + at + " of " + length + " body bytes");
            }
            at += n;
        }
        return data;
    }

    private static byte[] untilEof(InputStream in, long deadlineNanos) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        while (true) {
            checkDeadline(deadlineNanos);
            int n = in.read(buffer);
            if (n < 0) {
                return out.toByteArray();
            }
            if (out.size() + n > MAX_BODY) {
                throw new IOException("close-delimited body over " + MAX_BODY + " bytes");
            }
            out.write(buffer, 0, n);
        }
    }

    /** A line ended by CRLF (a response must use CRLF: a bare LF is reported, not tolerated). */
    private static String line(InputStream in, long deadlineNanos, boolean first) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            if ((line.length() & 1023) == 0) {
                checkDeadline(deadlineNanos);
            }
            int b = in.read();
            if (b < 0) {
                if (first && line.length() == 0) {
                    throw new EOFException("connection closed before a response");
                }
                throw new EOFException("connection closed inside a response line: " + printable(line));
            }
            if (b == '\r') {
                if (in.read() != '\n') {
                    throw new IOException("CR not followed by LF in: " + printable(line));
                }
                return line.toString();
            }
            if (b == '\n') {
                throw new IOException("bare LF in a response line: " + printable(line));
            }
            if (line.length() >= MAX_LINE) {
                throw new IOException("response line over " + MAX_LINE + " bytes");
            }
            line.append((char) b);
        }
    }

    private static void checkDeadline(long deadlineNanos) throws SocketTimeoutException {
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new SocketTimeoutException("response deadline passed");
        }
    }

    static String printable(CharSequence s) {
        String text = s.length() > 120 ? s.subSequence(0, 120) + "..." : s.toString();
        return text.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
