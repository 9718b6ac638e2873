package org.kamaelia.http.codec.request;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.kamaelia.http.message.BadRequest;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.EndOfRequest;
import org.kamaelia.http.message.HttpHeaders;
import org.kamaelia.http.message.HttpSyntax;
import org.kamaelia.http.message.HttpVersion;
import org.kamaelia.http.message.PercentDecoding;
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

    private final DecoderLimits limits;
    private State state = State.HEAD;
    private static final byte[] NO_BYTES = new byte[0];
    // Grown on first use, so an idle keep-alive connection holds no line buffer.
    private byte[] buffer = NO_BYTES;
    private int length;
    private int lineStart;
    private int requestLineEnd = -1;
    private int fieldsStart;
    private int fieldCount;
    private int skippedBytes;
    private long bodyRemaining;
    private long bodyTotal;
    private boolean sawCr;

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

    /**
     * Lets go of the line buffer if nothing is buffered in it, so a connection waiting for its next request holds
     * none; the next head grows a new one.
     */
    public void releaseIdleBuffer() {
        if (length == 0) {
            buffer = NO_BYTES;
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
        switch (state) {
            case HEAD:
                return head(input);
            case BODY_LENGTH:
                return lengthBody(input);
            case CHUNK_SIZE:
                return chunkSize(input);
            case CHUNK_DATA:
                return chunkData(input);
            case CHUNK_DATA_END:
                return chunkDataEnd(input);
            case TRAILERS:
                return trailers(input);
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
            ensureRoom(take);
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

    private void ensureRoom(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(Math.max(256, buffer.length * 2), length + more));
        }
    }

    private void append(byte b) {
        ensureRoom(1);
        buffer[length++] = b;
    }

    private RequestPart completeHead() {
        if (lineStart - fieldsStart > limits.maxFieldSection()) {
            return fail(431, "header section too large");
        }
        RequestPart head = parseHead();
        resetLineBuffer();
        if (head instanceof BadRequest bad) {
            state = State.FAILED;
            return bad;
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

    private RequestPart parseHead() {
        // Request line: method SP request-target SP HTTP-version (RFC 9112 section 3).
        int end = requestLineEnd;
        int sp1 = indexOf(buffer, (byte) ' ', 0, end);
        if (sp1 <= 0) {
            return new BadRequest(400, "malformed request line");
        }
        for (int i = 0; i < sp1; i++) {
            if (!HttpSyntax.isTokenChar(buffer[i] & 0xFF)) {
                return new BadRequest(400, "invalid method");
            }
        }
        int sp2 = indexOf(buffer, (byte) ' ', sp1 + 1, end);
        if (sp2 < 0 || sp2 == sp1 + 1) {
            return new BadRequest(400, "malformed request line");
        }
        for (int i = sp1 + 1; i < sp2; i++) {
            int c = buffer[i] & 0xFF;
            if (c <= 0x20 || c >= 0x7F) {
                return new BadRequest(400, "invalid character in request target");
            }
        }
        HttpVersion version;
        int versionLength = end - (sp2 + 1);
        if (versionLength != 8
                || buffer[sp2 + 1] != 'H'
                || buffer[sp2 + 2] != 'T'
                || buffer[sp2 + 3] != 'T'
                || buffer[sp2 + 4] != 'P'
                || buffer[sp2 + 5] != '/'
                || !isDigit(buffer[sp2 + 6])
                || buffer[sp2 + 7] != '.'
                || !isDigit(buffer[sp2 + 8])) {
            return new BadRequest(400, "malformed HTTP version");
        }
        int major = buffer[sp2 + 6] - '0';
        int minor = buffer[sp2 + 8] - '0';
        if (major != 1) {
            return new BadRequest(505, "unsupported HTTP version");
        }
        version = minor == 0 ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1;
        String method = common(COMMON_METHODS, 0, sp1);
        String rawTarget = ascii(sp1 + 1, sp2);

        // Field lines (RFC 9112 section 5).
        resetFramingFields();
        HttpHeaders.Builder fields = HttpHeaders.builder();
        RequestPart fieldError = parseFields(requestLineEnd, length, fields);
        if (fieldError != null) {
            return fieldError;
        }
        HttpHeaders headers = fields.build();

        Object target = RequestTargets.parse(method, rawTarget);
        if (target instanceof BadRequest bad) {
            return bad;
        }
        RequestTarget requestTarget = (RequestTarget) target;

        // Host (RFC 9112 section 3.2).
        int hosts = hostCount;
        if (hosts > 1) {
            return new BadRequest(400, "more than one Host field");
        }
        if (hosts == 0 && version == HttpVersion.HTTP_1_1) {
            return new BadRequest(400, "missing Host field");
        }
        String hostField = hostValue;
        if (!RequestTargets.isValidHost(hostField)) {
            return new BadRequest(400, "invalid Host field");
        }
        String authority = requestTarget.form() == RequestTarget.Form.ABSOLUTE
                        || requestTarget.form() == RequestTarget.Form.AUTHORITY
                ? requestTarget.authority()
                : hostField;

        return framing(method, requestTarget, version, headers, authority);
    }

    private RequestPart framing(
            String method, RequestTarget target, HttpVersion version, HttpHeaders headers, String authority) {
        boolean hasTransferEncoding = sawTransferEncoding;
        boolean hasContentLength = sawContentLength;
        if (hasTransferEncoding) {
            if (version == HttpVersion.HTTP_1_0) {
                return new BadRequest(400, "Transfer-Encoding in an HTTP/1.0 request");
            }
            if (hasContentLength) {
                return new BadRequest(400, "both Transfer-Encoding and Content-Length");
            }
            int chunked = 0;
            boolean chunkedLast = false;
            boolean otherCoding = false;
            for (String value : headers.all("Transfer-Encoding")) {
                for (String item : value.split(",", -1)) {
                    String coding = item.trim();
                    int semicolon = coding.indexOf(';');
                    String name = (semicolon < 0 ? coding : coding.substring(0, semicolon)).trim();
                    if (name.isEmpty() || !HttpSyntax.isToken(name)) {
                        return new BadRequest(400, "invalid Transfer-Encoding");
                    }
                    if (name.equalsIgnoreCase("chunked")) {
                        chunked++;
                        chunkedLast = true;
                    } else {
                        otherCoding = true;
                        chunkedLast = false;
                    }
                }
            }
            if (otherCoding) {
                return new BadRequest(501, "unsupported transfer coding");
            }
            if (chunked != 1 || !chunkedLast) {
                return new BadRequest(400, "chunked must be the final transfer coding, once");
            }
            state = State.CHUNK_SIZE;
            bodyTotal = 0;
            return new RequestHead(
                    method, target, version, headers, authority, RequestHead.BodyFraming.CHUNKED, OptionalLong.empty());
        }
        if (hasContentLength) {
            long contentLength = -1;
            for (String value : headers.all("Content-Length")) {
                for (String item : value.split(",", -1)) {
                    long parsed = HttpSyntax.parseDigits(item.trim());
                    if (parsed < 0) {
                        return new BadRequest(400, "invalid Content-Length");
                    }
                    if (contentLength >= 0 && parsed != contentLength) {
                        return new BadRequest(400, "conflicting Content-Length values");
                    }
                    contentLength = parsed;
                }
            }
            if (contentLength > limits.maxBody()) {
                return new BadRequest(413, "body too large");
            }
            state = State.BODY_LENGTH;
            bodyRemaining = contentLength;
            return new RequestHead(
                    method,
                    target,
                    version,
                    headers,
                    authority,
                    RequestHead.BodyFraming.CONTENT_LENGTH,
                    OptionalLong.of(contentLength));
        }
        state = State.BODY_LENGTH;
        bodyRemaining = 0;
        return new RequestHead(
                method, target, version, headers, authority, RequestHead.BodyFraming.NONE, OptionalLong.empty());
    }

    private RequestPart parseFields(int from, int to, HttpHeaders.Builder fields) {
        int pos = skipLineEnd(from);
        while (pos < to) {
            int lf = indexOf(buffer, LF, pos, to);
            int end = lf;
            if (end > pos && buffer[end - 1] == CR) {
                end--;
            }
            if (end == pos) {
                break; // the empty line that ends the section
            }
            byte first = buffer[pos];
            if (first == ' ' || first == '\t') {
                return new BadRequest(400, "obsolete line folding");
            }
            int colon = indexOf(buffer, (byte) ':', pos, end);
            if (colon <= pos) {
                return new BadRequest(400, "malformed header field");
            }
            for (int i = pos; i < colon; i++) {
                if (!HttpSyntax.isTokenChar(buffer[i] & 0xFF)) {
                    return new BadRequest(400, "invalid header field name");
                }
            }
            int valueStart = colon + 1;
            int valueEnd = end;
            while (valueStart < valueEnd && (buffer[valueStart] == ' ' || buffer[valueStart] == '\t')) {
                valueStart++;
            }
            while (valueEnd > valueStart && (buffer[valueEnd - 1] == ' ' || buffer[valueEnd - 1] == '\t')) {
                valueEnd--;
            }
            for (int i = valueStart; i < valueEnd; i++) {
                if (!HttpSyntax.isFieldValueChar(buffer[i] & 0xFF)) {
                    return new BadRequest(400, "invalid character in header field value");
                }
            }
            String name = common(COMMON_FIELD_NAMES, pos, colon);
            String value = ascii(valueStart, valueEnd);
            fields.add(name, value);
            noteFramingField(name, value);
            pos = lf + 1;
        }
        return null;
    }

    // The fields that decide framing and Host, noted while parsing so they are not looked up again by name.
    private int hostCount;
    private String hostValue = "";
    private boolean sawTransferEncoding;
    private boolean sawContentLength;

    private void noteFramingField(String name, String value) {
        switch (name.length()) {
            case 4 -> {
                if (name.equalsIgnoreCase("Host")) {
                    if (hostCount++ == 0) {
                        hostValue = value;
                    }
                }
            }
            case 14 -> sawContentLength |= name.equalsIgnoreCase("Content-Length");
            case 17 -> sawTransferEncoding |= name.equalsIgnoreCase("Transfer-Encoding");
            default -> {
                // not a framing field
            }
        }
    }

    private void resetFramingFields() {
        hostCount = 0;
        hostValue = "";
        sawTransferEncoding = false;
        sawContentLength = false;
    }

    private int skipLineEnd(int pos) {
        if (pos < length && buffer[pos] == CR) {
            pos++;
        }
        if (pos < length && buffer[pos] == LF) {
            pos++;
        }
        return pos;
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

    private static ByteChunk slice(ByteBuffer input, int take) {
        ByteBuffer part = input.slice(input.position(), take);
        input.position(input.position() + take);
        return ByteChunk.wrap(part);
    }

    private RequestPart chunkSize(ByteBuffer input) {
        while (input.hasRemaining()) {
            byte b = input.get();
            if (b == LF) {
                if (length == 0 || buffer[length - 1] != CR) {
                    return fail(400, "chunk-size line must end in CRLF");
                }
                RequestPart parsed = parseChunkSize(length - 1);
                length = 0;
                // A size line yields no part of its own: go on to the data (or trailers) it announced.
                return parsed != null ? parsed : next(input);
            }
            if (length > 0 && buffer[length - 1] == CR) {
                return fail(400, "bare CR in chunk-size line");
            }
            append(b);
            if (length > limits.maxChunkLine() + 1) {
                return fail(400, "chunk-size line too long");
            }
        }
        return null;
    }

    private RequestPart parseChunkSize(int end) {
        int pos = 0;
        long size = 0;
        while (pos < end && Character.digit(buffer[pos], 16) >= 0) {
            if (pos >= 16) {
                return fail(400, "chunk size too large");
            }
            size = (size << 4) | Character.digit(buffer[pos], 16);
            pos++;
        }
        if (pos == 0) {
            return fail(400, "invalid chunk size");
        }
        if (pos < end) {
            // chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] ), accepted and ignored
            int p = pos;
            while (p < end && (buffer[p] == ' ' || buffer[p] == '\t')) {
                p++;
            }
            if (p >= end || buffer[p] != ';') {
                return fail(400, "invalid chunk size");
            }
            for (int i = p; i < end; i++) {
                int c = buffer[i] & 0xFF;
                if (c != '\t' && (c < 0x20 || c == 0x7F)) {
                    return fail(400, "invalid chunk extension");
                }
            }
        }
        // Compared as what is left, not as a sum: a size near 2^63 would make bodyTotal + size wrap negative and
        // pass, letting an endless body through (found by RequestDecoderFuzzTest).
        if (size < 0 || size > limits.maxBody() - bodyTotal) {
            return fail(413, "body too large");
        }
        if (size == 0) {
            state = State.TRAILERS;
            fieldCount = 0;
            lineStart = 0;
            return null;
        }
        bodyRemaining = size;
        bodyTotal += size;
        state = State.CHUNK_DATA;
        return null;
    }

    private RequestPart chunkData(ByteBuffer input) {
        if (!input.hasRemaining()) {
            return null;
        }
        int take = (int) Math.min(bodyRemaining, input.remaining());
        bodyRemaining -= take;
        if (bodyRemaining == 0) {
            state = State.CHUNK_DATA_END;
        }
        return slice(input, take);
    }

    private RequestPart chunkDataEnd(ByteBuffer input) {
        while (input.hasRemaining()) {
            byte b = input.get();
            if (length == 0) {
                if (b != CR) {
                    return fail(400, "chunk data must be followed by CRLF");
                }
                length = 1;
            } else {
                if (b != LF) {
                    return fail(400, "chunk data must be followed by CRLF");
                }
                length = 0;
                state = State.CHUNK_SIZE;
                return chunkSize(input);
            }
        }
        return null;
    }

    private RequestPart trailers(ByteBuffer input) {
        while (input.hasRemaining()) {
            byte b = input.get();
            if (b == LF) {
                if (length == 0 || buffer[length - 1] != CR) {
                    return fail(400, "trailer line must end in CRLF");
                }
                append(b);
                int end = length - 2;
                if (end == lineStart) {
                    HttpHeaders.Builder fields = HttpHeaders.builder();
                    RequestPart error = parseFields(0, lineStart, fields);
                    length = 0;
                    lineStart = 0;
                    fieldCount = 0;
                    if (error != null) {
                        state = State.FAILED;
                        return error;
                    }
                    state = State.HEAD;
                    HttpHeaders trailers = fields.build();
                    return trailers.isEmpty() ? EndOfRequest.INSTANCE : new EndOfRequest(trailers);
                }
                if (++fieldCount > limits.maxFields()) {
                    return fail(431, "too many trailer fields");
                }
                lineStart = length;
            } else {
                if (length > 0 && buffer[length - 1] == CR) {
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

    // ----- helpers ------------------------------------------------------------------------------------

    private BadRequest fail(int status, String reason) {
        state = State.FAILED;
        length = 0;
        return new BadRequest(status, reason);
    }

    // Methods and field names as clients usually spell them: matched byte for byte, they are shared strings
    // (the literals, so they also compare equal to them by identity first) instead of new ones per request.
    private static final String[] COMMON_METHODS = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"};
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

    private String common(String[] spellings, int from, int to) {
        int n = to - from;
        for (String spelling : spellings) {
            if (spelling.length() == n && sameBytes(spelling, from)) {
                return spelling;
            }
        }
        return ascii(from, to);
    }

    private boolean sameBytes(String spelling, int from) {
        for (int i = 0; i < spelling.length(); i++) {
            if (buffer[from + i] != spelling.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private String ascii(int from, int to) {
        return new String(buffer, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static int indexOf(byte[] bytes, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** Parses request targets; kept apart because it is pure string work. */
    static final class RequestTargets {
        private RequestTargets() {}

        /** Returns a {@link RequestTarget} or a {@link BadRequest}. */
        static Object parse(String method, String raw) {
            if (raw.equals("*")) {
                if (!method.equals("OPTIONS")) {
                    return new BadRequest(400, "asterisk-form is only for OPTIONS");
                }
                return new RequestTarget(raw, RequestTarget.Form.ASTERISK, "", "*", "*", Optional.empty());
            }
            if (method.equals("CONNECT")) {
                if (raw.startsWith("/") || raw.contains("/") || !isValidHost(raw) || raw.isEmpty()) {
                    return new BadRequest(400, "CONNECT needs an authority-form target");
                }
                return new RequestTarget(raw, RequestTarget.Form.AUTHORITY, raw, "", "", Optional.empty());
            }
            if (raw.indexOf('#') >= 0) {
                return new BadRequest(400, "fragment in request target");
            }
            if (raw.startsWith("/")) {
                return originForm(raw, RequestTarget.Form.ORIGIN, "", raw);
            }
            int schemeEnd = raw.indexOf("://");
            if (schemeEnd > 0) {
                String scheme = raw.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https")) {
                    return new BadRequest(400, "unsupported scheme in request target");
                }
                int authorityStart = schemeEnd + 3;
                int authorityEnd = authorityStart;
                while (authorityEnd < raw.length()
                        && raw.charAt(authorityEnd) != '/'
                        && raw.charAt(authorityEnd) != '?') {
                    authorityEnd++;
                }
                String authority = raw.substring(authorityStart, authorityEnd);
                if (authority.isEmpty() || authority.indexOf('@') >= 0 || !isValidHost(authority)) {
                    return new BadRequest(400, "invalid authority in request target");
                }
                String rest = raw.substring(authorityEnd);
                if (rest.isEmpty() || rest.startsWith("?")) {
                    rest = "/" + rest;
                }
                return originForm(raw, RequestTarget.Form.ABSOLUTE, authority, rest);
            }
            return new BadRequest(400, "invalid request target");
        }

        private static Object originForm(String raw, RequestTarget.Form form, String authority, String pathAndQuery) {
            int question = pathAndQuery.indexOf('?');
            String rawPath = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
            Optional<String> rawQuery =
                    question < 0 ? Optional.empty() : Optional.of(pathAndQuery.substring(question + 1));
            if (rawPath.indexOf('%') >= 0) {
                String lower = rawPath.toLowerCase(Locale.ROOT);
                if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00")) {
                    return new BadRequest(400, "encoded slash, backslash or NUL in path");
                }
            }
            String decoded = PercentDecoding.decode(rawPath);
            if (decoded == null) {
                return new BadRequest(400, "invalid percent-encoding in path");
            }
            for (int i = 0; i < decoded.length(); i++) {
                char c = decoded.charAt(i);
                if (c < 0x20 || c == 0x7F) {
                    return new BadRequest(400, "control character in path");
                }
            }
            String normalised = removeDotSegments(decoded);
            if (normalised == null) {
                return new BadRequest(400, "path escapes the root");
            }
            return new RequestTarget(raw, form, authority, rawPath, normalised, rawQuery);
        }

        /**
         * Removes {@code .} and {@code ..} segments (RFC 3986 section 5.2.4); returns {@code null} when a
         * {@code ..} would climb above the root.
         */
        static String removeDotSegments(String path) {
            if (path.indexOf('.') < 0) {
                return path;
            }
            String[] segments = path.substring(1).split("/", -1);
            java.util.ArrayDeque<String> kept = new java.util.ArrayDeque<>();
            boolean trailingSlash = false;
            for (int i = 0; i < segments.length; i++) {
                String segment = segments[i];
                boolean last = i == segments.length - 1;
                if (segment.equals(".")) {
                    trailingSlash = last;
                } else if (segment.equals("..")) {
                    if (kept.isEmpty()) {
                        return null;
                    }
                    kept.removeLast();
                    trailingSlash = last;
                } else {
                    kept.addLast(segment);
                    trailingSlash = false;
                }
            }
            StringBuilder out = new StringBuilder(path.length());
            for (String segment : kept) {
                out.append('/').append(segment);
            }
            if (trailingSlash || out.length() == 0) {
                out.append('/');
            }
            return out.toString();
        }

        /** Whether {@code host} is a syntactically valid {@code host[:port]} (RFC 3986 section 3.2.2). */
        // ',' is a legal sub-delimiter, but a Host of "a, b" is two hosts folded into one field: refusing it
        // avoids host confusion between this server and anything in front of it.
        private static final boolean[] HOST_CHARS = hostChars("-._~!$&'()*+;=:[]%");

        private static boolean[] hostChars(String punctuation) {
            boolean[] ok = new boolean[128];
            for (char c = '0'; c <= '9'; c++) {
                ok[c] = true;
            }
            for (char c = 'a'; c <= 'z'; c++) {
                ok[c] = true;
                ok[c - 'a' + 'A'] = true;
            }
            for (int i = 0; i < punctuation.length(); i++) {
                ok[punctuation.charAt(i)] = true;
            }
            return ok;
        }

        static boolean isValidHost(String host) {
            for (int i = 0; i < host.length(); i++) {
                char c = host.charAt(i);
                if (c >= 128 || !HOST_CHARS[c]) {
                    return false;
                }
            }
            int colon = host.lastIndexOf(':');
            if (colon >= 0 && host.indexOf(']') < colon) {
                for (int i = colon + 1; i < host.length(); i++) {
                    if (host.charAt(i) < '0' || host.charAt(i) > '9') {
                        return false;
                    }
                }
            }
            return true;
        }
    }
}
