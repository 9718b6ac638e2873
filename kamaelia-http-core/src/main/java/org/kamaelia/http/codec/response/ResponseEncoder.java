package org.kamaelia.http.codec.response;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.kamaelia.http.message.Framing;
import org.kamaelia.http.message.HttpHeaders;
import org.kamaelia.http.message.HttpStatus;
import org.kamaelia.http.message.HttpVersion;
import org.kamaelia.http.message.ResponseHead;

/**
 * The bytes of responses: heads (with the server's {@code Date} and {@code Server} lines), interim heads, chunk
 * size lines and last chunks. Pure (no I/O, no threads, no component runtime) and shared by every connection of a
 * server; it decides nothing: {@link ResponseGenerator} chooses the framing and persistence and calls it.
 *
 * <p>The status line always says {@code HTTP/1.1} (RFC 9110 section 6.2). Header values from handlers were
 * validated when their {@link HttpHeaders} were built, so nothing here can inject CR or LF.
 */
public final class ResponseEncoder {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = {'0', '\r', '\n'};
    private static final byte[] CONNECTION_CLOSE = ascii("Connection: close\r\n");
    private static final byte[] CONNECTION_KEEP_ALIVE = ascii("Connection: keep-alive\r\n");
    private static final byte[] CONTENT_LENGTH_FIELD = ascii("Content-Length: ");
    private static final ByteBuffer EMPTY_BODY = ByteBuffer.allocate(0);
    private static final byte[] CHUNKED_FIELD = ascii("Transfer-Encoding: chunked\r\n");
    private static final byte[] CONTINUE = ascii("HTTP/1.1 100 Continue\r\n\r\n");
    private static final byte[] HEX = ascii("0123456789abcdef");
    private static final byte[][] STATUS_LINES = new byte[600][];

    static {
        for (int status = 100; status < 600; status++) {
            String reason = HttpStatus.reasonPhrase(status);
            STATUS_LINES[status] = ascii("HTTP/1.1 " + status + " " + reason + "\r\n");
        }
    }

    private final DateCache dates;
    private final byte[] serverLine;

    /**
     * An encoder.
     *
     * @param dates where the Date line comes from
     * @param serverHeader the {@code Server} field value, or empty to send none
     */
    public ResponseEncoder(DateCache dates, Optional<String> serverHeader) {
        this.dates = dates;
        this.serverLine = serverHeader
                .map(value -> HttpHeaders.of("Server", value)) // validates the value
                .map(h -> ascii("Server: " + h.firstOr("Server", "") + "\r\n"))
                .orElse(new byte[0]);
    }

    /**
     * Encodes a final response head.
     *
     * @param head the handler's head
     * @param framing the framing decided for it
     * @param contentLength the length to announce when the framing is {@link Framing#CONTENT_LENGTH}
     * @param close whether the connection closes after this response
     * @param clientVersion the request's version (an HTTP/1.0 client that keeps the connection is told so)
     */
    byte[] head(ResponseHead head, Framing framing, long contentLength, boolean close, HttpVersion clientVersion) {
        return head(head, framing, contentLength, close, clientVersion, EMPTY_BODY);
    }

    /**
     * Encodes a final response head followed by a whole, short body, so both leave in one piece.
     *
     * @param body the body's remaining bytes, which are copied, not consumed
     * @see #head(ResponseHead, Framing, long, boolean, HttpVersion)
     */
    byte[] head(
            ResponseHead head,
            Framing framing,
            long contentLength,
            boolean close,
            HttpVersion clientVersion,
            ByteBuffer body) {
        int status = head.status();
        ByteArrayBuilder out = new ByteArrayBuilder(256 + body.remaining());
        out.append(STATUS_LINES[status]);
        out.append(dates.line());
        if (serverLine.length > 0 && !head.headers().contains("Server")) {
            out.append(serverLine);
        }
        for (HttpHeaders.Field field : head.headers()) {
            if (field.name().equalsIgnoreCase("Connection")) {
                continue; // the server decides persistence
            }
            out.appendAscii(field.name()).append((byte) ':').append((byte) ' ');
            out.appendLatin1(field.value()).append(CRLF);
        }
        boolean noContent = HttpStatus.forbidsContent(status);
        if (!noContent) {
            if (framing == Framing.CONTENT_LENGTH) {
                out.append(CONTENT_LENGTH_FIELD).appendDigits(contentLength).append(CRLF);
            } else if (framing == Framing.CHUNKED) {
                out.append(CHUNKED_FIELD);
            }
        }
        if (close || framing == Framing.CLOSE_DELIMITED) {
            out.append(CONNECTION_CLOSE);
        } else if (clientVersion == HttpVersion.HTTP_1_0) {
            out.append(CONNECTION_KEEP_ALIVE);
        }
        out.append(CRLF);
        out.append(body);
        return out.toArray();
    }

    /** {@code HTTP/1.1 100 Continue} and its empty line. */
    static byte[] continueHead() {
        return CONTINUE.clone();
    }

    /** An interim (1xx) head other than 100, with its fields. */
    byte[] interim(ResponseHead head) {
        ByteArrayBuilder out = new ByteArrayBuilder(128);
        out.append(STATUS_LINES[head.status()]);
        for (HttpHeaders.Field field : head.headers()) {
            out.appendAscii(field.name()).append((byte) ':').append((byte) ' ');
            out.appendLatin1(field.value()).append(CRLF);
        }
        out.append(CRLF);
        return out.toArray();
    }

    /** The size line that starts a chunk of {@code size} bytes (size must be positive). */
    static byte[] chunkStart(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("a chunk must not be empty: an empty chunk ends the body");
        }
        // hex digits written straight into the line: no string is made per chunk
        int digits = (35 - Integer.numberOfLeadingZeros(size)) / 4;
        byte[] line = new byte[digits + 2];
        for (int i = digits - 1, v = size; i >= 0; i--, v >>>= 4) {
            line[i] = HEX[v & 0xF];
        }
        line[digits] = '\r';
        line[digits + 1] = '\n';
        return line;
    }

    /** The CRLF that ends a chunk's data. */
    static byte[] chunkEnd() {
        return CRLF.clone();
    }

    /** The last chunk, trailer fields and the final CRLF of a chunked body. */
    static byte[] lastChunk(HttpHeaders trailers) {
        ByteArrayBuilder out = new ByteArrayBuilder(16);
        out.append(LAST_CHUNK);
        for (HttpHeaders.Field field : trailers) {
            out.appendAscii(field.name()).append((byte) ':').append((byte) ' ');
            out.appendLatin1(field.value()).append(CRLF);
        }
        out.append(CRLF);
        return out.toArray();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** A small growable byte array; avoids a stream's synchronisation and copies. */
    private static final class ByteArrayBuilder {
        private byte[] bytes;
        private int length;

        ByteArrayBuilder(int capacity) {
            bytes = new byte[capacity];
        }

        ByteArrayBuilder append(byte[] more) {
            ensure(more.length);
            System.arraycopy(more, 0, bytes, length, more.length);
            length += more.length;
            return this;
        }

        ByteArrayBuilder append(ByteBuffer more) {
            int n = more.remaining();
            ensure(n);
            more.get(more.position(), bytes, length, n);
            length += n;
            return this;
        }

        ByteArrayBuilder appendDigits(long value) {
            if (value < 10) {
                return append((byte) ('0' + value));
            }
            int digits = 0;
            for (long v = value; v > 0; v /= 10) {
                digits++;
            }
            ensure(digits);
            long v = value;
            for (int i = length + digits - 1; i >= length; i--) {
                bytes[i] = (byte) ('0' + (v % 10));
                v /= 10;
            }
            length += digits;
            return this;
        }

        ByteArrayBuilder append(byte b) {
            ensure(1);
            bytes[length++] = b;
            return this;
        }

        ByteArrayBuilder appendAscii(String s) {
            return appendLatin1(s);
        }

        ByteArrayBuilder appendLatin1(String s) {
            ensure(s.length());
            for (int i = 0; i < s.length(); i++) {
                bytes[length++] = (byte) s.charAt(i);
            }
            return this;
        }

        private void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }

        byte[] toArray() {
            return java.util.Arrays.copyOf(bytes, length);
        }
    }
}
