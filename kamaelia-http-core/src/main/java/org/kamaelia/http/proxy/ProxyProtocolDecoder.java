package org.kamaelia.http.proxy;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.kamaelia.http.component.Cancellable;
import org.kamaelia.http.component.Component;
import org.kamaelia.http.component.Inbox;
import org.kamaelia.http.component.Outbox;
import org.kamaelia.http.component.ProducerFinished;
import org.kamaelia.http.component.ShutdownRequested;
import org.kamaelia.http.component.Signal;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.ConnectionFact;

/**
 * The PROXY protocol (HAProxy's, versions 1 and 2) as a component: it reads the header a proxy sends at the start
 * of each connection, tells the protocol the addresses it names as a {@link
 * org.kamaelia.http.message.ProxiedAddresses} fact, and from then on passes the connection's bytes up unchanged.
 * A connection whose header is missing, malformed, too long, cut short or late is closed before any of its bytes
 * go up.
 *
 * <p>It sits directly on the connection, below TLS when there is TLS (the proxy writes the header before the
 * client's first TLS record) and below the parser otherwise. Spliced as a layer, bytes and signals towards the peer pass down through it unchanged
 * ({@code downInbox}/{@code downControl} to {@code downOutbox}/{@code downSignal}); wired by hand, they may go to the
 * connection directly:
 * <pre>
 *   connection.outbox --bytes--> decoder.inbox       decoder.outbox --bytes after the header--> above.inbox
 *   decoder.facts --ProxiedAddresses--> parser.facts
 *   connection.signal --end of input / drain / gone--> decoder.control
 *   decoder.signal --the same, in order with the bytes--> above.control
 *   decoder.downSignal --abort on a bad or late header--> connection.control
 * </pre>
 *
 * <h2>Boxes</h2>
 * <ul>
 *   <li>{@code inbox}: the connection's bytes; its first ones are the header. It holds 16 chunks; once it is full
 *       the connection stops reading.
 *   <li>{@code outbox}: the bytes after the header, in order: the rest of the chunk the header ended in (a slice,
 *       not a copy), then every later chunk as it came, each sent only while the box above has room.
 *   <li>{@code facts}: one {@link org.kamaelia.http.message.ProxiedAddresses}, sent before the first byte goes up,
 *       when the header names addresses; none for a version 2 {@code LOCAL} header, a version 1 {@code UNKNOWN} line
 *       or a family this decoder does not read (the connection's own addresses stand).
 *   <li>{@code control}: {@link ProducerFinished} = the peer's input ended (passed up after the bytes before it;
 *       if a header was begun and is not complete, the connection is rejected as {@link
 *       ProxyProtocolRejection#TRUNCATED}); marked {@code draining}, a graceful stop (passed up at once);
 *       {@link ShutdownRequested} = the connection is gone (passed up, then this decoder ends).
 *   <li>{@code signal}: what {@code control} brought, for the component above; a {@link ShutdownRequested} when the
 *       header was rejected.
 *   <li>{@code downSignal}: signals from above passed down, and one {@link ShutdownRequested} when the header was rejected ({@code TIMEOUT} for
 *       a late header, {@code PEER_GONE} otherwise), to close the connection at once.
 * </ul>
 *
 * <h2>Deadline</h2>
 * The header must be complete within the deadline given to the constructor ({@link #DEFAULT_DEADLINE} by default)
 * of the decoder's start: a connection that sends nothing, or a header byte by byte, is closed as {@link
 * ProxyProtocolRejection#TIMEOUT}. A connection that closes having sent nothing at all (a load balancer's TCP
 * check) is not a rejection: its end of input goes up like any other.
 *
 * <h2>Trust</h2>
 * The specification forbids guessing whether a header is present: with this decoder in the graph, every
 * connection must start with one, so only proxies should be able to reach the port (a firewall's job: the header
 * names any address its sender likes).
 *
 * <h2>Threading</h2>
 * Runs on its connection's event loop like every component; the listener is called there.
 */
public final class ProxyProtocolDecoder extends Component {
    /** How long a connection has to send its complete header, by default. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(5);

    private static final System.Logger LOG = System.getLogger(ProxyProtocolDecoder.class.getName());

    /** The connection's bytes, the header first. */
    public final Inbox<ByteChunk> inbox = newInbox("inbox", "bytes from the connection, the PROXY header first", 16);

    /** The bytes after the header, for the component above. */
    public final Outbox<ByteChunk> outbox = newOutbox("outbox", "bytes after the PROXY header, for TLS or the parser");

    /** The addresses the header named, for the parser. */
    public final Outbox<ConnectionFact> facts =
            newOutbox("facts", "the addresses the PROXY header named, for the parser, before any byte goes up");

    /** The abort for the connection when the header is refused. */
    /**
     * Bytes for the peer from the layer above, passed down unchanged to {@link #downOutbox}: they let the decoder be
     * spliced into a connection's graph as a layer.
     */
    public final Inbox<ByteChunk> downInbox = newInbox("downInbox", "bytes for the peer from above, passed down", 16);

    /** Bytes for the peer, towards the connection. */
    public final Outbox<ByteChunk> downOutbox = newOutbox("downOutbox", "bytes for the peer, for the connection");

    /** Signals from the layer above (finished, abort), passed down to {@link #downSignal}. */
    public final Inbox<Signal> downControl = newInbox("downControl", "signals from above, passed down", 64);

    /** Signals for the connection: what came from above, and an abort when the header was refused. */
    public final Outbox<Signal> downSignal = newOutbox("downSignal", "signals for the connection");

    private final ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
    private final Duration deadline;
    private final ProxyProtocolListener listener;
    private Cancellable deadlineTimer;
    private ByteChunk leftover; // the bytes after the header in its last chunk, waiting for room above
    private ProducerFinished inputEnd; // the end of input, held until the bytes before it went up
    private boolean endPassed;
    private boolean rejected;

    /** A decoder with the {@link #DEFAULT_DEADLINE} that reports to nobody. */
    public ProxyProtocolDecoder() {
        this(DEFAULT_DEADLINE, ProxyProtocolListener.IGNORE);
    }

    /**
     * A decoder that closes connections whose header is not complete within {@code deadline} of its start, and tells
     * {@code listener} how each header went.
     */
    public ProxyProtocolDecoder(Duration deadline, ProxyProtocolListener listener) {
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("the deadline must be positive: " + deadline);
        }
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** The header, once it was read. */
    public Optional<ProxyHeader> header() {
        return decoder.state() == ProxyHeaderDecoder.State.ACCEPTED ? Optional.of(decoder.header()) : Optional.empty();
    }

    @Override
    protected void onStart() {
        deadlineTimer = runAfter(deadline, this::deadlinePassed);
    }

    @Override
    protected void react() {
        passDown();
        if (rejected) {
            return;
        }
        for (Signal received; (received = control.poll()) != null; ) {
            if (received instanceof ShutdownRequested shutdown) {
                signal.send(shutdown);
                finish();
                return;
            }
            if (received instanceof ProducerFinished finished) {
                if (finished.draining()) {
                    signal.send(finished); // the peer is still there: the work in hand may still need its bytes
                } else {
                    inputEnd = finished;
                }
            }
        }
        if (decoder.state() == ProxyHeaderDecoder.State.READING && !readHeader()) {
            return;
        }
        if (decoder.state() == ProxyHeaderDecoder.State.ACCEPTED) {
            passBytesUp();
        } else if (inputEnd != null && inbox.isEmpty()) {
            passEndUp(); // nothing at all arrived before the end: no header, and no harm
        }
    }

    /** Feeds the header decoder from the inbox; whether the connection goes on. */
    private boolean readHeader() {
        for (ByteChunk chunk; decoder.state() == ProxyHeaderDecoder.State.READING && (chunk = inbox.peek()) != null; ) {
            int taken = decoder.feed(chunk);
            inbox.poll();
            if (decoder.state() == ProxyHeaderDecoder.State.ACCEPTED && taken < chunk.length()) {
                leftover = chunk.slice(taken, chunk.length());
            }
        }
        if (decoder.state() == ProxyHeaderDecoder.State.READING && inputEnd != null) {
            decoder.endOfInput();
        }
        switch (decoder.state()) {
            case REJECTED:
                reject(decoder.rejection());
                return false;
            case ACCEPTED:
                accepted(decoder.header());
                return true;
            case READING:
            default:
                return true;
        }
    }

    private void accepted(ProxyHeader header) {
        cancelDeadline();
        LOG.log(Level.DEBUG, () -> name() + ": PROXY v" + header.version() + " header: " + header);
        header.addresses().ifPresent(facts::send); // before any byte, so every request carries it
        listener.accepted(header);
    }

    // Towards the peer nothing is decoded: responses and their signals go straight down, in order.
    private void passDown() {
        while (!downInbox.isEmpty() && downOutbox.hasRoom()) {
            downOutbox.send(downInbox.poll());
        }
        if (downInbox.isEmpty()) {
            for (Signal down; (down = downControl.poll()) != null; ) {
                downSignal.send(down);
            }
        }
    }

    private void passBytesUp() {
        if (leftover != null) {
            if (!outbox.hasRoom()) {
                return;
            }
            outbox.send(leftover);
            leftover = null;
        }
        while (!inbox.isEmpty() && outbox.hasRoom()) {
            outbox.send(inbox.poll());
        }
        if (inputEnd != null && inbox.isEmpty()) {
            passEndUp();
        }
    }

    private void passEndUp() {
        if (!endPassed) {
            endPassed = true;
            cancelDeadline(); // the peer is done: a header can no longer be late
            signal.send(inputEnd);
        }
    }

    private void deadlinePassed() {
        deadlineTimer = null;
        if (decoder.state() == ProxyHeaderDecoder.State.READING && !rejected) {
            reject(ProxyProtocolRejection.TIMEOUT);
        }
    }

    private void reject(ProxyProtocolRejection reason) {
        rejected = true;
        cancelDeadline();
        int received = decoder.received();
        LOG.log(
                Level.DEBUG,
                () -> name() + ": PROXY header refused (" + reason.tag() + ") after " + received + " bytes; closing");
        inbox.clear();
        leftover = null;
        ShutdownRequested abort = new ShutdownRequested(
                reason == ProxyProtocolRejection.TIMEOUT
                        ? ShutdownRequested.Reason.TIMEOUT
                        : ShutdownRequested.Reason.PEER_GONE);
        downSignal.send(abort);
        signal.send(abort);
        listener.rejected(reason);
        finish();
    }

    private void cancelDeadline() {
        if (deadlineTimer != null) {
            deadlineTimer.cancel();
            deadlineTimer = null;
        }
    }

    @Override
    protected void onFinish() {
        cancelDeadline();
    }
}
