package org.kamaelia.http.tls;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import org.kamaelia.http.component.Cancellable;
import org.kamaelia.http.component.Component;
import org.kamaelia.http.component.Inbox;
import org.kamaelia.http.component.Outbox;
import org.kamaelia.http.component.ProducerFinished;
import org.kamaelia.http.component.ShutdownRequested;
import org.kamaelia.http.component.Signal;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.ConnectionFact;
import org.kamaelia.http.message.TlsSessionInfo;

/**
 * TLS for one connection as a component: TLS records from the peer come in on {@link #inbox} and leave as plain
 * bytes on {@link #plainOutbox}; the protocol's plain bytes come in on {@link #plainInbox} and leave as records on
 * {@link #outbox}. The JDK's {@link SSLEngine} does the cryptography; this component moves bytes at the pace both
 * sides allow and turns the TLS lifecycle into the signals the connection and the protocol already exchange.
 *
 * <p>To the connection it looks like a protocol, to the protocol like a connection:
 * <pre>
 *   connection.outbox --records-->   tls.inbox         tls.plainOutbox --bytes-->   protocol.inbox
 *   tls.outbox        --records-->   connection.inbox  protocol.outbox --bytes-->   tls.plainInbox
 *   connection.signal --end of input / drain--> tls.control
 *   tls.signal        --finished / abort-->     connection.control
 *   tls.plainSignal   --end of input / drain / abort--> protocol.control
 *   protocol.signal   --finished / abort-->     tls.plainControl
 *   tls.facts         --TlsSessionInfo, once--> the protocol's facts inbox (HTTP: parser.facts)
 * </pre>
 *
 * <h2>Boxes</h2>
 * <ul>
 *   <li>{@code inbox}: records from the peer, weighed in bytes (high mark {@value #CIPHER_HIGH_WATERMARK}); it fills
 *       when the protocol is slow, and then the connection stops reading the socket.
 *   <li>{@code outbox}: records for the peer: handshake messages, application data, alerts, close_notify. Nothing
 *       is wrapped while its destination is full.
 *   <li>{@code control}: {@link ProducerFinished} = the peer's TCP input ended (passed on to the protocol as end of
 *       input once every complete record is unwrapped), or, marked {@code draining}, a graceful stop (passed on at
 *       once); {@link ShutdownRequested} = the connection is gone (passed on, then this engine ends).
 *   <li>{@code signal}: {@link ProducerFinished} = flush and close (after our close_notify, the 400 for plain HTTP or a
 *       handshake alert); {@link ShutdownRequested} = abort (handshake timeout, or the protocol's own abort).
 *   <li>{@code plainInbox}: the protocol's bytes, weighed in bytes (high mark {@value #PLAIN_HIGH_WATERMARK}),
 *       wrapped only after the handshake and only while {@code outbox} has room.
 *   <li>{@code plainOutbox}: decrypted bytes, one chunk per record; nothing is unwrapped while its destination is
 *       full, so plain bytes wait at most one record beyond the protocol's high mark.
 *   <li>{@code plainControl}: the protocol's {@link ProducerFinished} = send close_notify after everything queued,
 *       then finish; {@link ShutdownRequested} = abort without close_notify (a cut response must look cut).
 *   <li>{@code facts}: the {@link TlsSessionInfo} once the handshake completed, sent before the first plain byte.
 *   <li>{@code plainSignal}: {@link ProducerFinished} = end of input (the peer's close_notify, or its TCP end);
 *       {@link ShutdownRequested} = the connection is going (a failed or timed-out handshake, an abort).
 * </ul>
 *
 * <h2>What is held</h2>
 * At most one record's worth of cipher bytes taken from the inbox (a record split across reads waits there for the
 * rest), and nothing else between calls: the output of each {@code wrap} and {@code unwrap} is copied into a chunk
 * and sent at once, from buffers shared by the loop's engines and sized from the session's packet and application
 * sizes.
 *
 * <h2>Bad input</h2>
 * A first byte that is an upper-case letter is a plain HTTP request: the engine answers {@code 400} in clear text
 * and closes ({@link TlsOutcome#PLAIN_HTTP}). Any other first byte that cannot start a handshake record closes at
 * once ({@link TlsOutcome#NOT_TLS}). A handshake that fails sends the engine's alert and closes
 * ({@link TlsOutcome#HANDSHAKE_FAILED}); one that takes longer than {@link TlsSettings#handshakeTimeout()} is aborted
 * ({@link TlsOutcome#HANDSHAKE_TIMEOUT}). None is logged above {@code DEBUG}: the client caused it, and a
 * scanner would fill the log.
 *
 * <h2>Threading</h2>
 * Runs on one event loop like every component. The engine's delegated tasks run on {@link
 * TlsSettings#delegatedTasks()}: by default right here, within the step that needs them; on another executor their
 * completion comes back to the loop through {@link #runOnLoop}, and the engine is not touched in between.
 * {@link #session()} and {@link #outcome()} are for the loop's thread (or after the
 * engine ended).
 */
public final class TlsEngine extends Component {
    /** High mark of {@link #inbox}, in bytes: two full records. */
    public static final int CIPHER_HIGH_WATERMARK = 32 * 1024;

    /** Low mark of {@link #inbox}, in bytes. */
    public static final int CIPHER_LOW_WATERMARK = 8 * 1024;

    /** High mark of {@link #plainInbox}, in bytes: the same as a connection's write queue. */
    public static final int PLAIN_HIGH_WATERMARK = 64 * 1024;

    /** Low mark of {@link #plainInbox}, in bytes. */
    public static final int PLAIN_LOW_WATERMARK = 16 * 1024;

    private static final System.Logger LOG = System.getLogger(TlsEngine.class.getName());
    // How many queued plain chunks one wrap may gather into its record: a head and a short body become one record.
    private static final int MAX_GATHER = 16;
    private static final ByteBuffer[] NOTHING = {ByteBuffer.allocate(0).asReadOnlyBuffer()};

    /** TLS records from the peer, as read from the socket. */
    public final Inbox<ByteChunk> inbox = newInbox(
            "inbox", "TLS records from the peer", CIPHER_HIGH_WATERMARK, CIPHER_LOW_WATERMARK, ByteChunk.LENGTH);

    /** TLS records for the peer. */
    public final Outbox<ByteChunk> outbox = newOutbox("outbox", "TLS records for the peer");

    /** Plain bytes from the protocol, to encrypt. */
    public final Inbox<ByteChunk> plainInbox = newInbox(
            "plainInbox",
            "plain bytes from the protocol, to encrypt",
            PLAIN_HIGH_WATERMARK,
            PLAIN_LOW_WATERMARK,
            ByteChunk.LENGTH);

    /** Plain bytes for the protocol, decrypted. */
    public final Outbox<ByteChunk> plainOutbox = newOutbox("plainOutbox", "decrypted bytes for the protocol");

    /** The protocol's lifecycle signals: finished (close_notify, then close) or abort. */
    public final Inbox<Signal> plainControl =
            newInbox("plainControl", "the protocol's signals: finished (close_notify, then close) or abort", 64);

    /**
     * What the handshake agreed ({@link TlsSessionInfo}, a {@link ConnectionFact}), sent once when it completes and
     * before the first plain byte, for the protocol to stamp on what it reads (HTTP's {@code parser.facts}).
     */
    public final Outbox<ConnectionFact> facts =
            newOutbox("facts", "the TLS session, once the handshake completed, before the first plain byte");

    /** Lifecycle signals for the protocol: end of input, drain, abort. */
    public final Outbox<Signal> plainSignal =
            newOutbox("plainSignal", "signals for the protocol: end of input (close_notify or TCP end), drain, abort");

    private final TlsSettings settings;
    private final TlsListener listener;
    private final SSLEngine engine;
    private final CipherInput cipher;
    private final ByteBuffer[] gather = new ByteBuffer[MAX_GATHER];
    private int plainOffset; // bytes of plainInbox's oldest chunk already wrapped
    private boolean firstByteJudged;
    private boolean handshakeDone;
    private boolean tasksRunning;
    private boolean cipherEnded; // the peer's TCP input ended
    private boolean closeNotifyReceived;
    private boolean endOfInputSent;
    private boolean protocolFinished;
    private boolean outboundClosed;
    private boolean lastUnwrapUnderflowed;
    // The handshake status the engine's last result reported, or null when the engine must be asked: each query
    // takes the engine's lock, and in the steady state every result says NOT_HANDSHAKING anyway.
    private HandshakeStatus status;
    private boolean closedReported; // some result said CLOSED: from then on the engine is asked whether it is done
    // The session's buffer sizes, read again only when a call overflows: each getSession() takes the engine's lock.
    private int packetSize;
    private int applicationSize;
    private long startedAt;
    private Cancellable handshakeTimer;
    private TlsSessionInfo session;
    private TlsOutcome outcome;

    /** Creates an engine that reports to nobody. */
    public TlsEngine(TlsSettings settings) {
        this(settings, TlsListener.IGNORE);
    }

    /** Creates an engine that tells {@code listener} about its handshake and its end. */
    public TlsEngine(TlsSettings settings, TlsListener listener) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.engine = settings.newEngine();
        readSessionSizes();
        this.cipher = new CipherInput(inbox, packetSize);
    }

    /** What the handshake agreed, once it completed. */
    public Optional<TlsSessionInfo> session() {
        return Optional.ofNullable(session);
    }

    /** How the engine ended, once it ended. */
    public Optional<TlsOutcome> outcome() {
        return Optional.ofNullable(outcome);
    }

    /** The session's packet size: the bound on {@link #heldCipherBytes()}; for tests. */
    int sessionPacketSize() {
        return engine.getSession().getPacketBufferSize();
    }

    private void readSessionSizes() {
        SSLSession current = engine.getSession();
        packetSize = current.getPacketBufferSize();
        applicationSize = current.getApplicationBufferSize();
    }

    /** Cipher bytes held beyond the inbox (a partial record), for tests of the bound. */
    int heldCipherBytes() {
        return cipher.held();
    }

    @Override
    protected void onStart() {
        startedAt = nanoTime();
        handshakeTimer = runAfter(settings.handshakeTimeout(), this::handshakeTimedOut);
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            failed(e);
        }
    }

    @Override
    protected void react() {
        if (outcome != null) {
            return;
        }
        for (Signal received; (received = control.poll()) != null; ) {
            if (received instanceof ShutdownRequested shutdown) {
                plainSignal.send(shutdown);
                end(TlsOutcome.ABORTED);
                return;
            }
            if (received instanceof ProducerFinished finished) {
                if (finished.draining()) {
                    plainSignal.send(finished); // a graceful stop: the peer is still there
                } else {
                    cipherEnded = true;
                }
            }
        }
        for (Signal received; (received = plainControl.poll()) != null; ) {
            if (received instanceof ShutdownRequested shutdown) {
                signal.send(shutdown);
                end(TlsOutcome.ABORTED);
                return;
            }
            if (received instanceof ProducerFinished) {
                protocolFinished = true;
            }
        }
        pump();
    }

    // ----- moving bytes -----------------------------------------------------------------------------------

    /** Does every step that can be done now; stops when a box is full, input is missing or tasks are running. */
    private void pump() {
        try {
            while (outcome == null && !tasksRunning && step()) {
                if (mayBeDone() && engine.isOutboundDone()) {
                    break;
                }
            }
        } catch (SSLException e) {
            failed(e);
            return;
        }
        if (outcome == null && !tasksRunning) {
            settle();
        }
    }

    /** One step of the engine's state machine; whether it moved anything. */
    private boolean step() throws SSLException {
        if (protocolFinished && !outboundClosed && plainInbox.isEmpty()) {
            outboundClosed = true;
            engine.closeOutbound(); // the next wrap makes close_notify
            status = null;
            return true;
        }
        switch (handshakeStatus()) {
            case NEED_TASK:
                if (settings.delegatedTasks() == TlsSettings.ON_THE_LOOP) {
                    runDelegatedTasksHere();
                    return true;
                }
                startDelegatedTasks();
                return false;
            case NEED_WRAP:
                return wrap(NOTHING, 1);
            case NEED_UNWRAP:
            case NEED_UNWRAP_AGAIN:
                return unwrap();
            case FINISHED:
            case NOT_HANDSHAKING:
            default:
                boolean wrote = wrapPlain();
                boolean read = unwrap();
                return wrote || read;
        }
    }

    /** Unwraps one record if the protocol has room for what it may hold. */
    private boolean unwrap() throws SSLException {
        if ((mayBeDone() && engine.isInboundDone()) || !judgeFirstByte()) {
            return false;
        }
        // Backpressure: a record may hold 16 KiB of plain bytes, and there is nowhere to keep them but the
        // protocol's inbox, so nothing is unwrapped until it has room.
        if (!plainOutbox.hasRoom()) {
            return false;
        }
        if (cipher.fill()) {
            lastUnwrapUnderflowed = false;
        }
        if (cipher.held() == 0) {
            return false;
        }
        HandshakeStatus before = handshakeStatus();
        ByteBuffer plain = ScratchBuffers.forThisThread().plain(applicationSize);
        SSLEngineResult result;
        try {
            result = engine.unwrap(cipher.forUnwrap(), plain);
        } finally {
            cipher.unwrapped();
        }
        // The handshake's end first: the session goes out on facts before any plain byte it concerns.
        noteResult(result);
        if (plain.position() > 0) {
            plain.flip();
            plainOutbox.send(ByteChunk.copyOf(plain));
        }
        Status outcomeOfCall = result.getStatus();
        if (outcomeOfCall == Status.BUFFER_UNDERFLOW) {
            // An incomplete record: wait for more bytes, unless the buffer is full and the session allows more.
            lastUnwrapUnderflowed = true;
            if (!cipher.isFull()) {
                return false;
            }
            readSessionSizes(); // only a full buffer needs to know whether the session allows bigger records
            return cipher.growTo(packetSize);
        }
        lastUnwrapUnderflowed = false;
        if (outcomeOfCall == Status.BUFFER_OVERFLOW) {
            readSessionSizes();
            return true; // the scratch buffer is sized from the session on the next call
        }
        if (outcomeOfCall == Status.CLOSED) {
            peerClosed();
        }
        return result.bytesConsumed() > 0 || result.bytesProduced() > 0 || result.getHandshakeStatus() != before;
    }

    /** Wraps queued plain bytes into one record, once the handshake is done and the connection has room. */
    private boolean wrapPlain() throws SSLException {
        if (!handshakeDone || outboundClosed || plainInbox.isEmpty()) {
            return false;
        }
        int count = 0;
        for (Iterator<ByteChunk> queued = plainInbox.waiting(); count < MAX_GATHER && queued.hasNext(); ) {
            ByteBuffer buffer = queued.next().buffer();
            if (count == 0) {
                buffer.position(buffer.position() + plainOffset);
            }
            gather[count++] = buffer;
        }
        try {
            long consumed = wrapCounting(gather, count);
            if (consumed < 0) {
                return false;
            }
            consumePlain(consumed);
            return true;
        } finally {
            Arrays.fill(gather, 0, count, null);
        }
    }

    private void consumePlain(long consumed) {
        long left = consumed;
        for (ByteChunk oldest; (oldest = plainInbox.peek()) != null; ) {
            int unwrapped = oldest.length() - plainOffset;
            if (left < unwrapped) {
                plainOffset += (int) left;
                return;
            }
            left -= unwrapped;
            plainOffset = 0;
            plainInbox.poll();
        }
    }

    /** Wraps handshake messages, alerts or close_notify; whether it moved anything. */
    private boolean wrap(ByteBuffer[] sources, int count) throws SSLException {
        return wrapCounting(sources, count) >= 0;
    }

    /**
     * One wrap into the outbox; the plain bytes it consumed, or -1 if it could not run (no room) or made and took
     * nothing.
     */
    private long wrapCounting(ByteBuffer[] sources, int count) throws SSLException {
        if (!outbox.hasRoom()) {
            return -1;
        }
        HandshakeStatus before = handshakeStatus();
        ByteBuffer records = ScratchBuffers.forThisThread().cipher(packetSize);
        SSLEngineResult result = engine.wrap(sources, 0, count, records);
        if (records.position() > 0) {
            records.flip();
            outbox.send(ByteChunk.copyOf(records));
        }
        noteResult(result);
        if (result.getStatus() == Status.BUFFER_OVERFLOW) {
            readSessionSizes();
            return 0; // the scratch buffer is sized from the session on the next call
        }
        boolean moved =
                result.bytesConsumed() > 0 || result.bytesProduced() > 0 || result.getHandshakeStatus() != before;
        return moved ? result.bytesConsumed() : -1;
    }

    /**
     * Before the first unwrap, judges the first byte: a handshake record goes to the engine; plain HTTP gets its
     * 400; anything else is closed. Whether unwrapping may go on.
     */
    private boolean judgeFirstByte() {
        if (firstByteJudged) {
            return true;
        }
        int first = cipher.firstByte();
        if (first < 0) {
            return false;
        }
        firstByteJudged = true;
        RecordStart start = RecordStart.of((byte) first);
        if (start == RecordStart.TLS_HANDSHAKE) {
            return true;
        }
        LOG.log(Level.DEBUG, () -> name() + ": the first byte " + first + " cannot start TLS; " + start);
        cipher.clear();
        if (start == RecordStart.PLAIN_HTTP) {
            // The answer passes the connection's high mark by one small chunk at most; nothing else is queued yet.
            outbox.sendCompleting(PlainHttpAnswer.response(Instant.now()));
            refuse(TlsOutcome.PLAIN_HTTP);
        } else {
            refuse(TlsOutcome.NOT_TLS);
        }
        return false;
    }

    // ----- the handshake --------------------------------------------------------------------------------

    /** The engine's handshake status, asked of the engine only when no recent result told it. */
    private HandshakeStatus handshakeStatus() {
        HandshakeStatus known = status;
        if (known == null) {
            known = engine.getHandshakeStatus();
            status = known;
        }
        return known;
    }

    /**
     * Whether the engine may have closed a direction: only then is it asked ({@code isInboundDone}, {@code
     * isOutboundDone} take its lock). Before the handshake ends, after our close_notify was asked for, and once a
     * result said CLOSED.
     */
    private boolean mayBeDone() {
        return !handshakeDone || outboundClosed || closedReported;
    }

    /** Keeps what a result says about the engine's state, then notes the handshake's end. */
    private void noteResult(SSLEngineResult result) {
        HandshakeStatus reported = result.getHandshakeStatus();
        // FINISHED is not a state the engine stays in, and tasks change what it needs: ask it next time.
        status = reported == HandshakeStatus.FINISHED || reported == HandshakeStatus.NEED_TASK ? null : reported;
        if (result.getStatus() == Status.CLOSED) {
            closedReported = true;
        }
        noteHandshake(result);
    }

    private void noteHandshake(SSLEngineResult result) {
        if (!handshakeDone && result.getHandshakeStatus() == HandshakeStatus.FINISHED) {
            handshakeDone = true;
            if (handshakeTimer != null) {
                handshakeTimer.cancel();
                handshakeTimer = null;
            }
            session = TlsSessions.describe(engine.getSession());
            readSessionSizes();
            Duration took = Duration.ofNanos(nanoTime() - startedAt);
            LOG.log(Level.DEBUG, () -> name() + ": handshake done in " + took + ": " + session);
            listener.handshakeCompleted(session, took);
            facts.sendCompleting(session); // one small value; unlinked (an engine alone): dropped, counted
        }
    }

    /** The tasks on this loop, now: no hand-off, no list, no second wake-up. */
    private void runDelegatedTasksHere() {
        for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
            task.run(); // the JDK's tasks keep what they throw for the engine's next call, which reports it
        }
        status = null;
    }

    private void startDelegatedTasks() {
        List<Runnable> tasks = new ArrayList<>(2);
        for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
            tasks.add(task);
        }
        tasksRunning = true;
        try {
            settings.delegatedTasks().execute(() -> {
                try {
                    for (Runnable task : tasks) {
                        task.run();
                    }
                } finally {
                    // Back on the loop whatever happened: a task's failure shows in the engine's next call.
                    runOnLoop(this::tasksDone);
                }
            });
        } catch (RejectedExecutionException e) {
            tasksRunning = false;
            LOG.log(Level.DEBUG, () -> name() + ": delegated tasks refused", e);
            abort(TlsOutcome.HANDSHAKE_FAILED, ShutdownRequested.Reason.FAILURE);
        }
    }

    private void tasksDone() {
        tasksRunning = false;
        status = null;
        if (outcome == null) {
            react(); // signals may have arrived while the tasks ran, and react() was skipped for none of them
        }
    }

    private void handshakeTimedOut() {
        handshakeTimer = null;
        if (handshakeDone || outcome != null) {
            return;
        }
        LOG.log(Level.DEBUG, () -> name() + ": no handshake within " + settings.handshakeTimeout());
        abort(TlsOutcome.HANDSHAKE_TIMEOUT, ShutdownRequested.Reason.TIMEOUT);
    }

    // ----- ends -------------------------------------------------------------------------------------------

    /** After a pump: passes on the end of input, or ends once our close_notify is out. */
    private void settle() {
        if (mayBeDone() && engine.isOutboundDone()) {
            // Our close_notify (or, in TLS 1.2, the reply the engine makes to the peer's) is out: flush and close.
            closeAfterFlush(cipherEnded && !closeNotifyReceived ? TlsOutcome.TRUNCATED : TlsOutcome.CLOSED);
            return;
        }
        boolean nothingToUnwrap = cipher.isEmpty() || (inbox.isEmpty() && lastUnwrapUnderflowed);
        if (cipherEnded && !endOfInputSent && nothingToUnwrap) {
            if (!handshakeDone) {
                LOG.log(Level.DEBUG, () -> name() + ": the peer closed during the handshake");
                refuse(TlsOutcome.PEER_CLOSED_DURING_HANDSHAKE);
                return;
            }
            // No close_notify (RFC 8446 section 6.1 would have one): the protocol sees the end of input and judges
            // for itself whether what it read is whole, as it does for plain TCP.
            endOfInputSent = true;
            plainSignal.send(ProducerFinished.INSTANCE);
        }
    }

    private void peerClosed() {
        if (!handshakeDone) {
            return; // the engine reports close_notify during a handshake as a failure on its next call
        }
        closeNotifyReceived = true;
        if (!endOfInputSent) {
            endOfInputSent = true;
            plainSignal.send(ProducerFinished.INSTANCE);
        }
    }

    private void failed(SSLException e) {
        TlsOutcome kind = handshakeDone ? TlsOutcome.FAILED : TlsOutcome.HANDSHAKE_FAILED;
        LOG.log(Level.DEBUG, () -> name() + ": " + kind.tag() + ": " + e.getMessage());
        sendAlert();
        refuse(kind);
    }

    /** After a failure the engine holds the alert that says why; it goes out ahead of the close, if it can. */
    private void sendAlert() {
        engine.closeOutbound();
        try {
            for (int i = 0; i < 4 && !engine.isOutboundDone(); i++) {
                ByteBuffer records = ScratchBuffers.forThisThread()
                        .cipher(engine.getSession().getPacketBufferSize());
                engine.wrap(NOTHING, records);
                if (records.position() == 0) {
                    break;
                }
                records.flip();
                outbox.sendCompleting(ByteChunk.copyOf(records)); // a few bytes past the mark at most
            }
        } catch (SSLException ignored) {
            // The engine cannot even say why: the close alone will have to do.
        }
    }

    /** Ends a connection that never became (or stopped being) usable: flush what is queued, tell the protocol. */
    private void refuse(TlsOutcome kind) {
        signal.send(ProducerFinished.INSTANCE);
        plainSignal.send(new ShutdownRequested(ShutdownRequested.Reason.PEER_GONE));
        end(kind);
    }

    /** Ends a clean close: the records queued (our close_notify last) go out, then the connection closes. */
    private void closeAfterFlush(TlsOutcome kind) {
        signal.send(ProducerFinished.INSTANCE);
        end(kind);
    }

    private void abort(TlsOutcome kind, ShutdownRequested.Reason reason) {
        ShutdownRequested shutdown = new ShutdownRequested(reason);
        signal.send(shutdown);
        plainSignal.send(shutdown);
        end(kind);
    }

    private void end(TlsOutcome kind) {
        if (outcome != null) {
            return;
        }
        outcome = kind;
        if (handshakeTimer != null) {
            handshakeTimer.cancel();
            handshakeTimer = null;
        }
        cipher.clear();
        listener.ended(kind);
        finish();
    }

    @Override
    protected void onFinish() {
        end(TlsOutcome.ABORTED); // stopped from outside; no effect when the engine ended by itself
    }
}
