package org.kamaelia.http.codec.request;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.kamaelia.http.message.BadRequest;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.ClientOrigin;
import org.kamaelia.http.message.EndOfRequest;
import org.kamaelia.http.message.HttpHeaders;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.RequestPart;
import org.kamaelia.http.message.RequestTarget;

/**
 * Turns the bytes of a connection into request parts: a strict, incremental HTTP/1.1 request parser (RFC 9112)
 * with no I/O, no threads and no component runtime.
 *
 * <pre>{@code
 * RequestDecoder decoder = new RequestDecoder(DecoderLimits.defaults());
 * for (RequestPart part; (part = decoder.next(bytes)) != null; ) {
 *     ... // RequestHead, ByteChunk..., EndOfRequest, then the next request's head; or one BadRequest
 * }
 * }</pre>
 *
 * <p>{@link #next(ByteBuffer)} consumes bytes and returns one part, or {@code null} when it needs more bytes.
 * Input may be split anywhere. Body chunks share the input's bytes, so input buffers must not be changed
 * afterwards. After a {@link BadRequest} the decoder is {@link State#FAILED} and decodes nothing more: the
 * framing of what follows cannot be trusted, so the connection must be closed.
 *
 * <p>Rules applied, strictest first (section numbers of RFC 9112 unless said otherwise):
 * <ul>
 *   <li>request line (3): {@code method SP target SP HTTP/d.d}, single spaces, method a token, target of
 *       visible ASCII; empty lines before it are skipped (2.2); a major version other than 1 gets 505, a
 *       malformed version 400; 1.x above 1.1 is read as 1.1;
 *   <li>target (3.2): origin-form, absolute-form for http/https (its authority wins over Host, 3.2.2),
 *       authority-form only with CONNECT, asterisk-form only with OPTIONS; the path is percent-decoded as UTF-8
 *       and dot segments are removed; escapes that decode to NUL, {@code /} or {@code \} are refused;
 *   <li>fields (5): no whitespace before the colon (5.1), no obs-fold (5.2), no NUL, bare CR or other controls
 *       in values; HTTP/1.1 needs exactly one Host, HTTP/1.0 at most one (3.2);
 *   <li>framing (6.3): Transfer-Encoding with Content-Length, Transfer-Encoding on HTTP/1.0, chunked not last
 *       or repeated, and invalid or differing Content-Length values all get 400; a transfer coding other than
 *       chunked gets 501; no framing field means no body;
 *   <li>chunked (7.1): hex sizes of at most 16 digits, extensions accepted and ignored, CRLF after each chunk's
 *       data, trailer fields checked like header fields.
 * </ul>
 * Lenient on purpose: a bare LF ends a line in the request line and field section (2.2 allows it); chunked
 * framing lines must end in CRLF.
 *
 * <p>How it works: the decoder gathers a head a line at a time within the limits, then hands the lines to its
 * package-private parts in the order of their checks: {@link RequestLineParser}, {@link FieldSectionParser} (which
 * notes the framing fields in {@link FramingFields}), {@link RequestTargetParser}, and {@link FramingFields} for
 * Host and framing. It reads a Content-Length body itself and leaves a chunked one to {@link ChunkedBodyDecoder}.
 *
 * <p>Not thread-safe: one decoder per connection, used by one component.
 */
public final class RequestDecoder {

    /** Where the decoder is in the request stream. */
    public enum State {
        /** Reading a request line and header fields. */
        HEAD,
        /** Reading a Content-Length body (or about to end a request without one). */
        BODY_LENGTH,
        /** Reading a chunk-size line. */
        CHUNK_SIZE,
        /** Reading chunk data. */
        CHUNK_DATA,
        /** Reading the CRLF after chunk data. */
        CHUNK_DATA_END,
        /** Reading trailer fields after the last chunk. */
        TRAILERS,
        /** A bad request was found; nothing more is decoded. */
        FAILED
    }

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private static final byte[] NO_BYTES = new byte[0];

    private final DecoderLimits limits;
    private final FramingFields framing = new FramingFields();
    // Made for the connection's first chunked body: most connections never have one.
    private ChunkedBodyDecoder chunked;
    private State state = State.HEAD;
    // The head gathered so far, grown on first use, so an idle keep-alive connection holds no line buffer.
    private byte[] buffer = NO_BYTES;
    private int length;
    private int lineStart;
    private int requestLineEnd = -1;
    private int fieldsStart;
    private int fieldCount;
    private int skippedBytes;
    private boolean sawCr;
    private long bodyRemaining;

    /** A decoder enforcing {@code limits}. */
    public RequestDecoder(DecoderLimits limits) {
        this.limits = limits;
    }

    /** The current state. */
    public State state() {
        return state;
    }

    /** Whether bytes of a request head have arrived but the head is not complete yet. */
    public boolean isInsideHead() {
        return state == State.HEAD && (length > 0 || skippedBytes > 0);
    }

    /** Whether the decoder is between requests with nothing buffered. */
    public boolean isIdle() {
        return state == State.HEAD && length == 0 && skippedBytes == 0;
    }

    /** Who the heads decoded from now on come from ({@link ClientOrigin#UNKNOWN} until a parser says). */
    public void origin(ClientOrigin value) {
        framing.origin(java.util.Objects.requireNonNull(value, "origin"));
    }

    /**
     * Lets go of the line buffer if nothing is buffered in it, so a connection waiting for its next request holds
     * none; the next head grows a new one.
     */
    public void releaseIdleBuffer() {
        if (length == 0) {
            buffer = NO_BYTES;
        }
        if (chunked != null) {
            chunked.releaseIdleBuffer();
        }
    }

    /** Whether the decoder is reading a request body. */
    public boolean isInsideBody() {
        return state != State.HEAD && state != State.FAILED;
    }

    /**
     * Tells the decoder that no more input will come (the client half-closed or the connection ended), after
     * {@link #next} has taken every byte there was.
     *
     * @return a {@link BadRequest} (400) if a request was cut short, in its head or its body, and the decoder is
     *     then {@link State#FAILED}; {@code null} if the input ended between requests
     */
    public BadRequest endOfInput() {
        if (state == State.FAILED || isIdle() || (state == State.BODY_LENGTH && bodyRemaining == 0)) {
            return null;
        }
        BadRequest cut = state == State.HEAD
                ? new BadRequest(400, "the input ended inside a request head")
                : new BadRequest(400, "the input ended inside a request body");
        state = State.FAILED;
        return cut;
    }

    /**
     * Decodes the next part from {@code input}, consuming the bytes it uses.
     *
     * @return the next part, or {@code null} if more bytes are needed (or the decoder has failed)
     */
    public RequestPart next(ByteBuffer input) {
        // One step per call and no re-entry: the head and a Content-Length body return a part or need more
        // input, and the chunked decoder loops over its own states until it has a part.
        switch (state) {
            case HEAD:
                return head(input);
            case BODY_LENGTH:
                return lengthBody(input);
            case CHUNK_SIZE:
            case CHUNK_DATA:
            case CHUNK_DATA_END:
            case TRAILERS:
                return chunkedBody(input);
            case FAILED:
            default:
                return null;
        }
    }

    // ----- head ---------------------------------------------------------------------------------------

    private RequestPart head(ByteBuffer input) {
        // Empty lines before the request line are skipped (RFC 9112 section 2.2), a byte at a time: rare.
        while (length == 0 && requestLineEnd < 0 && input.hasRemaining()) {
            byte b = input.get(input.position());
            if (b != CR && b != LF) {
                if (sawCr) {
                    return fail(400, "bare CR");
                }
                break; // the request line starts here
            }
            input.get();
            if (++skippedBytes > limits.maxRequestLine()) {
                return fail(400, "too many empty lines");
            }
            if (b == LF) {
                sawCr = false;
            } else if (sawCr) {
                return fail(400, "bare CR");
            } else {
                sawCr = true;
            }
        }
        // Then a line at a time: find its LF in the input, bounded by what the limits still allow, and copy the
        // line in one go.
        while (input.hasRemaining()) {
            int from = input.position();
            int room = requestLineEnd < 0
                    ? limits.maxRequestLine() + 2 - length
                    : fieldsStart + limits.maxFieldSection() + 3 - length;
            int scanEnd = (int) Math.min(input.limit(), (long) from + room);
            int lf = -1;
            for (int i = from; i < scanEnd; i++) {
                if (input.get(i) == LF) {
                    lf = i;
                    break;
                }
            }
            int take = (lf >= 0 ? lf + 1 : scanEnd) - from;
            ensureRoom(take, input.limit() - from);
            input.get(buffer, length, take);
            length += take;
            if (lf < 0) {
                if (scanEnd < input.limit() || take >= room) {
                    // The limit was reached without a line end.
                    return requestLineEnd < 0
                            ? fail(414, "request line too long")
                            : fail(431, "header section too large");
                }
                return null;
            }
            int end = length - 1;
            if (end > lineStart && buffer[end - 1] == CR) {
                end--;
            }
            if (requestLineEnd < 0) {
                if (end > limits.maxRequestLine()) {
                    return fail(414, "request line too long");
                }
                requestLineEnd = end;
                fieldsStart = length;
                lineStart = length;
            } else if (end == lineStart) {
                return completeHead();
            } else {
                if (++fieldCount > limits.maxFields()) {
                    return fail(431, "too many header fields");
                }
                lineStart = length;
            }
        }
        return null;
    }

    private void ensureRoom(int more, int arrived) {
        if (length + more > buffer.length) {
            // The first buffer of a head is sized by what has arrived, between 64 and 256 bytes: a small head
            // usually comes whole in one read, and the buffer is made again for every request of a keep-alive
            // connection (it is let go of between requests).
            int grown = buffer.length == 0 ? Math.min(Math.max(arrived, 64), 256) : buffer.length * 2;
            buffer = Arrays.copyOf(buffer, Math.max(grown, length + more));
        }
    }

    private RequestPart completeHead() {
        if (lineStart - fieldsStart > limits.maxFieldSection()) {
            return fail(431, "header section too large");
        }
        RequestPart head = parseHead();
        resetLineBuffer();
        if (head instanceof RequestHead requestHead) {
            startBody(requestHead);
        } else {
            state = State.FAILED;
        }
        return head;
    }

    private void resetLineBuffer() {
        length = 0;
        lineStart = 0;
        requestLineEnd = -1;
        fieldsStart = 0;
        fieldCount = 0;
        skippedBytes = 0;
        sawCr = false;
        if (buffer.length > 4096) {
            buffer = NO_BYTES;
        }
    }

    // The parts in the order of their checks, so a head with several faults always gets the same answer: the
    // request line (a 505 before anything in the fields), the fields, the target, then Host and framing.
    private RequestPart parseHead() {
        Object parsedLine = RequestLineParser.parse(buffer, requestLineEnd);
        if (parsedLine instanceof BadRequest bad) {
            return bad;
        }
        RequestLineParser.RequestLine line = (RequestLineParser.RequestLine) parsedLine;
        framing.reset();
        HttpHeaders.Builder fields = HttpHeaders.builder();
        BadRequest fieldError = FieldSectionParser.parse(buffer, fieldsStart, length, fields, framing);
        if (fieldError != null) {
            return fieldError;
        }
        HttpHeaders headers = fields.build();
        Object target = RequestTargetParser.parse(line.method(), line.rawTarget());
        if (target instanceof BadRequest bad) {
            return bad;
        }
        return framing.head(line.method(), (RequestTarget) target, line.version(), headers, limits.maxBody());
    }

    private void startBody(RequestHead head) {
        switch (head.body()) {
            case CHUNKED -> {
                if (chunked == null) {
                    chunked = new ChunkedBodyDecoder(limits);
                }
                chunked.start();
                state = chunked.state();
            }
            case CONTENT_LENGTH -> {
                state = State.BODY_LENGTH;
                bodyRemaining = head.contentLength().getAsLong();
            }
            default -> {
                state = State.BODY_LENGTH;
                bodyRemaining = 0;
            }
        }
    }

    // ----- bodies -------------------------------------------------------------------------------------

    private RequestPart lengthBody(ByteBuffer input) {
        if (bodyRemaining == 0) {
            state = State.HEAD;
            return EndOfRequest.INSTANCE;
        }
        if (!input.hasRemaining()) {
            return null;
        }
        int take = (int) Math.min(bodyRemaining, input.remaining());
        bodyRemaining -= take;
        return slice(input, take);
    }

    private RequestPart chunkedBody(ByteBuffer input) {
        RequestPart part = chunked.next(input);
        state = chunked.state();
        return part;
    }

    /** The next {@code take} bytes of {@code input} as a chunk sharing them, consumed from it. */
    static ByteChunk slice(ByteBuffer input, int take) {
        ByteBuffer part = input.slice(input.position(), take);
        input.position(input.position() + take);
        return ByteChunk.wrap(part);
    }

    private BadRequest fail(int status, String reason) {
        state = State.FAILED;
        length = 0;
        return new BadRequest(status, reason);
    }
}
