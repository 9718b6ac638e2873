package org.kamaelia.http.codec.request;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.kamaelia.http.message.BadRequest;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.EndOfRequest;
import org.kamaelia.http.message.HttpHeaders;
import org.kamaelia.http.message.RequestPart;

/**
 * Decodes one chunked request body (RFC 9112 section 7.1) at a time: chunk-size lines with their extensions, the
 * data, the CRLF after it, and the trailer section, keeping the whole body within the body limit.
 *
 * <p>Incremental like {@link RequestDecoder}, whose chunk states it uses: {@link #next} returns a part, or
 * {@code null} when it needs more input. Framing lines must end in CRLF here, with no bare-LF leniency: a
 * chunked body is where a lenient reader and a strict one would disagree on where a request ends.
 */
final class ChunkedBodyDecoder {
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] NO_BYTES = new byte[0];
    // The most hex digits of a chunk size: 16 fit a long, more would overflow it.
    private static final int MAX_SIZE_DIGITS = 16;

    private final DecoderLimits limits;
    private RequestDecoder.State state = RequestDecoder.State.HEAD;
    // The size line or trailer section being gathered; grown on first use and let go of when idle.
    private byte[] line = NO_BYTES;
    private int length;
    private int lineStart;
    private int fieldCount;
    private boolean sawCr;
    private long chunkRemaining;
    private long bodyTotal;

    ChunkedBodyDecoder(DecoderLimits limits) {
        this.limits = limits;
    }

    /**
     * Where it is: a chunk state while a body is decoded, {@link RequestDecoder.State#HEAD} once the body has ended
     * (or before one started), {@link RequestDecoder.State#FAILED} after a bad body.
     */
    RequestDecoder.State state() {
        return state;
    }

    /** Starts a new body, announced by a head with {@code Transfer-Encoding: chunked}. */
    void start() {
        state = RequestDecoder.State.CHUNK_SIZE;
        length = 0;
        sawCr = false;
        bodyTotal = 0;
    }

    /** Lets go of the line buffer if nothing is gathered in it. */
    void releaseIdleBuffer() {
        if (length == 0) {
            line = NO_BYTES;
        }
    }

    /**
     * Decodes the next part of the body from {@code input}, consuming the bytes it uses.
     *
     * @return a {@link ByteChunk} of data, the {@link EndOfRequest} (with the trailers, if any), a {@link BadRequest}
     *     (400, 413 past the body limit, 431 past the field limits), or {@code null} when more input is needed
     */
    RequestPart next(ByteBuffer input) {
        // A size line or the CRLF after data yields no part of its own; the loop goes on to what it announced.
        while (true) {
            RequestPart part;
            switch (state) {
                case CHUNK_SIZE -> part = sizeLine(input);
                case CHUNK_DATA -> {
                    return data(input);
                }
                case CHUNK_DATA_END -> part = dataEnd(input);
                case TRAILERS -> {
                    return trailers(input);
                }
                default -> {
                    return null;
                }
            }
            if (part != null || !input.hasRemaining()) {
                return part;
            }
        }
    }

    private RequestPart sizeLine(ByteBuffer input) {
        while (input.hasRemaining()) {
            byte b = input.get();
            if (b == LF) {
                if (length == 0 || line[length - 1] != CR) {
                    return fail(400, "chunk-size line must end in CRLF");
                }
                BadRequest bad = parseSize(length - 1);
                length = 0;
                return bad;
            }
            if (length > 0 && line[length - 1] == CR) {
                return fail(400, "bare CR in chunk-size line");
            }
            append(b);
            if (length > limits.maxChunkLine() + 1) {
                return fail(400, "chunk-size line too long");
            }
        }
        return null;
    }

    // chunk-size [ chunk-ext ], line[0, end): moves to the data, or to the trailers after the last chunk.
    private BadRequest parseSize(int end) {
        int pos = 0;
        long size = 0;
        while (pos < end && Character.digit(line[pos], 16) >= 0) {
            if (pos >= MAX_SIZE_DIGITS) {
                return fail(400, "chunk size too large");
            }
            size = (size << 4) | Character.digit(line[pos], 16);
            pos++;
        }
        if (pos == 0) {
            return fail(400, "invalid chunk size");
        }
        if (pos < end) {
            // chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] ), accepted and ignored
            // (section 7.1.1), but only visible characters and tabs: a control here is a framing attack.
            int p = pos;
            while (p < end && (line[p] == ' ' || line[p] == '\t')) {
                p++;
            }
            if (p >= end || line[p] != ';') {
                return fail(400, "invalid chunk size");
            }
            for (int i = p; i < end; i++) {
                int c = line[i] & 0xFF;
                if (c != '\t' && (c < 0x20 || c == 0x7F)) {
                    return fail(400, "invalid chunk extension");
                }
            }
        }
        // Compared with what is left of the limit, not as a sum: a size near 2^63 would make bodyTotal + size wrap
        // negative and pass, letting an endless body through (found by RequestDecoderFuzzTest). Sixteen digits
        // can also make size itself negative.
        if (size < 0 || size > limits.maxBody() - bodyTotal) {
            return fail(413, "body too large");
        }
        if (size == 0) {
            state = RequestDecoder.State.TRAILERS;
            fieldCount = 0;
            lineStart = 0;
            return null;
        }
        chunkRemaining = size;
        bodyTotal += size;
        state = RequestDecoder.State.CHUNK_DATA;
        return null;
    }

    private RequestPart data(ByteBuffer input) {
        if (!input.hasRemaining()) {
            return null;
        }
        int take = (int) Math.min(chunkRemaining, input.remaining());
        chunkRemaining -= take;
        if (chunkRemaining == 0) {
            state = RequestDecoder.State.CHUNK_DATA_END;
        }
        return RequestDecoder.slice(input, take);
    }

    private RequestPart dataEnd(ByteBuffer input) {
        while (input.hasRemaining()) {
            byte b = input.get();
            if (!sawCr) {
                if (b != CR) {
                    return fail(400, "chunk data must be followed by CRLF");
                }
                sawCr = true;
            } else {
                if (b != LF) {
                    return fail(400, "chunk data must be followed by CRLF");
                }
                sawCr = false;
                state = RequestDecoder.State.CHUNK_SIZE;
                return null;
            }
        }
        return null;
    }

    // trailer-section = *( field-line CRLF ) CRLF (section 7.1.2), gathered a byte at a time: trailers are rare.
    private RequestPart trailers(ByteBuffer input) {
        while (input.hasRemaining()) {
            byte b = input.get();
            if (b == LF) {
                if (length == 0 || line[length - 1] != CR) {
                    return fail(400, "trailer line must end in CRLF");
                }
                append(b);
                if (length - 2 == lineStart) {
                    return endOfBody();
                }
                if (++fieldCount > limits.maxFields()) {
                    return fail(431, "too many trailer fields");
                }
                lineStart = length;
            } else {
                if (length > 0 && line[length - 1] == CR) {
                    return fail(400, "bare CR in trailer section");
                }
                append(b);
                if (length > limits.maxFieldSection() + 2) {
                    return fail(431, "trailer section too large");
                }
            }
        }
        return null;
    }

    private RequestPart endOfBody() {
        HttpHeaders.Builder fields = HttpHeaders.builder();
        BadRequest bad = FieldSectionParser.parse(line, 0, lineStart, fields, null);
        length = 0;
        lineStart = 0;
        fieldCount = 0;
        if (line.length > 4096) {
            line = NO_BYTES; // a large trailer section is not kept for the rest of the connection
        }
        if (bad != null) {
            state = RequestDecoder.State.FAILED;
            return bad;
        }
        state = RequestDecoder.State.HEAD;
        HttpHeaders trailers = fields.build();
        return trailers.isEmpty() ? EndOfRequest.INSTANCE : new EndOfRequest(trailers);
    }

    private void append(byte b) {
        if (length == line.length) {
            line = Arrays.copyOf(line, Math.max(256, line.length * 2));
        }
        line[length++] = b;
    }

    private BadRequest fail(int status, String reason) {
        state = RequestDecoder.State.FAILED;
        length = 0;
        return new BadRequest(status, reason);
    }
}
