package org.kamaelia.http.compress;

import java.util.Iterator;
import java.util.Optional;
import org.kamaelia.http.component.Component;
import org.kamaelia.http.component.Inbox;
import org.kamaelia.http.component.Outbox;
import org.kamaelia.http.component.Signal;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.EndOfResponse;
import org.kamaelia.http.message.HttpHeaders;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.ResponseHead;
import org.kamaelia.http.message.ResponsePart;

/**
 * Compresses one response on its way from the handler to the connection, or passes it through untouched: the
 * decision is taken once, on the final head.
 *
 * <pre>
 *   handler.outbox --ResponsePart--> inbox    outbox --ResponsePart (coded)--> out
 *   handler.signal --> control                signal --> out, after the last body byte
 * </pre>
 *
 * <ul>
 *   <li>Interim (1xx) heads pass through; so does everything of a response that is not compressed.
 *   <li>When the whole body (up to {@code EndOfResponse}) is already waiting with the head, it is compressed in
 *       one go and sent with its new {@code Content-Length}, as one unit; otherwise the head goes out without a
 *       length (the generator then chooses chunked or close-delimited framing) and each body chunk is compressed
 *       and sync-flushed as it comes, so a live stream reaches the client part by part.
 *   <li>Backpressure: a part is taken from the inbox only while the outbox has room, and turned at once into at
 *       most one chunk out, so nothing waits here; a full outbox leaves the handler's parts in the inbox (weighed in
 *       bytes, full at {@value #HIGH_WATERMARK}), whose fill the handler sees through its own
 *       {@code outbox.hasRoom()}.
 *   <li>A signal from the handler ({@code ProducerFinished}, {@code ShutdownRequested}) is passed on after
 *       every part sent before it, with the compressed stream finished first, since it ends the response.
 *   <li>The encoder (a deflater or a zstd context) is released when the response ends and, whatever happened,
 *       when this component finishes.
 * </ul>
 * Runs on its connection's loop, like every component.
 */
final class ResponseCompressor extends Component {
    /** Body bytes that may wait here before the handler is told there is no room: {@value}. */
    static final long HIGH_WATERMARK = 64 * 1024;

    /** The fill at which a waiting handler is woken again: {@value}. */
    static final long LOW_WATERMARK = 16 * 1024;

    /** The handler's response parts. */
    final Inbox<ResponsePart> inbox = newInbox(
            "inbox",
            "the handler's response: heads, body chunks and end, as the handler sent them; weighed in body bytes",
            HIGH_WATERMARK,
            LOW_WATERMARK,
            // As the request handler weighs its handlerInbox: heads and the end weigh nothing, so an end always fits.
            part -> part instanceof ByteChunk chunk ? Math.max(1, chunk.length()) : 0);

    /** The response as the client gets it. */
    final Outbox<ResponsePart> outbox =
            newOutbox("outbox", "the response as it goes to the client: compressed when negotiated");

    /** What this compressor does with the current response. */
    enum Mode {
        /** No final head yet. */
        AWAITING_HEAD,
        /** The response goes through as the handler sent it. */
        PASSING,
        /** Body chunks are compressed as they come. */
        COMPRESSING,
        /** The compressed stream has ended; anything later is passed on for the generator to judge. */
        ENDED
    }

    private final Compression settings;
    private final Optional<ContentCoding> accepted;
    private final boolean headRequest;
    private Mode mode = Mode.AWAITING_HEAD;
    private BodyEncoder deflater;

    ResponseCompressor(Compression settings, Optional<ContentCoding> accepted, RequestHead request) {
        this.settings = settings;
        this.accepted = accepted;
        this.headRequest = request.isHead();
    }

    /** What this compressor is doing. */
    Mode mode() {
        return mode;
    }

    /** The encoder of the response, once compressing began. */
    Optional<BodyEncoder> deflater() {
        return Optional.ofNullable(deflater);
    }

    @Override
    protected void react() {
        for (ResponsePart part; (part = inbox.peek()) != null; ) {
            // Heads and ends weigh nothing downstream and always fit: waiting for room before them would split a
            // whole batch (head, body, end) that the generator would otherwise frame with a Content-Length.
            if (part instanceof ByteChunk && !outbox.hasRoom()) {
                return; // woken when the connection side drains; the handler meanwhile sees this inbox fill up
            }
            inbox.poll();
            if (mode == Mode.AWAITING_HEAD && part instanceof ResponseHead head && !head.isInterim()) {
                decide(head);
            } else if (mode == Mode.COMPRESSING && part instanceof ByteChunk chunk) {
                deflater.write(chunk, true);
                ByteChunk coded = deflater.take();
                if (!coded.isEmpty()) {
                    outbox.send(coded);
                }
            } else if (mode == Mode.COMPRESSING && part instanceof EndOfResponse end) {
                endStream();
                outbox.sendCompleting(end);
            } else {
                outbox.sendCompleting(part); // a chunk had room; a head or an end weighs nothing
            }
        }
        for (Signal s; (s = control.poll()) != null; ) {
            // The handler's signal ends its response, so the coded stream must end before it is passed on.
            endStream();
            signal.send(s);
        }
        Component parent = parent();
        if (parent != null) {
            parent.wake(); // the composite ends once its handler has ended and nothing waits here
        }
    }

    private void decide(ResponseHead head) {
        HttpHeaders fields = head.headers();
        boolean eligible = VaryOnAcceptEncoding.eligible(settings, head);
        long whole = eligible ? lengthOfWaitingBody() : -1;
        boolean bigEnough =
                VaryOnAcceptEncoding.bigEnough(settings, head.contentLength().orElse(whole));
        if (!eligible || !bigEnough) {
            mode = Mode.PASSING;
            outbox.send(head);
            return;
        }
        if (accepted.isEmpty()) {
            // The same resource compresses for clients that ask: caches must key on Accept-Encoding (RFC 9110 12.5.5).
            mode = Mode.PASSING;
            outbox.send(rebuild(
                    head,
                    VaryOnAcceptEncoding.withVary(fields.toBuilder()).build(),
                    head.contentLength().orElse(-1)));
            return;
        }
        ContentCoding coding = accepted.get();
        deflater = BodyEncoder.open(coding, settings, whole);
        HttpHeaders.Builder coded = VaryOnAcceptEncoding.withVary(fields.toBuilder());
        coded.add("Content-Encoding", coding.token());
        // Byte ranges of the plain body do not apply to the coded one; the coded one is a different representation.
        coded.remove("Accept-Ranges");
        fields.first("ETag").ifPresent(tag -> {
            if (!tag.startsWith("W/")) {
                coded.set("ETag", "W/" + tag); // RFC 9110 8.8.3: the coded bytes are not the tagged ones
            }
        });
        HttpHeaders codedFields = coded.build();
        if (whole >= 0) {
            compressWhole(head, codedFields);
        } else {
            mode = Mode.COMPRESSING;
            outbox.send(rebuild(head, codedFields, -1));
        }
    }

    /** The body is all here: one compressed chunk whose length is known, sent with the head as one unit. */
    private void compressWhole(ResponseHead head, HttpHeaders codedFields) {
        EndOfResponse end = null;
        while (end == null) {
            ResponsePart part = inbox.poll();
            if (part instanceof ByteChunk chunk) {
                deflater.write(chunk, false);
            } else {
                end = (EndOfResponse) part; // lengthOfWaitingBody saw the end behind the chunks
            }
        }
        mode = Mode.ENDED;
        deflater.finish();
        ByteChunk body = deflater.take();
        outbox.send(rebuild(head, codedFields, body.length()));
        outbox.sendCompleting(body);
        outbox.sendCompleting(end);
    }

    private void endStream() {
        if (mode == Mode.COMPRESSING) {
            mode = Mode.ENDED;
            deflater.finish();
            ByteChunk tail = deflater.take();
            if (!tail.isEmpty()) {
                outbox.sendCompleting(tail); // completes the body whose first chunk had room
            }
        }
    }

    /** The body's length when every part of it, through its end, waits in the inbox now; -1 otherwise. */
    private long lengthOfWaitingBody() {
        if (headRequest) {
            return -1;
        }
        long total = 0;
        for (Iterator<ResponsePart> it = inbox.waiting(); it.hasNext(); ) {
            ResponsePart part = it.next();
            if (part instanceof ByteChunk chunk) {
                total += chunk.length();
            } else {
                return part instanceof EndOfResponse ? total : -1;
            }
        }
        return -1;
    }

    private static ResponseHead rebuild(ResponseHead head, HttpHeaders fields, long length) {
        ResponseHead.Builder built = ResponseHead.status(head.status()).headers(fields);
        if (length >= 0) {
            built.contentLength(length);
        }
        if (head.endless()) {
            built.endless();
        }
        return built.build();
    }

    @Override
    protected void onFinish() {
        if (deflater != null) {
            deflater.end(); // a cut or abandoned exchange: the native memory goes now, not at some later GC
        }
    }
}
