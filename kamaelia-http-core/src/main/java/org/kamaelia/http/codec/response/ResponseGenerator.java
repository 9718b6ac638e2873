package org.kamaelia.http.codec.response;

import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.Framing;
import org.kamaelia.http.message.HttpHeaders;
import org.kamaelia.http.message.HttpStatus;
import org.kamaelia.http.message.HttpVersion;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.ResponseHead;

/**
 * Turns the parts of one response into the bytes to write, with explicit states, and decides its framing and
 * whether the connection may carry another request: pure (no I/O, no threads, no component runtime), one per
 * connection, {@linkplain #reset reset} for each request (in the spirit of Jetty's {@code HttpGenerator}).
 *
 * <pre>{@code
 * ResponseGenerator generator = new ResponseGenerator(encoder, bytes -> outbox.send(bytes));
 * generator.reset(requestHead);
 * generator.head(responseHead, ResponseGenerator.UNKNOWN_LENGTH, true, null); // START -> COMMITTED
 * generator.body(chunk);                                                       // bytes, framed
 * generator.end(HttpHeaders.EMPTY);                                            // -> END
 * }</pre>
 *
 * <p>States, and what moves between them:
 * <table>
 *   <caption>Generator states</caption>
 *   <tr><th>state</th><th>meaning</th><th>left by</th></tr>
 *   <tr><td>{@link State#START}</td><td>no final head yet (1xx heads may go out)</td>
 *       <td>a final head: COMMITTED, or COMPLETING when its body is already whole</td></tr>
 *   <tr><td>{@link State#COMMITTED}</td><td>head written, body going out</td>
 *       <td>the last declared byte: COMPLETING; the end: END</td></tr>
 *   <tr><td>{@link State#COMPLETING}</td><td>every declared byte written; only the end is missing</td>
 *       <td>the end, or its producer going away: END</td></tr>
 *   <tr><td>{@link State#END}</td><td>the response is whole; later parts are ignored</td><td>{@link #reset}</td></tr>
 * </table>
 * A part that breaks the rules returns a violation {@link Outcome} and leaves the state as it was (except
 * {@link Outcome#BODY_TOO_LONG}, which writes the declared bytes first): in START the caller can still answer with
 * an error, after it the connection must be cut, as nothing else can tell the client that the body is wrong.
 *
 * <p>Framing (RFC 9112 sections 6.1, 6.2, 6.3 and 9.6), from the final head and the client's version:
 * <table>
 *   <caption>Framing decision</caption>
 *   <tr><th>response</th><th>HTTP/1.1 client</th><th>HTTP/1.0 client</th></tr>
 *   <tr><td>length known (given, or whole body in the first batch)</td><td>CONTENT_LENGTH</td>
 *       <td>CONTENT_LENGTH</td></tr>
 *   <tr><td>length unknown</td><td>CHUNKED</td><td>CLOSE_DELIMITED</td></tr>
 *   <tr><td>declared endless</td><td>CLOSE_DELIMITED</td><td>CLOSE_DELIMITED</td></tr>
 *   <tr><td>1xx, 204, 304 (never a body)</td><td>CONTENT_LENGTH, no field</td><td>CONTENT_LENGTH, no field</td></tr>
 * </table>
 * A HEAD response gets the same head as the GET would, and no body (RFC 9110 section 9.3.2).
 *
 * <p>Not thread-safe: used by the one component that owns its connection. Per response it makes only the head's
 * bytes and, per chunk of a chunked body, the size line, each wrapped in one {@link ByteChunk}; the CRLF after a
 * chunk, the empty last chunk and {@code 100 Continue} are shared constants.
 */
public final class ResponseGenerator {
    /** The {@code wholeBatchLength} to give {@link #head} when the body is not all known yet. */
    public static final long UNKNOWN_LENGTH = -1;

    /** The longest whole body that leaves in one piece with its head. */
    public static final int INLINE_BODY_LIMIT = 8 * 1024;

    private static final ByteChunk CRLF = ByteChunk.wrap(ResponseEncoder.chunkEnd());
    private static final ByteChunk LAST_CHUNK = ByteChunk.wrap(ResponseEncoder.lastChunk(HttpHeaders.EMPTY));
    private static final ByteChunk CONTINUE = ByteChunk.wrap(ResponseEncoder.continueHead());

    /** Where the generator is in its response. */
    public enum State {
        /** No final head has been written. */
        START,
        /** The head has been written; body bytes may follow. */
        COMMITTED,
        /** Every declared body byte has been written; only the end of the response is missing. */
        COMPLETING,
        /** The response is whole. */
        END
    }

    /** What became of one part given to the generator. */
    public enum Outcome {
        /** Its bytes (possibly none) were written. */
        WRITTEN(null),
        /** The head went out in one piece with the next body chunk, which the caller must not give again. */
        WRITTEN_WITH_NEXT(null),
        /** It has no effect here (a 1xx after the final head, a body part of a response without body, ...). */
        IGNORED(null),
        /** Body bytes before any final head. */
        BODY_BEFORE_HEAD("sent body before a response head"),
        /** An end before any final head. */
        END_BEFORE_HEAD("ended its response without a head"),
        /** A second final head. */
        HEAD_AFTER_COMMIT("sent a second response head"),
        /** More body bytes than the declared length: only the declared ones were written. */
        BODY_TOO_LONG("sent more than its Content-Length"),
        /** An end before the declared length was reached. */
        BODY_TOO_SHORT("sent less than its Content-Length"),
        /** The producer went away in the middle of a body whose end only it could mark. */
        INCOMPLETE("ended in the middle of its response");

        private final String what;

        Outcome(String what) {
            this.what = what;
        }

        /** Whether the part broke the rules of a response. */
        public boolean isViolation() {
            return what != null;
        }

        /** What the producer did wrong, for logs ("sent a second response head"); empty if nothing. */
        public String describe() {
            return what == null ? "" : what;
        }
    }

    /** Where the generator's bytes go, in order. */
    @FunctionalInterface
    public interface Output {
        /** Takes the next bytes to write; the generator never changes them afterwards. */
        void write(ByteChunk bytes);
    }

    private final ResponseEncoder encoder;
    private final Output out;
    private State state = State.START;
    private HttpVersion version = HttpVersion.HTTP_1_1;
    private boolean headRequest;
    private boolean noBody;
    private boolean persistent;
    private Framing framing = Framing.CONTENT_LENGTH;
    private int status;
    private long declared;
    private long sent;

    /**
     * A generator writing to {@code out}.
     *
     * @param encoder the byte helpers (Date and Server lines), shared by every connection of a server
     * @param out where the bytes go
     */
    public ResponseGenerator(ResponseEncoder encoder, Output out) {
        this.encoder = encoder;
        this.out = out;
    }

    /** Starts over, in START, for the response to {@code request} (its version and whether it is HEAD). */
    public void reset(RequestHead request) {
        state = State.START;
        version = request.version();
        headRequest = request.isHead();
        noBody = false;
        persistent = false;
        framing = Framing.CONTENT_LENGTH;
        status = 0;
        declared = 0;
        sent = 0;
    }

    /**
     * Decides how the body of a response is delimited; {@link #head} uses this, and callers may ask first (to
     * weigh persistence, which depends on it).
     *
     * @param clientVersion the request's version
     * @param head the final response head
     * @param wholeBatchLength the body's length if every part of it is already known (the original's "whole first
     *     batch" rule), else {@link #UNKNOWN_LENGTH}
     */
    public static Framing framing(HttpVersion clientVersion, ResponseHead head, long wholeBatchLength) {
        return decide(clientVersion, head.status(), length(head, wholeBatchLength), head.endless());
    }

    static Framing decide(HttpVersion clientVersion, int status, long length, boolean endless) {
        if (HttpStatus.forbidsContent(status)) {
            return Framing.CONTENT_LENGTH; // RFC 9112 section 6.3 rule 1: no body, whatever the fields say
        }
        if (endless) {
            return Framing.CLOSE_DELIMITED; // the seed's preference for streams that have no true end
        }
        if (length >= 0) {
            return Framing.CONTENT_LENGTH;
        }
        // RFC 9112 section 7.1: chunked only for HTTP/1.1; a 1.0 client reads to the close (section 6.3 rule 8)
        return clientVersion == HttpVersion.HTTP_1_1 ? Framing.CHUNKED : Framing.CLOSE_DELIMITED;
    }

    private static long length(ResponseHead head, long wholeBatchLength) {
        if (head.contentLength().isPresent()) {
            return head.contentLength().getAsLong();
        }
        return head.endless() ? UNKNOWN_LENGTH : wholeBatchLength;
    }

    /**
     * Takes a response head. A 1xx head goes out only before the final one, never to an HTTP/1.0 client (RFC 9110
     * section 15.2), and 101 never (no upgrades). A final head decides the framing and commits.
     *
     * @param head the handler's head
     * @param wholeBatchLength see {@link #framing}
     * @param keepOpen whether the server keeps the connection after this response; a close-delimited body closes
     *     it whatever this says
     * @param next the body chunk waiting after the head, if any: a whole body of at most {@value #INLINE_BODY_LIMIT}
     *     bytes leaves with the head in one piece ({@link Outcome#WRITTEN_WITH_NEXT})
     */
    public Outcome head(ResponseHead head, long wholeBatchLength, boolean keepOpen, ByteChunk next) {
        if (head.isInterim()) {
            return interim(head);
        }
        if (state != State.START) {
            return Outcome.HEAD_AFTER_COMMIT;
        }
        long length = length(head, wholeBatchLength);
        status = head.status();
        framing = decide(version, status, length, head.endless());
        declared = Math.max(0, length);
        noBody = headRequest || HttpStatus.forbidsContent(status);
        persistent = keepOpen && framing != Framing.CLOSE_DELIMITED; // RFC 9112 section 9.6
        boolean close = !persistent;
        if (next != null && inlines(next)) {
            out.write(ByteChunk.wrap(encoder.head(head, framing, declared, close, version, next.buffer())));
            sent = declared;
            state = State.COMPLETING;
            return Outcome.WRITTEN_WITH_NEXT;
        }
        out.write(ByteChunk.wrap(encoder.head(head, framing, declared, close, version)));
        state = framing == Framing.CONTENT_LENGTH && declared == 0 ? State.COMPLETING : State.COMMITTED;
        return Outcome.WRITTEN;
    }

    private boolean inlines(ByteChunk next) {
        return framing == Framing.CONTENT_LENGTH
                && !noBody
                && declared > 0
                && declared <= INLINE_BODY_LIMIT
                && next.length() == declared;
    }

    private Outcome interim(ResponseHead head) {
        if (state != State.START || version != HttpVersion.HTTP_1_1 || head.status() == 101) {
            return Outcome.IGNORED;
        }
        out.write(head.status() == 100 ? CONTINUE : ByteChunk.wrap(encoder.interim(head)));
        return Outcome.WRITTEN;
    }

    /** Takes a body chunk: framed, checked against the declared length, dropped for a response without body. */
    public Outcome body(ByteChunk chunk) {
        if (state == State.START) {
            return Outcome.BODY_BEFORE_HEAD;
        }
        int length = chunk.length();
        if (state == State.END || noBody || length == 0) {
            return Outcome.IGNORED; // an empty chunk would end a chunked body: never written
        }
        switch (framing) {
            case CONTENT_LENGTH -> {
                long room = declared - sent;
                if (length > room) {
                    // Never more than declared: a keep-alive client would read the rest as the next response.
                    if (room > 0) {
                        out.write(chunk.slice(0, (int) room));
                        sent = declared;
                    }
                    state = State.COMPLETING;
                    return Outcome.BODY_TOO_LONG;
                }
                out.write(chunk);
                sent += length;
                if (sent == declared) {
                    state = State.COMPLETING;
                }
            }
            case CHUNKED -> {
                out.write(ByteChunk.wrap(ResponseEncoder.chunkStart(length)));
                out.write(chunk);
                out.write(CRLF);
                sent += length;
            }
            case CLOSE_DELIMITED -> {
                out.write(chunk);
                sent += length;
            }
        }
        return Outcome.WRITTEN;
    }

    /** Takes the end of the response; {@code trailers} go out only with a chunked body (RFC 9112 section 7.1.2). */
    public Outcome end(HttpHeaders trailers) {
        if (state == State.START) {
            return Outcome.END_BEFORE_HEAD;
        }
        if (state == State.END) {
            return Outcome.IGNORED;
        }
        if (!noBody) {
            if (framing == Framing.CHUNKED) {
                out.write(trailers.isEmpty() ? LAST_CHUNK : ByteChunk.wrap(ResponseEncoder.lastChunk(trailers)));
            } else if (framing == Framing.CONTENT_LENGTH && sent < declared) {
                return Outcome.BODY_TOO_SHORT;
            }
        }
        state = State.END;
        return Outcome.WRITTEN;
    }

    /**
     * The producer said it is finished without sending the end (the original's way of ending a response): a
     * chunked or close-delimited body ends here; a Content-Length body must be whole already.
     */
    public Outcome producerFinished() {
        if (framing != Framing.CONTENT_LENGTH || state == State.START || state == State.END) {
            return end(HttpHeaders.EMPTY);
        }
        return producerVanished();
    }

    /**
     * The producer went away without a word: only a body that the closing connection ends, or one whose declared
     * bytes are all out, is whole.
     */
    public Outcome producerVanished() {
        switch (state) {
            case START -> {
                return Outcome.END_BEFORE_HEAD;
            }
            case END -> {
                return Outcome.IGNORED;
            }
            case COMPLETING -> {
                state = State.END;
                return Outcome.WRITTEN;
            }
            default -> {
                if (framing == Framing.CLOSE_DELIMITED) {
                    state = State.END; // closing the connection is how this body ends
                    return Outcome.WRITTEN;
                }
                return Outcome.INCOMPLETE;
            }
        }
    }

    /** Where the response is. */
    public State state() {
        return state;
    }

    /** The framing decided by the final head; {@link Framing#CONTENT_LENGTH} before it. */
    public Framing framing() {
        return framing;
    }

    /** The final head's status, or 0 before it. */
    public int status() {
        return status;
    }

    /** Whether the connection may carry another request after this response, as decided with the final head. */
    public boolean persistent() {
        return persistent;
    }

    /** The body bytes written so far (none for HEAD, 204 and 304). */
    public long bodyBytes() {
        return sent;
    }
}
